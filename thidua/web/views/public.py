"""Public pages (issue #5): the final results of closed cluster years, readable without login."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from thidua.dashboards import public


@require_GET
def results_index(request):
    return render(request, "web/public/index.html", {"groups": public.closed_years()})


@require_GET
def results_year(request, cluster_code: str, year: int):
    return render(request, "web/public/year.html", {"result": public.public_year(cluster_code=cluster_code, year=year)})
