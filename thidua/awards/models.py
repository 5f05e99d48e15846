"""Awards: the catalogue of titles and forms, provincial parameters with effective dates, and the
history of every person and collective (ratings, member counts, awards, initiatives)."""

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField, NFCTextField
from thidua.core.models import TimeStampedModel
from thidua.organisations.models import Person, Unit


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", "Cá nhân"
    COLLECTIVE = "collective", "Tập thể"
    BOTH = "both", "Cá nhân và tập thể"


class AwardCategory(models.TextChoices):
    TITLE = "title", "Danh hiệu thi đua"
    FORM = "form", "Hình thức khen thưởng"


class AwardKind(models.Model):
    """One entry of the catalogue (LDTT, CSTDCS, …, HCLD3), with who decides it and on what basis."""

    code = models.CharField("Mã", max_length=20, primary_key=True)
    name = NFCCharField("Tên", max_length=255)
    short_name = NFCCharField("Tên viết tắt", max_length=50, blank=True)
    category = models.CharField("Loại", max_length=10, choices=AwardCategory.choices)
    applies_to = models.CharField("Đối tượng", max_length=12, choices=SubjectKind.choices)
    authority = NFCCharField("Thẩm quyền quyết định", max_length=255)
    legal_basis = NFCCharField("Căn cứ pháp lý", max_length=255)
    council_review = models.BooleanField("Hội đồng TĐKT tỉnh xét", default=False)
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Danh hiệu, hình thức khen thưởng"
        verbose_name_plural = "Danh mục danh hiệu, hình thức khen thưởng"
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class ParameterKey(models.TextChoices):
    BASE_SALARY = "base_salary", "Mức lương cơ sở (đồng/tháng)"
    CASH_MULTIPLE = "cash_multiple", "Tiền thưởng (hệ số × lương cơ sở)"
    COUNCIL_THRESHOLD = "council_threshold", "Tỷ lệ tán thành của Hội đồng TĐKT tỉnh (%)"
    COUNCIL_MEMBERS = "council_members", "Số thành viên Hội đồng TĐKT tỉnh"


class Parameter(TimeStampedModel):
    """A provincial number that changes over time: the value in force on a date is the row with
    the latest `effective_from` on or before it. `award` and `subject_kind` narrow it to one form."""

    key = models.CharField("Tham số", max_length=30, choices=ParameterKey.choices)
    award = models.ForeignKey(AwardKind, null=True, blank=True, on_delete=models.CASCADE, related_name="parameters")
    subject_kind = models.CharField("Đối tượng", max_length=12, choices=SubjectKind.choices, blank=True)
    value = models.DecimalField("Giá trị", max_digits=14, decimal_places=2)
    effective_from = models.DateField("Hiệu lực từ ngày")
    legal_basis = NFCCharField("Căn cứ", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Tham số"
        ordering = ["key", "award_id", "subject_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "award", "subject_kind", "effective_from"], name="parameter_unique_per_date",
            ),
        ]


class Rating(models.TextChoices):
    EXCELLENT = "HTXSNV", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "HTTNV", "Hoàn thành tốt nhiệm vụ"
    DONE = "HTNV", "Hoàn thành nhiệm vụ"
    NOT_DONE = "KHTNV", "Không hoàn thành nhiệm vụ"


def _one_subject(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(person__isnull=False) & Q(unit__isnull=True)) | (Q(person__isnull=True) & Q(unit__isnull=False)),
        name=f"{prefix}_one_subject",
        violation_error_message="Phải gắn với đúng một cá nhân hoặc một tập thể.",
    )


class YearResult(TimeStampedModel):
    """A person's or a collective's rating for a year; for a collective also the member counts
    its titles depend on (TTLĐTT needs ≥70% LĐTT, TTLĐXS 100% completed and ≥1 CSTĐCS …)."""

    # No single-column indexes: the unique (subject, year) indexes and `year_result_masks` serve
    # every lookup, and each index less is a faster import (see `Meta.indexes`).
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.CASCADE, related_name="year_results", db_index=False
    )
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="year_results", db_index=False)
    year = models.PositiveSmallIntegerField("Năm")
    rating = models.CharField("Xếp loại", max_length=6, choices=Rating.choices)
    members_total = models.PositiveIntegerField("Tổng số thành viên", null=True, blank=True)
    members_completed = models.PositiveIntegerField("Số hoàn thành nhiệm vụ", null=True, blank=True)
    members_ldtt = models.PositiveIntegerField("Số đạt LĐTT", null=True, blank=True)
    members_cstdcs = models.PositiveIntegerField("Số đạt CSTĐCS", null=True, blank=True)
    members_disciplined = models.PositiveIntegerField("Số bị kỷ luật", null=True, blank=True)

    # The audit trail is read by record (history id), date and user, never by subject.
    history = HistoricalRecords(excluded_fields=["updated_at"], no_db_index=["person", "unit"])

    class Meta:
        verbose_name = "Kết quả xếp loại năm"
        constraints = [
            _one_subject("year_result"),
            models.UniqueConstraint(fields=["person", "year"], condition=Q(person__isnull=False), name="year_result_person_year"),
            models.UniqueConstraint(fields=["unit", "year"], condition=Q(unit__isnull=False), name="year_result_unit_year"),
        ]
        # Covers the eligibility engine's GROUP BY subject: read in index order, no table lookups.
        indexes = [models.Index(fields=["person", "unit", "year", "rating"], name="year_result_masks")]


class CommendationType(models.TextChoices):
    """Loại hình khen thưởng (Luật TĐKT 2022, Điều 8)."""

    REGULAR = "CONG_TRANG", "Theo công trạng và thành tích"
    SUDDEN = "DOT_XUAT", "Đột xuất"
    MOVEMENT = "PHONG_TRAO", "Theo phong trào thi đua, chuyên đề"
    SERVICE = "CONG_HIEN", "Theo quá trình cống hiến"
    FOREIGN = "DOI_NGOAI", "Đối ngoại"


class AwardSource(models.TextChoices):
    DECISION = "decision", "Theo quyết định trong hệ thống"
    IMPORT = "import", "Nhập từ Excel"
    MANUAL = "manual", "Nhập tay"


class AwardRecord(TimeStampedModel):
    """A title or form received for a year, with the decision that conferred it."""

    # No single-column indexes (see YearResult): the unique indexes and `award_subject_masks` serve.
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="awards", db_index=False)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="awards", db_index=False)
    award = models.ForeignKey(
        AwardKind, on_delete=models.PROTECT, related_name="records", verbose_name="Danh hiệu, hình thức", db_index=False
    )
    year = models.PositiveSmallIntegerField("Năm thành tích")
    # Only awards "theo công trạng" count toward later awards: results of sudden or thematic
    # awards may not (domain.md §2 rule 3); the engine's subjects read only these.
    commendation_type = models.CharField(
        "Loại hình khen thưởng", max_length=12, choices=CommendationType.choices, default=CommendationType.REGULAR,
    )
    decision_number = NFCCharField("Số quyết định", max_length=50)
    decision_date = models.DateField("Ngày quyết định")
    signer = NFCCharField("Người ký", max_length=150, blank=True)
    source = models.CharField("Nguồn", max_length=10, choices=AwardSource.choices, default=AwardSource.MANUAL)
    decision = models.ForeignKey("Decision", null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    note = NFCCharField("Ghi chú", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], no_db_index=["person", "unit", "award", "decision"])

    class Meta:
        verbose_name = "Khen thưởng đã nhận"
        ordering = ["-year", "award__position"]
        constraints = [
            _one_subject("award_record"),
            models.UniqueConstraint(
                fields=["person", "award", "year"], condition=Q(person__isnull=False), name="award_person_once_a_year",
            ),
            models.UniqueConstraint(
                fields=["unit", "award", "year"], condition=Q(unit__isnull=False), name="award_unit_once_a_year",
            ),
        ]
        indexes = [
            models.Index(fields=["year", "award"], name="award_year_code"),
            # Covers the eligibility engine's GROUP BY subject and code (see YearResult).
            models.Index(fields=["person", "unit", "award", "year", "commendation_type"], name="award_subject_masks"),
        ]


class InitiativeScope(models.TextChoices):
    UNIT = "CO_SO", "Cấp cơ sở"
    PROVINCE = "TINH", "Cấp tỉnh"
    NATIONAL = "TOAN_QUOC", "Toàn quốc"


class Initiative(TimeStampedModel):
    """A recognised initiative (sáng kiến) or project; `used_for` is the award it already earned,
    so that it does not count again for another form (CV 1168/BNV-BTĐKT)."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="initiatives")
    year = models.PositiveSmallIntegerField("Năm công nhận")
    title = NFCCharField("Tên sáng kiến, đề tài", max_length=500)
    scope = models.CharField("Phạm vi ảnh hưởng", max_length=10, choices=InitiativeScope.choices)
    recognised_by = NFCCharField("Cơ quan công nhận", max_length=255, blank=True)
    decision_number = NFCCharField("Số quyết định công nhận", max_length=50, blank=True)
    used_for = models.ForeignKey(
        AwardRecord, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives_used",
        verbose_name="Đã dùng để xét",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Sáng kiến, đề tài"
        ordering = ["-year", "id"]
        constraints = [_one_subject("initiative")]


def parameter_value(key: str, on: datetime.date, award_code: str | None = None, subject_kind: str = "") -> Decimal | None:
    row = (
        Parameter.objects.filter(key=key, award_id=award_code, subject_kind=subject_kind, effective_from__lte=on)
        .order_by("-effective_from")
        .first()
    )
    return row.value if row else None


class ProposalState(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    SUBMITTED = "submitted", "Đã trình"
    RECEIVED = "received", "Đã tiếp nhận"
    RETURNED = "returned", "Bị trả lại"
    APPRAISED = "appraised", "Đã thẩm định"
    COUNCIL = "council", "Hội đồng đang xét"
    DECIDED = "decided", "Đã có quyết định"


class Proposal(TimeStampedModel):
    """A unit's dossier (tờ trình + danh sách + attachments) asking the province for awards."""

    proposing_unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="award_proposals", verbose_name="Đơn vị trình")
    year = models.PositiveSmallIntegerField("Năm thành tích")
    title = NFCCharField("Trích yếu", max_length=500)
    number = NFCCharField("Số tờ trình", max_length=50, blank=True)
    state = models.CharField("Trạng thái", max_length=12, choices=ProposalState.choices, default=ProposalState.DRAFT)
    return_reason = NFCTextField("Lý do trả lại", blank=True)
    appraisal_note = NFCTextField("Ý kiến thẩm định", blank=True)
    submitted_at = models.DateTimeField("Trình lúc", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Hồ sơ đề nghị khen thưởng"
        ordering = ["-year", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title


class ProposalItem(TimeStampedModel):
    """One subject proposed for one award, with the engine's verdict at the time it was added
    and, when the verdict was not eligible, the officer's reason to propose anyway."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    award = models.ForeignKey(AwardKind, on_delete=models.PROTECT, related_name="+", verbose_name="Danh hiệu, hình thức")
    eligible = models.BooleanField("Đủ điều kiện khi đề nghị")
    verdict = models.JSONField("Các điều kiện đã kiểm tra", default=list)
    override_reason = NFCTextField("Lý do đề nghị dù chưa đủ điều kiện", blank=True)
    initiatives = models.ManyToManyField(Initiative, blank=True, related_name="proposal_items", verbose_name="Sáng kiến sử dụng")
    approved = models.BooleanField("Được khen thưởng", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["proposal", "award__position", "id"]
        constraints = [_one_subject("proposal_item")]

    @property
    def subject_name(self) -> str:
        return self.person.full_name if self.person_id else self.unit.name


class AttachmentKind(models.TextChoices):
    ACHIEVEMENT_REPORT = "bao_cao_thanh_tich", "Báo cáo thành tích"
    MINUTES = "bien_ban", "Biên bản họp xét"
    OTHER = "khac", "Tài liệu khác"


class ProposalAttachment(TimeStampedModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("Loại tài liệu", max_length=20, choices=AttachmentKind.choices)
    file = models.FileField("Tệp", upload_to="proposals/%Y/")
    description = NFCCharField("Mô tả", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])


class CouncilBallot(models.Model):
    """A council member's vote on one item (the council's vote is by name, not secret)."""

    item = models.ForeignKey(ProposalItem, on_delete=models.CASCADE, related_name="ballots")
    member = models.ForeignKey("auth.User", on_delete=models.PROTECT, related_name="+")
    approve = models.BooleanField()
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "member"], name="council_one_ballot")]


class Decision(TimeStampedModel):
    """The decision (Quyết định) that settles a proposal and writes the awards into the history."""

    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="decision")
    number = NFCCharField("Số quyết định", max_length=50)
    date = models.DateField("Ngày quyết định")
    signer = NFCCharField("Người ký", max_length=150)
    signer_title = NFCCharField("Chức vụ người ký", max_length=150, default="KT. CHỦ TỊCH – PHÓ CHỦ TỊCH")

    history = HistoricalRecords(excluded_fields=["updated_at"])
