from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thidua.core.errors import ValidationFailed
from thidua.awards import selectors as award_selectors
from thidua.core.selectors import history_of
from thidua.organisations import imports, permissions, selectors, services
from thidua.organisations.models import Unit
from thidua.web.forms.base import ImportForm
from thidua.web.forms.organisations import (
    PersonCreateForm,
    PersonForm,
    PersonMoveForm,
    PersonSearchForm,
)
from thidua.web.views.common import (
    registry_viewer_required,
    form_errors_from,
    paginate,
    render_list,
    report_import,
    wants_xlsx,
    xlsx_response,
)


def _editable_units(user):
    if permissions.can_manage_registry(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=permissions.officer_unit_ids(user))


@registry_viewer_required
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.people_list(
        user=request.user, query=filters.get("q", ""), unit=filters.get("unit")
    )
    if wants_xlsx(request):
        return xlsx_response(imports.people_export(people), "ca-nhan.xlsx")
    context = {
        "form": form,
        "page": paginate(request, people),
        "can_create": _editable_units(request.user).exists(),
    }
    return render_list(request, "web/people/list.html", context)


@registry_viewer_required
def person_detail(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    user = request.user
    context = {
        "person": person,
        "can_edit": permissions.can_edit_person(user, person),
        "show_personal_id": permissions.can_see_personal_id(user, person),
        "history": history_of(person),
        "timeline": award_selectors.timeline(person),
    }
    return render(request, "web/people/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    units = _editable_units(request.user)
    if not units.exists():
        raise PermissionDenied("Bạn không có quyền thêm cán bộ.")
    form = PersonCreateForm(request.POST or None, unit_queryset=units)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã thêm {person.full_name}.")
            return redirect("person-detail", pk=person.pk)
    return render(request, "web/form.html", {"form": form, "title": "Thêm cá nhân"})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied("Bạn không có quyền sửa thông tin cá nhân này.")
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("person-detail", pk=person.pk)
    return render(request, "web/form.html", {"form": form, "title": f"Sửa: {person.full_name}"})


@login_required
@require_http_methods(["GET", "POST"])
def person_move(request, pk: int):
    person = selectors.person_get(user=request.user, pk=pk)
    if not permissions.can_edit_person(request.user, person):
        raise PermissionDenied("Bạn không có quyền thay đổi chức vụ của cá nhân này.")
    form = PersonMoveForm(request.POST or None, initial={"unit": person.unit, "position": person.position})
    form.fields["unit"].queryset = _editable_units(request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_move(actor=request.user, person=person, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã ghi nhận quá trình công tác mới.")
            return redirect("person-detail", pk=person.pk)
    title = f"Điều động, bổ nhiệm: {person.full_name}"
    return render(request, "web/form.html", {"form": form, "title": title})


@registry_viewer_required
def person_template(request):
    return xlsx_response(imports.people_template(), "mau-nhap-ca-nhan.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def person_import(request):
    if not _editable_units(request.user).exists():
        raise PermissionDenied("Bạn không có quyền nhập danh sách cán bộ.")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.people_import(actor=request.user, file=form.cleaned_data["file"])
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            report_import(request, report)
            return redirect("person-list")
    context = {"form": form, "title": "Nhập danh sách cá nhân từ Excel", "template_url": "person-template"}
    return render(request, "web/import.html", context)
