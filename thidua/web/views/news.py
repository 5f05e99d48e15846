"""News pages: the public list and article (no login), and the editors' pages. Each view checks
the coarse right and calls one service or selector; the services refuse again."""

from dataclasses import replace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError, ValidationFailed
from thidua.core.selectors import history_of
from thidua.cycles import selectors as cycle_selectors
from thidua.news import drafting, permissions, sanitize, selectors, services
from thidua.organisations import permissions as org
from thidua.web.forms.news import ArticleForm, CaptionForm, PhotoForm
from thidua.web.views.common import flash_errors, form_errors_from

PAGE_SIZE = 10
PHOTO_SIZES = {"lon": "image", "nho": "thumbnail"}
PUBLIC_CACHE = "public, max-age=86400"
HISTORY_TEXT = 160


def _edit_url(article) -> str:
    return reverse("news-edit", args=[article.pk])


def _short(value):
    """A long text (the body) in the history table: its first words, without tags."""
    if isinstance(value, str) and len(value) > HISTORY_TEXT:
        return strip_tags(value)[:HISTORY_TEXT].rstrip() + "…"
    return value


def _history(article) -> list:
    return [
        replace(entry, changes=[replace(c, old=_short(c.old), new=_short(c.new)) for c in entry.changes])
        for entry in history_of(article)
    ]


def _article_form(request, data=None, instance=None) -> ArticleForm:
    user = request.user
    return ArticleForm(
        data, instance=instance, units=selectors.units_for_writer(user),
        cluster_years=selectors.cluster_years_for_writer(user), province_allowed=org.is_province_office(user),
    )


# --- Public pages ---------------------------------------------------------------------------------


@require_GET
def article_list(request):
    page = Paginator(selectors.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "can_write": permissions.can_write_news(request.user)}
    return render(request, "web/news/list.html", context)


@require_GET
def article_detail(request, slug: str):
    article = selectors.article_by_slug(user=request.user, slug=slug)
    photos = list(article.photos.all())
    context = {
        "article": article,
        # Stored bodies are already clean; cleaning again at render costs little and also
        # covers rows written around the model (raw SQL, old data).
        "body": mark_safe(sanitize.clean_html(article.body)),  # noqa: S308 - sanitised just above
        "cover": next((p for p in photos if p.is_cover), None),
        "gallery": [p for p in photos if not p.is_cover],
        "can_edit": permissions.can_edit_article(request.user, article),
    }
    return render(request, "web/news/detail.html", context)


@require_GET
def photo_file(request, pk: int, size: str):
    if size not in PHOTO_SIZES:
        raise Http404
    photo = selectors.photo_for(user=request.user, pk=pk)
    try:
        handle = getattr(photo, PHOTO_SIZES[size]).open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp ảnh.") from None
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = PUBLIC_CACHE if photo.article.is_published else "private, no-store"
    return response


# --- Editors --------------------------------------------------------------------------------------


def _require_writer(request) -> None:
    if not permissions.can_write_news(request.user):
        raise PermissionDenied("Chỉ Phòng TĐKT và cán bộ thi đua của đơn vị được viết tin.")


@login_required
@require_GET
def editor_list(request):
    _require_writer(request)
    articles = Paginator(selectors.editable_by(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "web/news/editor_list.html", {"page": articles})


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    _require_writer(request)
    form = _article_form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(actor=request.user, **form.article_fields())
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu bản nháp. Thêm ảnh rồi bấm “Đăng tin” khi sẵn sàng.")
            return redirect(_edit_url(article))
    return render(request, "web/news/edit.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def article_edit(request, pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    form = _article_form(request, request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(actor=request.user, article=article, **form.article_fields())
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu tin.")
            return redirect(_edit_url(article))
    context = {
        "form": form,
        "article": article,
        "photos": [
            (photo, CaptionForm(initial={"caption": photo.caption}, prefix=f"p{photo.pk}"))
            for photo in article.photos.all()
        ],
        "photo_form": PhotoForm(initial={"cover": not any(p.is_cover for p in article.photos.all())}),
        "history": _history(article),
    }
    return render(request, "web/news/edit.html", context)


@login_required
@require_POST
def article_publish(request, pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    try:
        article = services.article_publish(actor=request.user, article=article)
    except DomainError as exc:
        flash_errors(request, exc)
        return redirect(_edit_url(article))
    messages.success(request, "Đã đăng tin: mọi người đều xem được.")
    return redirect("news-detail", slug=article.slug)


@login_required
@require_POST
def article_unpublish(request, pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    services.article_unpublish(actor=request.user, article=article)
    messages.success(request, "Đã gỡ tin khỏi trang công khai; tin trở lại bản nháp.")
    return redirect(_edit_url(article))


@login_required
@require_POST
def photo_add(request, pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message if message.startswith("Ảnh") else f"Ảnh: {message}")
        return redirect(_edit_url(article))
    try:
        services.photo_add(
            actor=request.user, article=article, upload=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"], cover=form.cleaned_data["cover"],
        )
    except DomainError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, "Đã thêm ảnh.")
    return redirect(_edit_url(article))


def _photo(article, photo_pk: int):
    photo = next((p for p in article.photos.all() if p.pk == photo_pk), None)
    if photo is None:
        raise Http404("Không tìm thấy ảnh.")
    return photo


@login_required
@require_POST
def photo_update(request, pk: int, photo_pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    photo = _photo(article, photo_pk)
    if "cover" in request.POST:
        services.photo_update(actor=request.user, photo=photo, cover=request.POST["cover"] == "1")
        messages.success(request, "Đã đổi ảnh bìa.")
    else:
        form = CaptionForm(request.POST, prefix=f"p{photo.pk}")
        if form.is_valid():
            services.photo_update(actor=request.user, photo=photo, caption=form.cleaned_data["caption"])
            messages.success(request, "Đã lưu chú thích ảnh.")
        else:
            messages.error(request, "Chú thích: tối đa 500 ký tự.")
    return redirect(_edit_url(article))


@login_required
@require_POST
def photo_remove(request, pk: int, photo_pk: int):
    article = selectors.article_for_editor(user=request.user, pk=pk)
    services.photo_remove(actor=request.user, photo=_photo(article, photo_pk))
    messages.success(request, "Đã xoá ảnh.")
    return redirect(_edit_url(article))


@login_required
@require_http_methods(["GET", "POST"])
def draft_from_year(request, cluster_year_pk: int):
    """GET: the draft the facts give, to read first; POST: save it as a draft article."""
    cluster_year = cycle_selectors.cluster_year_get(user=request.user, pk=cluster_year_pk)
    if not permissions.can_draft_from_year(request.user, cluster_year):
        raise PermissionDenied(services.DRAFT_REFUSED)
    if request.method == "POST":
        try:
            article = services.article_draft_from_year(actor=request.user, cluster_year=cluster_year)
        except DomainError as exc:
            flash_errors(request, exc)
            return redirect("news-draft-from-year", cluster_year_pk=cluster_year.pk)
        if permissions.can_edit_article(request.user, article):
            messages.success(request, "Đã soạn bản nháp từ dữ liệu hội nghị: hãy đọc lại, thêm ảnh rồi đăng tin.")
            return redirect(_edit_url(article))
        unit = article.unit.name if article.unit else "tỉnh"
        messages.success(request, f"Đã soạn bản nháp; Phòng TĐKT hoặc cán bộ thi đua của {unit} biên tập và đăng tin.")
        return redirect("year-conference", pk=cluster_year.pk)
    draft, problem = None, None
    if cluster_year.phase not in services.DRAFT_PHASES:
        problem = "Chỉ soạn tin khi năm thi đua đã trình tỉnh hoặc đã kết thúc."
    else:
        try:
            draft = drafting.draft_from_cluster_year(cluster_year)
        except DomainError as exc:
            problem = exc.message
    context = {
        "cy": cluster_year, "draft": draft, "problem": problem,
        "existing": selectors.drafts_of_year(cluster_year),
    }
    return render(request, "web/news/draft_preview.html", context)
