"""Bearer-token authentication: `Authorization: Bearer <token>`. No session, so no CSRF."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from thidua.api import services


class TokenAuth(HttpBearer):
    """The request acts as the token's user; an unknown or revoked token, or a locked account,
    is refused with 401 (ninja calls the AuthenticationError handler when this returns None)."""

    def authenticate(self, request: HttpRequest, token: str):
        token = token.strip()
        if not token:
            return None
        found = services.token_authenticate(token)
        if found is None:
            return None
        # Services take the actor explicitly; request.user lets the audit middleware agree.
        request.user = found.user
        return found.user


def actor(request: HttpRequest):
    """The authenticated user of an API request."""
    return request.auth  # type: ignore[attr-defined]
