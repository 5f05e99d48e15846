"""The JSON API under /api/v1/ (filled in by issue #6)."""

urlpatterns: list = []
