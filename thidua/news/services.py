"""Every write to the news: permission, validation, audit (django-simple-history), one
transaction each. Pages, the demo loader and tests all come through here."""

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.core.services import apply_changes, delete_audited, save_audited
from thidua.core.vntext import fold
from thidua.cycles import workflow
from thidua.cycles.models import ClusterYear
from thidua.news import drafting, images, permissions, sanitize
from thidua.news.models import Article, ArticlePhoto, ArticleStatus
from thidua.organisations.models import ClusterMembership, ClusterRole, Unit

EDIT_REFUSED = "Chỉ Phòng TĐKT (Sở Nội vụ) hoặc cán bộ thi đua của đơn vị được viết, sửa và đăng tin của đơn vị."
PROVINCE_REFUSED = "Chỉ Phòng TĐKT (Sở Nội vụ) được viết tin của tỉnh (tin không thuộc đơn vị nào)."
DRAFT_REFUSED = "Chỉ Trưởng cụm, Phó trưởng cụm của năm này hoặc Phòng TĐKT được soạn tin từ hội nghị."
ARTICLE_FIELDS = {"title", "summary", "body", "unit", "cluster_year"}
# Paths under /tin-tuc/ that are pages, not articles.
RESERVED_SLUGS = {"bien-tap", "soan-tu-hoi-nghi", "anh", "moi"}
SLUG_LENGTH = 80
MAX_PHOTOS = 40
DRAFT_PHASES = {"submitted", "closed"}


def _require_writer_for(actor, unit: Unit | None) -> None:
    if not permissions.can_write_for(actor, unit):
        raise Forbidden(PROVINCE_REFUSED if unit is None else EDIT_REFUSED)


def _require_editor(actor, article: Article) -> None:
    if not permissions.can_edit_article(actor, article):
        raise Forbidden(EDIT_REFUSED)


def _locked(article: Article) -> Article:
    return Article.objects.select_for_update().get(pk=article.pk)


def slug_for(title: str, *, exclude_pk: int | None = None) -> str:
    """"Cụm thi đua số II tổng kết …" -> "cum-thi-dua-so-ii-tong-ket-…", unique among articles."""
    base = slugify(fold(title))
    if len(base) > SLUG_LENGTH:
        base = base[:SLUG_LENGTH].rsplit("-", 1)[0]
    base = base.strip("-") or "tin"
    if base in RESERVED_SLUGS:
        base = f"{base}-tin"
    taken = set(
        Article.objects.filter(slug__startswith=base).exclude(pk=exclude_pk).values_list("slug", flat=True)
    )
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


# --- Articles -----------------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    actor,
    title: str,
    summary: str = "",
    body: str = "",
    unit: Unit | None = None,
    cluster_year: ClusterYear | None = None,
) -> Article:
    """A draft article of `unit` (None: of the province) written by `actor`."""
    _require_writer_for(actor, unit)
    article = Article(
        title=title, summary=summary, body=sanitize.clean_html(body), author=actor, unit=unit,
        cluster_year=cluster_year, slug=slug_for(title),
    )
    save_audited(article, actor=actor)
    return article


@transaction.atomic
def article_update(*, actor, article: Article, **changes: Any) -> Article:
    """Change the text or the unit; the address (slug) follows the title until first published."""
    unknown = set(changes) - ARTICLE_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    article = _locked(article)
    _require_editor(actor, article)
    if "unit" in changes and changes["unit"] != article.unit:
        _require_writer_for(actor, changes["unit"])
    if "body" in changes:
        changes["body"] = sanitize.clean_html(changes["body"] or "")
    old_title = article.title
    if apply_changes(article, changes):
        if article.title != old_title and article.published_at is None:
            article.slug = slug_for(article.title, exclude_pk=article.pk)
        save_audited(article, actor=actor)
    return article


@transaction.atomic
def article_publish(*, actor, article: Article, published_at=None) -> Article:
    """Make the article public. A republished article keeps its first publication time."""
    article = _locked(article)
    _require_editor(actor, article)
    if article.is_published:
        return article
    article.status = ArticleStatus.PUBLISHED
    article.published_at = published_at or article.published_at or timezone.now()
    save_audited(article, actor=actor)
    return article


@transaction.atomic
def article_unpublish(*, actor, article: Article) -> Article:
    """Take the article off the public pages; it becomes a draft again."""
    article = _locked(article)
    _require_editor(actor, article)
    if not article.is_published:
        return article
    article.status = ArticleStatus.DRAFT
    save_audited(article, actor=actor)
    return article


def _draft_unit(actor, cluster_year: ClusterYear) -> Unit | None:
    """The article belongs to the unit leading the cluster that year, or to its vice when the
    actor is the vice's officer: so that the drafter can go on editing it."""
    leadership = {
        m.role: m.unit
        for m in ClusterMembership.objects.filter(
            cluster_id=cluster_year.cluster_id, year=cluster_year.year, role__in=[ClusterRole.LEADER, ClusterRole.VICE]
        ).select_related("unit")
    }
    candidates = [leadership[role] for role in (ClusterRole.LEADER, ClusterRole.VICE) if role in leadership]
    for unit in candidates:
        if permissions.can_write_for(actor, unit):
            return unit
    return candidates[0] if candidates else None


@transaction.atomic
def article_draft_from_year(*, actor, cluster_year: ClusterYear) -> Article:
    """A draft article of the year-end conference, written from the recorded facts.

    Precondition: the year has been submitted to the province (or closed), so its ranking,
    votes and election are final.
    """
    cluster_year = ClusterYear.objects.select_related("cluster").get(pk=cluster_year.pk)
    if not permissions.can_draft_from_year(actor, cluster_year):
        raise Forbidden(DRAFT_REFUSED)
    if cluster_year.phase not in DRAFT_PHASES:
        raise InvalidTransition(
            f"Chỉ soạn tin khi năm thi đua đã trình tỉnh hoặc đã kết thúc (hiện ở giai đoạn "
            f"“{workflow.PHASE_LABELS[cluster_year.phase]}”)."
        )
    draft = drafting.draft_from_cluster_year(cluster_year)
    article = Article(
        title=draft.title, summary=draft.summary, body=draft.body, author=actor,
        unit=_draft_unit(actor, cluster_year), cluster_year=cluster_year, slug=slug_for(draft.title),
    )
    save_audited(article, actor=actor)
    return article


# --- Photos -------------------------------------------------------------------------------------


def _delete_files(*files) -> None:
    for file in files:
        if file:
            file.storage.delete(file.name)


def _unset_cover(actor, article: Article, keep: ArticlePhoto | None = None) -> None:
    for photo in article.photos.filter(is_cover=True):
        if keep is None or photo.pk != keep.pk:
            photo.is_cover = False
            save_audited(photo, actor=actor)


@transaction.atomic
def photo_add(*, actor, article: Article, upload, caption: str = "", cover: bool = False) -> ArticlePhoto:
    """Check the upload by its content, store its web copies (the upload itself is never kept)."""
    article = _locked(article)
    _require_editor(actor, article)
    if article.photos.count() >= MAX_PHOTOS:
        raise ValidationFailed([f"Ảnh: mỗi tin có tối đa {MAX_PHOTOS} ảnh."])
    processed = images.process_upload(upload, label="Ảnh")
    if cover:
        _unset_cover(actor, article)
    position = (article.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo = ArticlePhoto(
        article=article, caption=caption, is_cover=cover, position=position, uploaded_by=actor,
        width=processed.large.width, height=processed.large.height,
        thumb_width=processed.thumbnail.width, thumb_height=processed.thumbnail.height,
    )
    name = uuid.uuid4().hex
    photo.image.save(f"{name}.jpg", ContentFile(processed.large.data), save=False)
    photo.thumbnail.save(f"{name}-nho.jpg", ContentFile(processed.thumbnail.data), save=False)
    try:
        save_audited(photo, actor=actor)
    except Exception:
        _delete_files(photo.image, photo.thumbnail)
        raise
    return photo


@transaction.atomic
def photo_update(*, actor, photo: ArticlePhoto, caption: str | None = None, cover: bool | None = None) -> ArticlePhoto:
    """Change the caption, or make the photo the cover (`cover=True`) or a gallery photo."""
    article = _locked(photo.article)
    _require_editor(actor, article)
    photo = ArticlePhoto.objects.get(pk=photo.pk, article=article)
    changes: dict[str, Any] = {}
    if caption is not None:
        changes["caption"] = caption
    if cover is not None:
        changes["is_cover"] = cover
        if cover:
            _unset_cover(actor, article, keep=photo)
    if apply_changes(photo, changes):
        save_audited(photo, actor=actor)
    return photo


@transaction.atomic
def photo_remove(*, actor, photo: ArticlePhoto) -> None:
    article = _locked(photo.article)
    _require_editor(actor, article)
    image, thumbnail = photo.image, photo.thumbnail
    delete_audited(photo, actor=actor)
    # The files go only once the deletion is committed.
    transaction.on_commit(lambda: _delete_files(image, thumbnail))
