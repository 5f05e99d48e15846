"""Pages of the news (issue #5): public list and article, and the officers' editing pages."""

from django.urls import path

from thidua.web.views import news

urlpatterns = [
    path("", news.article_list, name="news-list"),
    path("bien-tap/", news.editor_list, name="news-editor"),
    path("bien-tap/moi/", news.article_create, name="news-create"),
    path("bien-tap/<int:pk>/", news.article_edit, name="news-edit"),
    path("bien-tap/<int:pk>/dang/", news.article_publish, name="news-publish"),
    path("bien-tap/<int:pk>/go/", news.article_unpublish, name="news-unpublish"),
    path("bien-tap/<int:pk>/anh/", news.photo_add, name="news-photo-add"),
    path("bien-tap/<int:pk>/anh/<int:photo_pk>/", news.photo_update, name="news-photo-update"),
    path("bien-tap/<int:pk>/anh/<int:photo_pk>/xoa/", news.photo_remove, name="news-photo-remove"),
    path("soan-tu-hoi-nghi/<int:cluster_year_pk>/", news.draft_from_year, name="news-draft-from-year"),
    # Photos are served through a view: a draft's photos are as private as the draft.
    path("anh/<int:pk>/<str:size>.jpg", news.photo_file, name="news-photo"),
    path("<slug:slug>/", news.article_detail, name="news-detail"),
]
