"""Dashboards (issue #5): the province's and each cluster's charts, each with its table and XLSX."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from thidua.core.xlsx import write_table
from thidua.dashboards import charts, permissions, selectors
from thidua.organisations.models import Cluster
from thidua.web.forms.dashboards import DashboardFilterForm
from thidua.web.views.common import xlsx_response

PROVINCE_REFUSED = "Chỉ Phòng TĐKT – Sở Nội vụ xem được thống kê toàn tỉnh."
CLUSTER_REFUSED = "Chỉ Phòng TĐKT và cán bộ, lãnh đạo các đơn vị thành viên xem được thống kê của cụm, khối này."


def _require_province(user) -> None:
    if not permissions.can_view_province_dashboard(user):
        raise PermissionDenied(PROVINCE_REFUSED)


def _cluster(user, pk: int) -> Cluster:
    cluster = get_object_or_404(Cluster, pk=pk)
    if not permissions.can_view_cluster_dashboard(user, cluster):
        raise PermissionDenied(CLUSTER_REFUSED)
    return cluster


def _render(request, definitions, form, filters, context: dict):
    drawn = []
    for chart in definitions:
        table = chart.selector(filters)
        drawn.append({"chart": chart, "table": table, "data": chart.data(table), "script_id": f"chart-data-{chart.slug}"})
    context.update({"form": form, "charts": drawn, "query": request.GET.urlencode()})
    return render(request, "web/dashboards/dashboard.html", context)


def _xlsx(chart, filters, filename: str):
    if chart is None:
        raise Http404
    table = chart.selector(filters)
    return xlsx_response(write_table(chart.title, table.columns, table.rows), filename)


@login_required
@require_GET
def dashboard_index(request):
    clusters = selectors.clusters_for_dashboard(request.user)
    province = permissions.can_view_province_dashboard(request.user)
    if not province and not clusters:
        raise PermissionDenied(CLUSTER_REFUSED)
    return render(request, "web/dashboards/index.html", {"province": province, "clusters": clusters})


@login_required
@require_GET
def dashboard_province(request):
    _require_province(request.user)
    form = DashboardFilterForm(request.GET or None, with_cluster=True)
    context = {"title": "Thống kê thi đua, khen thưởng toàn tỉnh", "scope": "tinh"}
    return _render(request, charts.PROVINCE, form, form.filters(), context)


@login_required
@require_GET
def dashboard_province_xlsx(request, slug: str):
    _require_province(request.user)
    form = DashboardFilterForm(request.GET or None, with_cluster=True)
    return _xlsx(charts.chart_of("tinh", slug), form.filters(), f"thong-ke-tinh-{slug}.xlsx")


@login_required
@require_GET
def dashboard_cluster(request, pk: int):
    cluster = _cluster(request.user, pk)
    form = DashboardFilterForm(request.GET or None, with_cluster=False)
    context = {"title": f"Thống kê – {cluster.name}", "scope": "cum", "cluster": cluster}
    return _render(request, charts.CLUSTER, form, form.filters(cluster), context)


@login_required
@require_GET
def dashboard_cluster_xlsx(request, pk: int, slug: str):
    cluster = _cluster(request.user, pk)
    form = DashboardFilterForm(request.GET or None, with_cluster=False)
    return _xlsx(charts.chart_of("cum", slug), form.filters(cluster), f"thong-ke-{cluster.code}-{slug}.xlsx")
