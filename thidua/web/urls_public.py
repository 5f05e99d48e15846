"""Pages of the public part of issue #5: no login needed."""

from django.urls import path

from thidua.web.views import public

urlpatterns = [
    path("", public.results_index, name="public-results"),
    path("<str:cluster_code>/<int:year>/", public.results_year, name="public-year"),
]
