from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from thidua.organisations import permissions, twofactor


def _system_admins_only(request) -> bool:
    # Django admin is a back door around the services' rules: only system admins get it, and an
    # admin who enrolled in two-factor login only from a session that confirmed a code (the
    # middleware already redirects such sessions; this holds even without it).
    user = request.user
    if not permissions.is_system_admin(user):
        return False
    return user.is_verified() or not twofactor.is_enrolled(user)


admin.site.has_permission = _system_admins_only
admin.site.site_header = "ThiĐua – Quản trị hệ thống"

urlpatterns = [
    # One login for the whole site, with its two-factor step: the admin's own login form would
    # skip it, so its address leads to ours (the query string, with `next`, is kept).
    path("quan-tri/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("quan-tri/", admin.site.urls),
    path("api/v1/", include("thidua.api.urls")),
    path("", include("thidua.web.urls")),
]
