"""Two-factor login with a time-based one-time code (TOTP, RFC 6238) through django-otp.

Who: the province office and system admins may enrol (optional; mandatory when
THIDUA_REQUIRE_2FA is on). Once a user has a confirmed device, every session of that user must
confirm a code after the password before it reaches any page (web/middleware.py enforces it).
Wrong codes are counted on the device; THIDUA_OTP_FAILURE_LIMIT of them in a row lock the code
step for AXES_COOLOFF_MINUTES. A code is accepted once only (the device keeps the last time step).
"""

import base64
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.core.errors import Forbidden, ValidationFailed
from thidua.organisations import permissions

log = logging.getLogger("thidua.security")

DEVICE_NAME = "Ứng dụng xác thực"
NOT_ALLOWED = "Chỉ Phòng Thi đua, khen thưởng và quản trị hệ thống dùng xác thực hai bước."
WRONG_CODE = "Mã xác thực không đúng, đã hết hạn hoặc đã được dùng."
LOCKED = "Nhập sai mã xác thực quá nhiều lần. Vui lòng thử lại sau ít phút."


def may_enrol(user) -> bool:
    return permissions.is_province_office(user)


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def is_enrolled(user) -> bool:
    # Read with the user for this request (organisations/backends.py), else asked here.
    known = getattr(user, "otp_enrolled", None)
    if known is not None:
        return known
    return confirmed_device(user) is not None


def must_enrol(user) -> bool:
    """With THIDUA_REQUIRE_2FA, the office and admins use nothing else until they enrol."""
    return bool(settings.THIDUA_REQUIRE_2FA) and may_enrol(user) and not is_enrolled(user)


def secret_base32(device: TOTPDevice) -> str:
    """The secret as authenticator apps accept it typed in (groups of four letters)."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    return device.config_url


@transaction.atomic
def enrolment_start(*, actor) -> TOTPDevice:
    """The pending (unconfirmed) device the actor is enrolling; the same one on every reload, so
    the QR code does not change under a user who is still typing the first code."""
    if not may_enrol(actor):
        raise Forbidden(NOT_ALLOWED)
    if is_enrolled(actor):
        raise ValidationFailed(["Tài khoản đã bật xác thực hai bước."])
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def enrolment_confirm(*, actor, token: str) -> TOTPDevice:
    """The first code from the app proves it holds the secret; only then the device counts."""
    device = enrolment_start(actor=actor)
    if not device.verify_token(_clean(token)):
        raise ValidationFailed([f"Mã xác thực: {WRONG_CODE}"])
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    actor.otp_enrolled = True
    log.info("two-factor enrolled: user=%s", actor.pk)
    return device


def is_locked(user, *, now: datetime.datetime | None = None) -> bool:
    device = confirmed_device(user)
    if device is None or device.throttling_failure_timestamp is None:
        return False
    now = now or timezone.now()
    cooloff = datetime.timedelta(minutes=settings.AXES_COOLOFF_TIME * 60)
    return (
        device.throttling_failure_count >= settings.THIDUA_OTP_FAILURE_LIMIT
        and device.throttling_failure_timestamp + cooloff > now
    )


def login_verify(*, user, token: str) -> TOTPDevice:
    """The device that accepts this code, or ValidationFailed (counted towards the lock)."""
    device = confirmed_device(user)
    if device is None:
        raise ValidationFailed(["Tài khoản chưa bật xác thực hai bước."])
    if is_locked(user):
        raise ValidationFailed([LOCKED])
    if not device.verify_token(_clean(token)):
        log.warning("two-factor wrong code: user=%s", user.pk)
        raise ValidationFailed([WRONG_CODE])
    return device


@transaction.atomic
def device_remove(*, actor, token: str = "", password: str = "") -> None:
    """Turn two-factor off: proven by a current code or by the account password. Under
    THIDUA_REQUIRE_2FA the user is then sent to enrol again (how a new phone is set up)."""
    device = confirmed_device(actor)
    if device is None:
        raise ValidationFailed(["Tài khoản chưa bật xác thực hai bước."])
    if is_locked(actor):
        raise ValidationFailed([LOCKED])
    if token:
        proven = device.verify_token(_clean(token))
    else:
        proven = bool(password) and actor.check_password(password)
    if not proven:
        raise ValidationFailed(["Mã xác thực hoặc mật khẩu không đúng."])
    TOTPDevice.objects.filter(user=actor).delete()
    actor.otp_enrolled = False
    log.info("two-factor removed: user=%s", actor.pk)


def _clean(token: str) -> str:
    return "".join(str(token or "").split())
