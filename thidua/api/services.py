"""Every write about API tokens: create (the plain token is returned once), revoke, and the
bookkeeping of authentication. Each write is one transaction and audited."""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from thidua.api.models import ApiToken
from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.services import save_audited
from thidua.organisations import permissions

TOKEN_PREFIX = "thd_"
# A use is recorded at most this often, so that reading the API does not write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
REFUSED = "Bạn chỉ được quản lý mã truy cập API của chính mình."


def hash_token(token: str) -> str:
    # Header values may hold any text; no input may make hashing fail.
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _require_token_manager(actor, user) -> None:
    """The owner, or whoever manages accounts. `actor=None` is the command line, whose operator
    already controls the server (like `createsuperuser`)."""
    if actor is None:
        return
    if actor.pk != user.pk and not permissions.can_manage_accounts(actor):
        raise Forbidden(REFUSED)


@transaction.atomic
def token_create(*, actor, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`: returns the row and the plain token, which is never stored."""
    _require_token_manager(actor, user)
    if not user.is_active:
        raise ValidationFailed([f"Tài khoản “{user.get_username()}” đang bị khoá: không cấp được mã truy cập API."])
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=plain[:10], key_hash=hash_token(plain))
    save_audited(token, actor=actor)
    return token, plain


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """A revoked token is refused from the next request on; the row stays for the audit."""
    _require_token_manager(actor, token.user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if not token.revoked:
        token.revoked = True
        save_audited(token, actor=actor)
    return token


def token_authenticate(plain: str) -> ApiToken | None:
    """The live token for `plain` with its user, or None: unknown, revoked, or the user locked."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(plain), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE: a use is bookkeeping, not an audited change of the token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
