"""Two-factor login pages: the code step after the password, and enrolment ("Xác thực hai
bước"). The rules live in organisations/twofactor.py; web/middleware.py enforces the step."""

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.organisations import twofactor
from thidua.web.forms.accounts import OtpCodeForm, TwoFactorRemoveForm
from thidua.web.views.common import error_messages, form_errors_from


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def _locked_out(request):
    logout(request)
    return render(request, "registration/locked_out.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def login_otp(request):
    """Second step of login: the session becomes verified once a code from the device matches."""
    if request.user.is_verified() or not twofactor.is_enrolled(request.user):
        return redirect(_next_url(request))
    if twofactor.is_locked(request.user):
        return _locked_out(request)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.login_verify(user=request.user, token=form.cleaned_data["code"])
        except ValidationFailed as exc:
            # django-axes counts a wrong code as a failed login of this user from this address.
            user_login_failed.send(__name__, credentials={"username": request.user.get_username()}, request=request)
            if twofactor.is_locked(request.user) or getattr(request, "axes_locked_out", False):
                return _locked_out(request)
            form_errors_from(form, exc)
        else:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "registration/login_otp.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Status, enrolment (QR code and secret, confirmed by a first code) and removal."""
    if not twofactor.may_enrol(request.user) and not twofactor.is_enrolled(request.user):
        raise Forbidden(twofactor.NOT_ALLOWED)
    if twofactor.is_enrolled(request.user):
        return render(request, "web/accounts/two_factor.html", {"enrolled": True, "remove_form": TwoFactorRemoveForm()})
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.enrolment_confirm(actor=request.user, token=form.cleaned_data["code"])
        except ValidationFailed as exc:
            form_errors_from(form, exc)
        else:
            otp_login(request, device)
            messages.success(request, "Đã bật xác thực hai bước. Lần đăng nhập sau sẽ hỏi mã từ ứng dụng.")
            return redirect("two-factor")
    device = twofactor.enrolment_start(actor=request.user)
    context = {
        "enrolled": False, "form": form, "secret": twofactor.secret_base32(device),
        "qr_svg": _qr_svg(twofactor.provisioning_uri(device)),
    }
    return render(request, "web/accounts/two_factor.html", context)


@login_required
@require_POST
def two_factor_remove(request):
    form = TwoFactorRemoveForm(request.POST)
    if form.is_valid():
        try:
            twofactor.device_remove(
                actor=request.user, token=form.cleaned_data["code"], password=form.cleaned_data["password"]
            )
        except ValidationFailed as exc:
            for message in error_messages(exc):
                messages.error(request, message)
        else:
            messages.success(request, "Đã tắt xác thực hai bước.")
    else:
        for message in form.non_field_errors():
            messages.error(request, message)
    return redirect("two-factor")


def _qr_svg(uri: str) -> str:
    # Inline <svg> of plain paths: no style attribute and no script, so the strict CSP holds.
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="Mã QR để quét bằng ứng dụng xác thực" ', 1))
