from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse

from thidua.core.errors import NotFound
from thidua.organisations import twofactor


class DomainErrorMiddleware:
    """Missing and forbidden-to-see records answer 404 alike; `Forbidden` is Django's
    PermissionDenied and already answers 403."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, NotFound):
            return render(request, "404.html", {"message": exception.message}, status=404)
        return None


class TwoFactorMiddleware:
    """The second step of login (organisations/twofactor.py), enforced for every page.

    A signed-in user with a confirmed device whose session has not confirmed a code reaches only
    the code step and logout: any other address (pages, Django admin, public pages) redirects to
    the code step, and nothing runs. Under THIDUA_REQUIRE_2FA an office user or admin without a
    device is sent to the enrolment page the same way. The JSON API is not concerned: it
    authenticates each request by its bearer token and never reads the session.
    """

    CODE_STEP_OPEN = ("login-otp", "logout", "health")
    ENROLMENT_OPEN = ("two-factor", "login-otp", "logout", "health")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not self._outside(request):
            name = self._url_name(request)
            if not user.is_verified() and twofactor.is_enrolled(user):
                if name not in self.CODE_STEP_OPEN:
                    return redirect(f"{reverse('login-otp')}?{urlencode({'next': request.get_full_path()})}")
            elif name not in self.ENROLMENT_OPEN and twofactor.must_enrol(user):
                messages.warning(request, "Hệ thống yêu cầu bật xác thực hai bước trước khi làm việc.")
                return redirect("two-factor")
        return self.get_response(request)

    @staticmethod
    def _outside(request) -> bool:
        # Static and media files, and the token-authenticated API.
        path = request.path_info
        return path.startswith((settings.STATIC_URL, settings.MEDIA_URL, "/api/"))

    @staticmethod
    def _url_name(request) -> str | None:
        try:
            return resolve(request.path_info).view_name
        except Resolver404:
            return None
