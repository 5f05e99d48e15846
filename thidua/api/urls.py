"""The JSON API under /api/v1/ (django-ninja); schema at openapi.json, docs at docs."""

from django.http import JsonResponse
from django.urls import path, re_path

from thidua.api.api import api
from thidua.api.errors import NOT_FOUND, body


def not_found(request, rest: str = ""):
    # Unknown addresses under /api/v1/ answer in the API's error shape, not the HTML 404 page.
    return JsonResponse(body(NOT_FOUND), status=404, json_dumps_params={"ensure_ascii": False})


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
