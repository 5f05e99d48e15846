from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField
from thidua.core.models import TimeStampedModel


class DocumentKind(models.TextChoices):
    MINUTES = "bien_ban", "Biên bản hội nghị tổng kết cụm"
    PROPOSAL = "to_trinh", "Tờ trình đề nghị khen thưởng"
    REPORT = "bao_cao", "Báo cáo tổng kết"
    PACT = "giao_uoc", "Giao ước thi đua"
    DECISION = "quyet_dinh", "Quyết định khen thưởng (kèm danh sách)"


class DocumentTemplate(TimeStampedModel):
    """A DOCX template (docxtpl) an officer uploaded to replace the built-in one for a kind.

    The newest active upload of a kind is used; deactivating it falls back to the previous
    upload, and with none, to the built-in template shipped with the application.
    """

    kind = models.CharField("Loại văn bản", max_length=20, choices=DocumentKind.choices)
    file = models.FileField("Tệp mẫu (.docx)", upload_to="document-templates/")
    note = NFCCharField("Ghi chú", max_length=255, blank=True)
    active = models.BooleanField("Đang dùng", default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Mẫu văn bản"
        ordering = ["kind", "-created_at", "-id"]
