from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from thidua.core.errors import ValidationFailed
from thidua.core.selectors import history_of
from thidua.organisations import imports, permissions, selectors, services
from thidua.web.forms.base import ImportForm
from thidua.web.forms.organisations import UnitForm, UnitProfileForm, UnitSearchForm
from thidua.web.views.common import (
    registry_viewer_required,
    form_errors_from,
    paginate,
    render_list,
    report_import,
    wants_xlsx,
    xlsx_response,
)


@registry_viewer_required
def unit_list(request):
    form = UnitSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.unit_list(
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        include_inactive=filters.get("include_inactive", False),
    )
    if wants_xlsx(request):
        return xlsx_response(imports.units_export(units), "don-vi.xlsx")
    return render_list(request, "web/units/list.html", {"form": form, "page": paginate(request, units)})


@registry_viewer_required
def unit_tree(request):
    include_inactive = request.GET.get("include_inactive") == "on"
    nodes = selectors.unit_tree(include_inactive=include_inactive)
    return render(request, "web/units/tree.html", {"nodes": nodes, "include_inactive": include_inactive})


@registry_viewer_required
def unit_detail(request, pk: int):
    unit = selectors.unit_get(pk)
    user = request.user
    context = {
        "unit": unit,
        "children": selectors.unit_children(unit),
        "predecessors": unit.predecessors.all(),
        "memberships": selectors.unit_memberships(unit),
        "people_count": unit.people.count(),
        "can_edit": permissions.can_edit_unit_profile(user, unit),
        "can_view_people": permissions.can_view_registry(user),
        "history": history_of(unit) if permissions.can_view_history(user) else None,
    }
    return render(request, "web/units/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request):
    if not permissions.can_manage_registry(request.user):
        raise PermissionDenied(services.REGISTRY_REFUSED)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã thêm đơn vị {unit.name}.")
            return redirect("unit-detail", pk=unit.pk)
    return render(request, "web/form.html", {"form": form, "title": "Thêm đơn vị"})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request, pk: int):
    unit = selectors.unit_get(pk)
    if not permissions.can_edit_unit_profile(request.user, unit):
        raise PermissionDenied("Bạn không có quyền sửa thông tin đơn vị này.")
    form_class = UnitForm if permissions.can_manage_registry(request.user) else UnitProfileForm
    form = form_class(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(actor=request.user, unit=unit, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu thông tin đơn vị.")
            return redirect("unit-detail", pk=unit.pk)
    return render(request, "web/form.html", {"form": form, "title": f"Sửa: {unit.name}"})


@registry_viewer_required
def unit_template(request):
    return xlsx_response(imports.units_template(), "mau-nhap-don-vi.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def unit_import(request):
    if not permissions.can_manage_registry(request.user):
        raise PermissionDenied(services.REGISTRY_REFUSED)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = imports.units_import(actor=request.user, file=form.cleaned_data["file"])
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            report_import(request, report)
            return redirect("unit-list")
    context = {"form": form, "title": "Nhập đơn vị từ Excel", "template_url": "unit-template"}
    return render(request, "web/import.html", context)
