"""How a signed-in user is loaded on every request."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice


class AccountBackend(ModelBackend):
    """Django's ModelBackend, except that the user read for each request also says whether the
    user has a confirmed two-factor device (`otp_enrolled`), which the two-factor middleware asks
    on every page: one query instead of two. Fresh on every request, so a device added or removed
    in another session counts from that session's next request."""

    def get_user(self, user_id):
        user = (
            get_user_model()._default_manager
            .annotate(otp_enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
