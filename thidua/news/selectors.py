"""Reads of the news shared by the public pages, the editor's pages and the demo."""

from django.db.models import Prefetch, Q, QuerySet

from thidua.core.errors import Forbidden, NotFound
from thidua.cycles.models import ClusterYear
from thidua.news import permissions
from thidua.news.models import Article, ArticlePhoto, ArticleStatus
from thidua.organisations import permissions as org
from thidua.organisations.models import ClusterMembership, Unit

NOT_FOUND = "Không tìm thấy tin bài."


def _with_cover(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.select_related("unit").prefetch_related(
        Prefetch("photos", queryset=ArticlePhoto.objects.filter(is_cover=True), to_attr="covers")
    )


def _all_photos() -> Prefetch:
    return Prefetch("photos", queryset=ArticlePhoto.objects.order_by("-is_cover", "position", "id"))


def published() -> QuerySet[Article]:
    """The public list: published articles, newest first, each with its cover photo."""
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED)
    return _with_cover(articles).order_by("-published_at", "-id")


def editable_by(user) -> QuerySet[Article]:
    """Every article the user may edit, drafts first, then newest."""
    articles = Article.objects.all()
    if not org.is_province_office(user):
        articles = articles.filter(unit_id__in=org.officer_unit_ids(user))
    return _with_cover(articles.select_related("author")).order_by("status", "-updated_at", "-id")


def article_by_slug(*, user, slug: str) -> Article:
    """A published article for anyone; a draft only for who may edit it (404 for the others)."""
    article = (
        Article.objects.select_related("unit", "author", "cluster_year__cluster")
        .prefetch_related(_all_photos())
        .filter(slug=slug)
        .first()
    )
    if article is None or not permissions.can_view_article(user, article):
        raise NotFound(NOT_FOUND)
    return article


def article_for_editor(*, user, pk: int) -> Article:
    """The article for its edit page: 404 when missing, 403 when the user may not edit it."""
    article = (
        Article.objects.select_related("unit", "author", "cluster_year__cluster")
        .prefetch_related(_all_photos())
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise NotFound(NOT_FOUND)
    if not permissions.can_edit_article(user, article):
        raise Forbidden("Bạn không có quyền sửa tin này.")
    return article


def photo_for(*, user, pk: int) -> ArticlePhoto:
    """A photo to serve: the photos of a draft are as private as the draft."""
    photo = ArticlePhoto.objects.select_related("article").filter(pk=pk).first()
    if photo is None or not permissions.can_view_article(user, photo.article):
        raise NotFound("Không tìm thấy ảnh.")
    return photo


def units_for_writer(user) -> QuerySet[Unit]:
    """The units the user may write for (the province office: every unit still in service)."""
    if org.is_province_office(user):
        return Unit.objects.filter(valid_to__isnull=True)
    return Unit.objects.filter(pk__in=org.officer_unit_ids(user))


def cluster_years_for_writer(user) -> QuerySet[ClusterYear]:
    """Cluster years an article may be linked to: every one for the office, else those of the
    clusters the user's units belong to."""
    years = ClusterYear.objects.select_related("cluster").order_by("cluster__code", "-year")
    if org.is_province_office(user):
        return years
    units = org.officer_unit_ids(user)
    clusters = ClusterMembership.objects.filter(unit_id__in=units).values("cluster_id")
    return years.filter(Q(cluster_id__in=clusters))


def drafts_of_year(cluster_year: ClusterYear) -> QuerySet[Article]:
    return Article.objects.filter(cluster_year=cluster_year).order_by("-created_at")
