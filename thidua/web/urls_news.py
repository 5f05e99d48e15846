"""Pages of the news (issue #5): public list and article, and the officers' editing pages."""

urlpatterns: list = []
