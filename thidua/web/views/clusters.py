from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import ValidationFailed
from thidua.core.selectors import history_of
from thidua.core.xlsx import write_table
from thidua.cycles import selectors as cycle_selectors
from thidua.organisations import permissions, selectors, services
from thidua.organisations.models import ClusterMembership
from thidua.web.forms.organisations import ClusterForm, MembershipForm
from thidua.web.views.common import (
    flash_errors,
    form_error_messages,
    form_errors_from,
    paginate,
    registry_viewer_required,
    render_list,
    wants_xlsx,
    xlsx_response,
)


@registry_viewer_required
def cluster_list(request):
    query = request.GET.get("q", "")
    clusters = selectors.cluster_list(query=query)
    if wants_xlsx(request):
        rows = ([c.code, c.name, c.get_kind_display(), c.managing_body.name, c.member_count] for c in clusters)
        data = write_table("Cụm, khối", ["Mã", "Tên", "Loại", "Cơ quan quản lý", "Số đơn vị"], rows)
        return xlsx_response(data, "cum-khoi-thi-dua.xlsx")
    return render_list(request, "web/clusters/list.html", {"query": query, "page": paginate(request, clusters)})


@registry_viewer_required
def cluster_detail(request, pk: int):
    cluster = selectors.cluster_get(pk)
    years = selectors.cluster_years(cluster)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    members = selectors.cluster_members(cluster, year)
    if wants_xlsx(request):
        rows = ([m.unit.code, m.unit.name, m.get_role_display(), m.valid_from, m.valid_to] for m in members)
        data = write_table(f"{cluster.code} {year}", ["Mã đơn vị", "Đơn vị", "Vai trò", "Từ ngày", "Đến ngày"], rows)
        return xlsx_response(data, f"{cluster.code}-{year}.xlsx")
    can_manage = permissions.can_manage_registry(request.user)
    context = {
        "cluster": cluster,
        "years": years,
        "year": year,
        "members": members,
        "can_manage": can_manage,
        "cluster_years": cycle_selectors.cluster_years_of(cluster),
        "membership_form": MembershipForm(initial={"year": year}) if can_manage else None,
        "history": history_of(cluster) if permissions.can_view_history(request.user) else None,
    }
    return render(request, "web/clusters/detail.html", context)


def _require_manager(user) -> None:
    if not permissions.can_manage_registry(user):
        raise PermissionDenied(services.REGISTRY_REFUSED)


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    _require_manager(request.user)
    form = ClusterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cluster = services.cluster_create(actor=request.user, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, f"Đã thêm {cluster.name}.")
            return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "web/form.html", {"form": form, "title": "Thêm cụm, khối thi đua"})


@login_required
@require_http_methods(["GET", "POST"])
def cluster_edit(request, pk: int):
    _require_manager(request.user)
    cluster = selectors.cluster_get(pk)
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            services.cluster_update(actor=request.user, cluster=cluster, **form.cleaned_data)
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, "Đã lưu.")
            return redirect("cluster-detail", pk=cluster.pk)
    return render(request, "web/form.html", {"form": form, "title": f"Sửa: {cluster.name}"})


@login_required
@require_POST
def membership_save(request, pk: int):
    _require_manager(request.user)
    cluster = selectors.cluster_get(pk)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.membership_set(actor=request.user, cluster=cluster, **form.cleaned_data)
        except ValidationFailed as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, "Đã cập nhật thành viên.")
    else:
        for message in form_error_messages(form):
            messages.error(request, message)
    return _back_to_year(cluster.pk, form.data.get("year", ""))


@login_required
@require_POST
def membership_delete(request, pk: int, membership_pk: int):
    _require_manager(request.user)
    membership = get_object_or_404(ClusterMembership, pk=membership_pk, cluster_id=pk)
    services.membership_remove(actor=request.user, membership=membership)
    messages.success(request, f"Đã xoá {membership.unit.name} khỏi cụm năm {membership.year}.")
    return _back_to_year(pk, membership.year)


def _back_to_year(cluster_pk: int, year) -> HttpResponseRedirect:
    return redirect(f"{reverse('cluster-detail', args=[cluster_pk])}?year={year}")
