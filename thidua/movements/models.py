"""Movements (phong trào thi đua), the units' answers to them, and campaigns (đợt thi đua) whose
commendations go into the award history (issue #5, items 1 and 2).

A movement is launched by a plan of the province (Kế hoạch …/KH-UBND); each target unit answers
with its own plan, then its mid-term (sơ kết) and final (tổng kết) reports, each by a deadline.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from thidua.awards.models import AwardKind, AwardRecord, CommendationType
from thidua.core.fields import NFCCharField, NFCTextField
from thidua.core.models import TimeStampedModel
from thidua.organisations.models import Person, Unit


class MovementKind(models.TextChoices):
    REGULAR = "thuong_xuyen", "Thường xuyên"
    THEMATIC = "chuyen_de", "Chuyên đề"
    PERIODIC = "theo_dot", "Theo đợt"


class MovementState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    LAUNCHED = "launched", "Đã phát động"
    CLOSED = "closed", "Đã kết thúc"


class Movement(TimeStampedModel):
    name = NFCCharField("Tên phong trào", max_length=500)
    kind = models.CharField("Loại phong trào", max_length=15, choices=MovementKind.choices)
    plan_number = NFCCharField("Số kế hoạch phát động", max_length=50, help_text="Ví dụ: 124/KH-UBND")
    plan_date = models.DateField("Ngày ban hành kế hoạch")
    plan_signer = NFCCharField("Người ký kế hoạch", max_length=150, blank=True)
    plan_file = models.FileField("Tệp kế hoạch", upload_to="movements/%Y/", blank=True, max_length=200)
    starts_on = models.DateField("Bắt đầu từ ngày")
    ends_on = models.DateField("Kết thúc ngày")
    criteria = NFCTextField("Nội dung, tiêu chí thi đua", blank=True)
    target_units = models.ManyToManyField(Unit, verbose_name="Đơn vị tham gia", related_name="movements", blank=True)
    allowed_forms = models.ManyToManyField(
        AwardKind, verbose_name="Hình thức khen thưởng", related_name="movements", blank=True,
    )
    answer_deadline = models.DateField("Hạn gửi kế hoạch hưởng ứng")
    mid_review_on = models.DateField("Ngày sơ kết", null=True, blank=True)
    mid_report_deadline = models.DateField("Hạn gửi báo cáo sơ kết", null=True, blank=True)
    final_review_on = models.DateField("Ngày tổng kết", null=True, blank=True)
    final_report_deadline = models.DateField("Hạn gửi báo cáo tổng kết", null=True, blank=True)
    state = models.CharField("Trạng thái", max_length=10, choices=MovementState.choices, default=MovementState.DRAFT)
    launched_at = models.DateTimeField("Phát động lúc", null=True, blank=True)
    closed_at = models.DateTimeField("Kết thúc lúc", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[target_units, allowed_forms])

    class Meta:
        verbose_name = "Phong trào thi đua"
        verbose_name_plural = "Phong trào thi đua"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="movement_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "phải từ ngày bắt đầu trở về sau."
        if self.mid_review_on and self.final_review_on and self.final_review_on < self.mid_review_on:
            errors["final_review_on"] = "phải sau ngày sơ kết."
        if self.mid_report_deadline and self.mid_review_on and self.mid_report_deadline > self.mid_review_on:
            errors["mid_report_deadline"] = "phải trước hoặc đúng ngày sơ kết."
        if self.final_report_deadline and self.final_review_on and self.final_report_deadline > self.final_review_on:
            errors["final_report_deadline"] = "phải trước hoặc đúng ngày tổng kết."
        if self.mid_report_deadline and not self.mid_review_on:
            errors["mid_review_on"] = "cần nhập khi đã có hạn gửi báo cáo sơ kết."
        if self.final_report_deadline and not self.final_review_on:
            errors["final_review_on"] = "cần nhập khi đã có hạn gửi báo cáo tổng kết."
        if errors:
            raise ValidationError(errors)

    def deadline_for(self, kind: str) -> datetime.date | None:
        return {
            ResponseKind.PLAN: self.answer_deadline,
            ResponseKind.MID_REPORT: self.mid_report_deadline,
            ResponseKind.FINAL_REPORT: self.final_report_deadline,
        }[kind]


class ResponseKind(models.TextChoices):
    PLAN = "ke_hoach", "Kế hoạch hưởng ứng"
    MID_REPORT = "so_ket", "Báo cáo sơ kết"
    FINAL_REPORT = "tong_ket", "Báo cáo tổng kết"


class UnitResponse(TimeStampedModel):
    """A target unit's answer to a movement: its plan (kế hoạch hưởng ứng) or a report.
    `submitted_at` is the first sending: sending again corrects the text but not the lateness."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="movement_responses", verbose_name="Đơn vị")
    kind = models.CharField("Loại văn bản", max_length=10, choices=ResponseKind.choices)
    number = NFCCharField("Số văn bản", max_length=50)
    issued_on = models.DateField("Ngày văn bản")
    signer = NFCCharField("Người ký", max_length=150)
    file = models.FileField("Tệp văn bản", upload_to="movements/answers/%Y/", blank=True, max_length=200)
    content = NFCTextField("Nội dung chính", blank=True)
    submitted_at = models.DateTimeField("Gửi lúc")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Văn bản hưởng ứng phong trào"
        ordering = ["movement", "unit__sort_key", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["movement", "unit", "kind"], name="movement_response_once",
                violation_error_message="Đơn vị đã gửi văn bản này cho phong trào.",
            ),
        ]


class Campaign(TimeStampedModel):
    """An emulation campaign (đợt thi đua): a short window, inside a movement or on its own,
    organised by the province (no unit) or by one unit."""

    name = NFCCharField("Tên đợt thi đua", max_length=500)
    movement = models.ForeignKey(
        Movement, null=True, blank=True, on_delete=models.PROTECT, related_name="campaigns", verbose_name="Thuộc phong trào",
    )
    organiser = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="organised_campaigns",
        verbose_name="Đơn vị tổ chức", help_text="Để trống: đợt thi đua do tỉnh phát động.",
    )
    starts_on = models.DateField("Bắt đầu từ ngày")
    ends_on = models.DateField("Kết thúc ngày")
    description = NFCTextField("Nội dung", blank=True)
    allowed_forms = models.ManyToManyField(AwardKind, verbose_name="Hình thức khen thưởng", related_name="campaigns", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[allowed_forms])

    class Meta:
        verbose_name = "Đợt thi đua"
        verbose_name_plural = "Đợt thi đua"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "phải từ ngày bắt đầu trở về sau."
        movement = self.movement
        if movement is not None and self.starts_on and self.ends_on:
            if self.starts_on < movement.starts_on or self.ends_on > movement.ends_on:
                errors["starts_on"] = (
                    f"đợt thi đua phải nằm trong thời gian của phong trào "
                    f"({movement.starts_on:%d/%m/%Y} – {movement.ends_on:%d/%m/%Y})."
                )
        if errors:
            raise ValidationError(errors)

    @property
    def organiser_name(self) -> str:
        return self.organiser.name if self.organiser_id else "UBND tỉnh"


class CampaignCommendation(TimeStampedModel):
    """A commendation of a campaign: the award record it wrote into the history, and the
    campaign it belongs to (so the same subject is not commended twice with one form)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="commendations")
    record = models.OneToOneField(AwardRecord, on_delete=models.PROTECT, related_name="campaign_commendation")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="+", verbose_name="Hình thức khen thưởng")
    commendation_type = models.CharField("Loại hình khen thưởng", max_length=12, choices=CommendationType.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Khen thưởng đợt thi đua"
        ordering = ["campaign", "award__position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True)) | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="campaign_commendation_one_subject",
                violation_error_message="Phải gắn với đúng một cá nhân hoặc một tập thể.",
            ),
            models.CheckConstraint(
                condition=Q(commendation_type__in=[CommendationType.MOVEMENT, CommendationType.SUDDEN]),
                name="campaign_commendation_type",
                violation_error_message="Khen thưởng đợt thi đua chỉ theo phong trào hoặc đột xuất.",
            ),
            models.UniqueConstraint(
                fields=["campaign", "person", "award"], condition=Q(person__isnull=False),
                name="campaign_person_award_once",
            ),
            models.UniqueConstraint(
                fields=["campaign", "unit", "award"], condition=Q(unit__isnull=False),
                name="campaign_unit_award_once",
            ),
        ]

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name
