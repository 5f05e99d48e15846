"""Award history pages, the eligibility list, the bulk import, the catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards import imports, permissions, selectors, services
from thidua.awards.models import AwardKind, AwardRecord, Parameter
from thidua.core.errors import DomainError, ValidationFailed
from thidua.core.xlsx import write_table
from thidua.organisations import permissions as org
from thidua.organisations import selectors as org_selectors
from thidua.organisations.models import Person, Unit
from thidua.web.forms.awards import (
    AwardAddForm,
    CollectiveRatingForm,
    DisciplineAddForm,
    EligibilityFilterForm,
    InitiativeForm,
    ParameterForm,
    RatingForm,
)
from thidua.web.forms.base import ImportForm
from thidua.web.views.common import form_errors_from, paginate, registry_viewer_required, wants_xlsx, xlsx_response

ACTIONS = {
    "award": (AwardAddForm, services.award_add, "Đã ghi khen thưởng."),
    "rating": (RatingForm, services.rating_set, "Đã ghi xếp loại."),
    "initiative": (InitiativeForm, services.initiative_add, "Đã ghi sáng kiến."),
    "discipline": (DisciplineAddForm, services.discipline_add, "Đã ghi kỷ luật."),
}


def _history_forms(kind: str, data=None, action: str = ""):
    forms = {}
    for name, (form_class, _, _) in ACTIONS.items():
        if name == "rating" and kind == "collective":
            form_class = CollectiveRatingForm
        extra = {"kind": kind} if name == "award" else {}
        forms[name] = form_class(data if action == name else None, prefix=name, **extra)
    return forms


def _handle_history_post(request, subject: dict, kind: str):
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        raise Http404
    forms = _history_forms(kind, request.POST, action)
    form = forms[action]
    _, service, done = ACTIONS[action]
    if form.is_valid():
        try:
            service(actor=request.user, **subject, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, done)
            return None, forms
    return action, forms


def _history_page(request, *, subject, name: str, kind: str, can_edit: bool, page: str, back: str):
    """The history page of a person or a collective: the timeline and, for editors, the forms."""
    forms, failed = _history_forms(kind), None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(services.REFUSED)
        field = "person" if kind == "individual" else "unit"
        failed, forms = _handle_history_post(request, {field: subject}, kind)
        if failed is None:
            return redirect(page, pk=subject.pk)
    context = {"subject": subject, "subject_name": name, "timeline": selectors.timeline(subject),
               "forms": forms, "can_edit": can_edit, "failed": failed, "back": (back, subject.pk)}
    return render(request, "web/awards/history.html", context)


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def person_history(request, pk: int):
    person = org_selectors.person_get(user=request.user, pk=pk)
    return _history_page(
        request, subject=person, name=person.full_name, kind="individual",
        can_edit=permissions.can_edit_history_of_person(request.user, person), page="person-history", back="person-detail",
    )


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def unit_history(request, pk: int):
    unit = org_selectors.unit_get(pk)
    return _history_page(
        request, subject=unit, name=unit.name, kind="collective",
        can_edit=permissions.can_edit_history_of_unit(request.user, unit), page="unit-history", back="unit-detail",
    )


@login_required
@require_POST
def award_remove(request, pk: int):
    record = get_object_or_404(AwardRecord.objects.select_related("person__unit", "unit"), pk=pk)
    try:
        services.award_remove(actor=request.user, record=record)
    except DomainError as exc:
        raise PermissionDenied(exc.message) from exc
    messages.success(request, "Đã xoá khen thưởng.")
    if record.person_id:
        return redirect("person-history", pk=record.person_id)
    return redirect("unit-history", pk=record.unit_id)


@registry_viewer_required
def eligibility(request):
    units = permissions.eligibility_units(request.user)
    allow_province = permissions.sees_whole_province(request.user)
    default_year = timezone.localdate().year - 1
    data = request.GET.copy() if request.GET else None
    if data is not None and "year" not in data:
        data["year"] = default_year
    form = EligibilityFilterForm(data, units=units, allow_province=allow_province, initial={"year": default_year})
    rows, page = [], None
    if form.is_bound and form.is_valid():
        filters = form.cleaned_data
        chosen = Unit.objects.filter(pk=filters["unit"].pk) if filters["unit"] else units
        people = Person.objects.filter(unit__in=chosen) if filters["kind"] != "collective" else Person.objects.none()
        collectives = chosen if filters["kind"] != "individual" else Unit.objects.none()
        candidates = [filters["candidate"].code] if filters["candidate"] else None
        rows = selectors.eligibility(filters["year"], people=people, units=collectives, candidates=candidates)
        wanted = filters["verdict"]
        if wanted == "eligible":
            rows = [r for r in rows if r.verdict.eligible]
        elif wanted == "review":
            rows = [r for r in rows if r.verdict.needs_review]
        elif wanted == "not":
            rows = [r for r in rows if not r.verdict.eligible]
        if wants_xlsx(request):
            return xlsx_response(_eligibility_xlsx(filters["year"], rows), f"xet-dieu-kien-{filters['year']}.xlsx")
        page = paginate(request, rows)
    return render(request, "web/awards/eligibility.html", {"form": form, "page": page, "count": len(rows)})


def _eligibility_xlsx(year: int, rows) -> bytes:
    headers = ["Đối tượng", "Họ tên / tên tập thể", "Đơn vị", "Danh hiệu, hình thức", "Kết quả", "Bộ quy tắc", "Các điều kiện"]
    def verdict_text(v):
        return "Đủ điều kiện" if v.eligible else ("Cần Hội đồng xem xét" if v.needs_review else "Chưa đủ điều kiện")
    data = (
        [r.subject_kind, r.subject_name, r.unit_name, r.award.name, verdict_text(r.verdict), r.verdict.ruleset,
         "\n".join(f"{'✓' if c.ok else ('?' if c.ok is None else '✗')} {c.text} ({c.basis})" for c in r.verdict.conditions)]
        for r in rows
    )
    return write_table(f"Xét điều kiện {year}", headers, data)


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def award_import(request):
    if not (org.can_manage_registry(request.user) or org.officer_unit_ids(request.user)):
        raise PermissionDenied("Chỉ Phòng TĐKT hoặc cán bộ thi đua đơn vị được nhập lịch sử khen thưởng.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.import_awards(actor=request.user, file=form.cleaned_data["file"])
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, report.summary)
            return redirect("award-import")
    context = {"form": form, "title": "Nhập lịch sử khen thưởng từ Excel", "template_url": "award-import-template"}
    return render(request, "web/import.html", context)


@registry_viewer_required
def award_import_template(request):
    return xlsx_response(imports.template(), "mau-nhap-khen-thuong.xlsx")


@registry_viewer_required
@require_http_methods(["GET", "POST"])
def catalogue(request):
    can_manage = permissions.can_manage_catalogue(request.user)
    form = ParameterForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Chỉ Phòng TĐKT được thay đổi tham số khen thưởng.")
        if form.is_valid():
            try:
                services.parameter_add(actor=request.user, **form.cleaned_data)
            except ValidationFailed as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, "Đã thêm giá trị tham số mới.")
                return redirect("award-catalogue")
    context = {
        "kinds": AwardKind.objects.all(),
        "parameters": Parameter.objects.select_related("award").order_by("key", "award__position", "subject_kind", "-effective_from"),
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "web/awards/catalogue.html", context)
