from django.contrib import admin
from django.urls import include, path

from thidua.organisations import permissions


def _system_admins_only(request) -> bool:
    # Django admin is a back door around the services' rules: only system admins get it.
    return permissions.is_system_admin(request.user)


admin.site.has_permission = _system_admins_only
admin.site.site_header = "ThiĐua – Quản trị hệ thống"

urlpatterns = [
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include("thidua.api.urls")),
    path("", include("thidua.web.urls")),
]
