"""News articles with photos: the public face of the emulation work (issue #5, item 4).

The body is rich text, stored only after `sanitize.clean_html` has removed everything but a
small allowlist of harmless tags; photos are stored only as our own re-encoded JPEGs.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField, NFCTextField
from thidua.core.models import TimeStampedModel
from thidua.cycles.models import ClusterYear
from thidua.news import sanitize
from thidua.organisations.models import Unit


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    PUBLISHED = "published", "Đã đăng"


class Article(TimeStampedModel):
    title = NFCCharField("Tiêu đề", max_length=255)
    slug = models.SlugField("Đường dẫn", max_length=100, unique=True)
    summary = NFCTextField("Tóm tắt", blank=True, max_length=1000)
    body = NFCTextField("Nội dung", blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="Người viết", on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị", null=True, blank=True, on_delete=models.PROTECT, related_name="articles",
        help_text="Để trống: tin của tỉnh (Phòng TĐKT viết).",
    )
    cluster_year = models.ForeignKey(
        ClusterYear, verbose_name="Năm thi đua của cụm", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="articles",
    )
    status = models.CharField(
        "Trạng thái", max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField("Đăng lúc", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Tin bài"
        verbose_name_plural = "Tin bài"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="article_public_list")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
                violation_error_message="Tin đã đăng phải có thời điểm đăng.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ArticleStatus.PUBLISHED

    def clean(self) -> None:
        if self.is_published and not sanitize.has_text(self.body):
            raise ValidationError({"body": "Tin chưa có nội dung: chưa thể đăng."})

    def save(self, *args, **kwargs):
        # Every path (services, admin, imports) stores only the sanitised body.
        self.body = sanitize.clean_html(self.body or "")
        super().save(*args, **kwargs)


class ArticlePhoto(TimeStampedModel):
    """A photo of an article: the cover, or one of its gallery. Files are our JPEG re-encodings
    (at most 1600 px, and a 400 px thumbnail) of an upload, never the upload itself."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField("Ảnh", upload_to="news/%Y/%m/", max_length=200)
    thumbnail = models.FileField("Ảnh thu nhỏ", upload_to="news/%Y/%m/", max_length=200)
    width = models.PositiveIntegerField("Chiều rộng")
    height = models.PositiveIntegerField("Chiều cao")
    thumb_width = models.PositiveIntegerField("Chiều rộng ảnh thu nhỏ")
    thumb_height = models.PositiveIntegerField("Chiều cao ảnh thu nhỏ")
    caption = NFCCharField("Chú thích", max_length=500, blank=True)
    is_cover = models.BooleanField("Ảnh bìa", default=False)
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="Người tải lên"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Ảnh của tin"
        verbose_name_plural = "Ảnh của tin"
        ordering = ["article", "-is_cover", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"], condition=Q(is_cover=True), name="article_one_cover",
                violation_error_message="Tin chỉ có một ảnh bìa.",
            ),
        ]

    def __str__(self) -> str:
        return self.caption or f"Ảnh {self.pk}"
