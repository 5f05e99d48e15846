"""What has been sent, so a reminder never goes twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class SentReminder(models.Model):
    """One reminder of one deadline at one threshold to one person.

    The key includes the due date: a deadline moved to a later date is a new deadline and is
    reminded again; the same deadline at the same threshold never is.
    """

    object_key = models.CharField("Việc", max_length=200)
    kind = models.CharField("Loại việc", max_length=50)
    due = models.DateField("Hạn")
    days_before = models.SmallIntegerField("Số ngày trước hạn", help_text="Âm: số ngày sau hạn (quá hạn).")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="Người nhận"
    )
    email = models.EmailField("Địa chỉ đã gửi")
    sent_at = models.DateTimeField("Gửi lúc", default=timezone.now)

    class Meta:
        verbose_name = "Thư nhắc việc đã gửi"
        verbose_name_plural = "Thư nhắc việc đã gửi"
        constraints = [
            models.UniqueConstraint(
                fields=["object_key", "due", "days_before", "recipient"], name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.object_key} ({self.days_before}) → {self.email}"
