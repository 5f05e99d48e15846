"""Django admin for the news: the system administrator's back door (superusers only, see urls.py).

Daily work goes through the news pages and their services. A body saved here is still
sanitised (Article.save) and photos are read-only: uploads must go through the checks of
`photo_add`, which this admin cannot bypass.
"""

from django.contrib import admin

from thidua.core.admin import ReadOnlyHistoryAdmin
from thidua.news.models import Article, ArticlePhoto


class PhotoInline(admin.TabularInline):
    model = ArticlePhoto
    extra = 0
    can_delete = False
    fields = ["image", "caption", "is_cover", "position", "width", "height"]
    readonly_fields = ["image", "width", "height"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Article)
class ArticleAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "status", "published_at", "unit", "author"]
    list_filter = ["status"]
    search_fields = ["title", "slug"]
    list_select_related = ["unit", "author"]
    readonly_fields = ["slug", "author", "status", "published_at"]
    inlines = [PhotoInline]

    def has_add_permission(self, request) -> bool:
        return False  # new articles need an author and a checked slug: use the news pages
