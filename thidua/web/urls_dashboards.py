"""Pages of the dashboards part of issue #5."""

from django.urls import path

from thidua.web.views import dashboards

urlpatterns = [
    path("", dashboards.dashboard_index, name="dashboard-index"),
    path("tinh/", dashboards.dashboard_province, name="dashboard-province"),
    path("tinh/<slug:slug>.xlsx", dashboards.dashboard_province_xlsx, name="dashboard-province-xlsx"),
    path("cum/<int:pk>/", dashboards.dashboard_cluster, name="dashboard-cluster"),
    path("cum/<int:pk>/<slug:slug>.xlsx", dashboards.dashboard_cluster_xlsx, name="dashboard-cluster-xlsx"),
]
