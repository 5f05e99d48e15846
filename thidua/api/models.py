"""API access tokens: one row per token a user holds; only a hash of the token is stored."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField


class ApiToken(models.Model):
    """A bearer token for the JSON API, acting as `user` with that user's roles.

    The plain token is shown once, when it is created (`services.token_create`); the database
    keeps its SHA-256, so a leaked backup does not leak working tokens. `prefix` (the first
    characters) lets a user tell their tokens apart without revealing them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người dùng",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = NFCCharField("Tên gợi nhớ", max_length=100, blank=True)
    prefix = models.CharField("Tiền tố", max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("Tạo lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("Dùng lần cuối", null=True, blank=True, editable=False)
    revoked = models.BooleanField("Đã thu hồi", default=False)

    # Who created and who revoked a token is audited; each use is not (last_used_at).
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = "Mã truy cập API"
        verbose_name_plural = "Mã truy cập API"
        ordering = ["user_id", "-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or 'không tên'})"
