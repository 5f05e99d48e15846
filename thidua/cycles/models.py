"""The cluster's emulation year: phases, criteria tables, registration and pact, scores,
consolidation changes with the unit's answer, votes with secret ballots, the conference."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField, NFCTextField
from thidua.core.models import TimeStampedModel
from thidua.cycles.workflow import PHASES
from thidua.organisations.models import Cluster, Person, Unit

Phase = models.TextChoices("Phase", [(code, (code, label)) for code, label in PHASES])


class Aggregate(models.TextChoices):
    SELF = "self", "Điểm tự chấm"
    MEAN_CROSS = "mean_cross", "Trung bình điểm chấm chéo"
    REVIEWED = "reviewed", "Điểm Trưởng cụm tổng hợp (thay điểm chấm chéo nếu có)"


class CrossScoringMode(models.TextChoices):
    ALL = "all", "Mọi đơn vị chấm mọi đơn vị khác"
    ROTATION = "rotation", "Theo phân công của Trưởng cụm"


DEFAULT_TIE_BREAKS = ["fewer_penalty", "more_bonus"]
DEFAULT_QUOTAS = [{"form": "CO_TINH", "count": 1}, {"form": "BK_TINH", "count": 2}]


class ClusterYear(TimeStampedModel):
    """One cluster's emulation year and how it is scored, ranked and voted."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="years", verbose_name="Cụm, khối")
    year = models.PositiveSmallIntegerField("Năm")
    phase = models.CharField("Giai đoạn", max_length=20, choices=Phase.choices, default="setup")
    aggregate = models.CharField(
        "Cách tính điểm", max_length=20, choices=Aggregate.choices, default=Aggregate.REVIEWED
    )
    cross_scoring = models.CharField(
        "Chấm chéo", max_length=10, choices=CrossScoringMode.choices, default=CrossScoringMode.ALL
    )
    tie_breaks = models.JSONField("Tiêu chí phụ khi bằng điểm", default=list, blank=True)
    quotas = models.JSONField("Chỉ tiêu đề nghị khen thưởng", default=list, blank=True)
    vote_threshold_numerator = models.PositiveSmallIntegerField("Tỷ lệ tán thành (tử số)", default=1)
    vote_threshold_denominator = models.PositiveSmallIntegerField("Tỷ lệ tán thành (mẫu số)", default=2)
    vote_threshold_strict = models.BooleanField(
        "Phải vượt (không chỉ bằng) tỷ lệ", default=True,
        help_text="Bật: “trên một nửa”; tắt: “từ hai phần ba trở lên”.",
    )
    secret_ballots = models.BooleanField("Bỏ phiếu kín", default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Năm thi đua của cụm"
        verbose_name_plural = "Năm thi đua của cụm"
        ordering = ["cluster__code", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_year_unique"),
            models.CheckConstraint(
                condition=Q(vote_threshold_denominator__gt=0)
                & Q(vote_threshold_numerator__lte=models.F("vote_threshold_denominator")),
                name="cluster_year_threshold_is_a_fraction",
                violation_error_message="Tỷ lệ tán thành phải là một phân số không lớn hơn 1.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name} – năm {self.year}"


class PhaseSchedule(models.Model):
    """When a phase should start and its deadline; the leader moves the year on by hand."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="schedule")
    phase = models.CharField("Giai đoạn", max_length=20, choices=Phase.choices)
    starts_on = models.DateField("Bắt đầu", null=True, blank=True)
    due_on = models.DateField("Hạn hoàn thành", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "phase"], name="schedule_one_row_per_phase"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(due_on__isnull=True) | Q(due_on__gte=models.F("starts_on")),
                name="schedule_dates_ordered",
                violation_error_message="Hạn hoàn thành phải sau ngày bắt đầu.",
            ),
        ]


class CriterionKind(models.TextChoices):
    SCORE = "score", "Chấm điểm"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class CriteriaTable(TimeStampedModel):
    """A scoring table (thang điểm). Several per year are allowed, e.g. one per kind of member."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="tables")
    name = NFCCharField("Tên bảng tiêu chí", max_length=255)
    units = models.ManyToManyField(
        Unit, blank=True, related_name="+", verbose_name="Áp dụng cho đơn vị",
        help_text="Để trống: áp dụng cho mọi thành viên chưa có bảng riêng.",
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Bảng tiêu chí"
        ordering = ["cluster_year", "id"]

    def __str__(self) -> str:
        return self.name


class CriteriaGroup(models.Model):
    table = models.ForeignKey(CriteriaTable, on_delete=models.CASCADE, related_name="groups")
    code = NFCCharField("Mã nhóm", max_length=20)
    name = NFCCharField("Tên nhóm tiêu chí", max_length=500)
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["table", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="group_code_unique_in_table")]

    def __str__(self) -> str:
        return f"{self.code}. {self.name}"


class Criterion(models.Model):
    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    code = NFCCharField("Mã tiêu chí", max_length=20)
    text = NFCTextField("Nội dung tiêu chí")
    kind = models.CharField("Loại", max_length=10, choices=CriterionKind.choices, default=CriterionKind.SCORE)
    max_points = models.DecimalField(
        "Điểm tối đa", max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    guidance = NFCTextField("Hướng dẫn chấm", blank=True)
    evidence_required = models.BooleanField("Bắt buộc có minh chứng", default=False)
    position = models.PositiveSmallIntegerField("Thứ tự", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "Tiêu chí"
        ordering = ["group__position", "group_id", "position", "id"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"


class Registration(TimeStampedModel):
    """What a member unit registers to aim for this year (đăng ký thi đua)."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="registrations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    titles = models.JSONField("Danh hiệu, hình thức đăng ký", default=list, blank=True)
    targets = NFCTextField("Chỉ tiêu, nội dung đăng ký", blank=True)
    submitted_at = models.DateTimeField("Gửi lúc", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cluster_year", "unit"], name="registration_one_per_unit")]


class Pact(TimeStampedModel):
    """The emulation pact (giao ước thi đua) the members sign at the start of the year."""

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="pact")
    title = NFCCharField("Tiêu đề", max_length=255, default="Giao ước thi đua")
    text = NFCTextField("Nội dung giao ước")
    targets = NFCTextField("Các chỉ tiêu chung", blank=True)
    signed_at_place = NFCCharField("Địa điểm ký", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])


class PactSignature(models.Model):
    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="signatures")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = NFCCharField("Người ký", max_length=150)
    signer_position = NFCCharField("Chức vụ", max_length=150, blank=True)
    signed_at = models.DateTimeField("Ký lúc")

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pact", "unit"], name="pact_one_signature_per_unit")]


class CrossAssignment(models.Model):
    """In rotation mode: which member scores which."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="assignments")
    scorer = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scored = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "scorer", "scored"], name="assignment_unique"),
            models.CheckConstraint(condition=~Q(scorer=models.F("scored")), name="assignment_not_self"),
        ]


class ScoreKind(models.TextChoices):
    SELF = "self", "Tự chấm"
    CROSS = "cross", "Chấm chéo"
    REVIEW = "review", "Trưởng cụm tổng hợp"


class Score(TimeStampedModel):
    """Points given to `unit` on one criterion: by itself, by another member, or by the leader.

    `version` grows on every change; a save that names an older version is refused, so two
    people editing the same score never silently overwrite each other.
    """

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị được chấm")
    kind = models.CharField("Loại điểm", max_length=10, choices=ScoreKind.choices)
    scorer = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị chấm"
    )
    points = models.DecimalField("Điểm", max_digits=7, decimal_places=2)
    note = NFCTextField("Giải trình, ghi chú", blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Điểm"
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "unit", "kind", "scorer"], name="score_one_per_scorer",
            ),
            models.UniqueConstraint(
                fields=["criterion", "unit"], condition=Q(kind="review"), name="score_one_review",
            ),
            models.CheckConstraint(condition=Q(points__gte=0), name="score_not_negative"),
        ]

    def clean(self) -> None:
        if self.criterion_id and self.points is not None and self.points > self.criterion.max_points:
            raise ValidationError(
                {"points": f"Điểm {self.points} vượt quá điểm tối đa {self.criterion.max_points} "
                           f"của tiêu chí {self.criterion.code}."}
            )


class Evidence(TimeStampedModel):
    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("Tệp minh chứng", upload_to="evidence/%Y/")
    description = NFCCharField("Mô tả", max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords(excluded_fields=["updated_at"])


class ScoreChange(TimeStampedModel):
    """The leader changed another unit's score: the reason, and that unit's answer (giải trình)."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="changes")
    old_points = models.DecimalField("Điểm cũ", max_digits=7, decimal_places=2)
    new_points = models.DecimalField("Điểm mới", max_digits=7, decimal_places=2)
    reason = NFCTextField("Lý do điều chỉnh")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    response = NFCTextField("Giải trình của đơn vị", blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-id"]


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", "Dự kiến"
    APPROVED = "approved", "Hội nghị nhất trí"
    REJECTED = "rejected", "Không được nhất trí"
    SUBMITTED = "submitted", "Đã trình tỉnh"


class ClusterProposal(TimeStampedModel):
    """The cluster proposes `unit` for a provincial form (e.g. Cờ thi đua) from its ranking."""

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="proposals")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị")
    form = models.CharField("Hình thức khen thưởng", max_length=20)
    rank = models.PositiveSmallIntegerField("Xếp hạng")
    total = models.DecimalField("Tổng điểm", max_digits=8, decimal_places=2)
    status = models.CharField("Trạng thái", max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    note = NFCTextField("Ghi chú", blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["cluster_year", "rank", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cluster_year", "unit", "form"], name="proposal_unique"),
        ]


class VoteKind(models.TextChoices):
    PROPOSAL = "proposal", "Biểu quyết đề nghị khen thưởng"
    TIE = "tie", "Bỏ phiếu khi bằng điểm"
    LEADER = "leader", "Bầu Trưởng cụm"
    VICE = "vice", "Bầu Phó trưởng cụm"


class Vote(TimeStampedModel):
    """One question put to the member units: one ballot per unit.

    A secret vote keeps only who has voted (BallotReceipt without an option) and the count on
    each option, so no row anywhere links a unit to its choice, for admins either.
    """

    cluster_year = models.ForeignKey(ClusterYear, on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField("Loại", max_length=10, choices=VoteKind.choices)
    question = NFCTextField("Nội dung biểu quyết")
    proposal = models.ForeignKey(
        ClusterProposal, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    form = models.CharField("Hình thức (khi bỏ phiếu bằng điểm)", max_length=20, blank=True)
    secret = models.BooleanField("Bỏ phiếu kín", default=True)
    threshold_numerator = models.PositiveSmallIntegerField(default=1)
    threshold_denominator = models.PositiveSmallIntegerField(default=2)
    threshold_strict = models.BooleanField(default=True)
    electorate = models.PositiveSmallIntegerField("Số đơn vị có quyền biểu quyết")
    opened_at = models.DateTimeField("Mở lúc")
    closed_at = models.DateTimeField("Đóng lúc", null=True, blank=True)
    outcome = NFCTextField("Kết quả", blank=True)
    passed = models.BooleanField("Thông qua", null=True, blank=True)
    winner = models.ForeignKey(
        "VoteOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["cluster_year", "opened_at", "id"]

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class VoteOption(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="options")
    label = NFCCharField("Phương án", max_length=255)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    approves = models.BooleanField(null=True, blank=True, help_text="Đồng ý / không đồng ý cho câu hỏi có-không.")
    count = models.PositiveIntegerField("Số phiếu", default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["vote", "position", "id"]


class BallotReceipt(models.Model):
    """A member unit has voted. `option` is kept only for open (non-secret) votes."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="receipts")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(VoteOption, null=True, blank=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "unit"], name="one_ballot_per_unit")]


class Conference(TimeStampedModel):
    """The year-end conference (hội nghị tổng kết) and what its minutes record."""

    cluster_year = models.OneToOneField(ClusterYear, on_delete=models.CASCADE, related_name="conference")
    held_on = models.DateField("Ngày họp")
    starts_at = models.TimeField("Giờ bắt đầu", null=True, blank=True)
    host = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="Đơn vị đăng cai")
    place = NFCCharField("Địa điểm", max_length=255)
    chair = NFCCharField("Chủ trì", max_length=255, blank=True)
    secretary = NFCCharField("Thư ký", max_length=255, blank=True)
    guests = NFCTextField("Đại biểu mời", blank=True)
    agenda = NFCTextField("Chương trình", blank=True)
    achievements = NFCTextField("Kết quả nổi bật", blank=True)
    limitations = NFCTextField("Hạn chế", blank=True)
    measures = NFCTextField("Giải pháp, phương hướng", blank=True)
    conclusions = NFCTextField("Kết luận", blank=True)
    minutes_number = NFCCharField("Số biên bản", max_length=50, blank=True)
    proposal_number = NFCCharField("Số tờ trình", max_length=50, blank=True)
    report_number = NFCCharField("Số báo cáo", max_length=50, blank=True)
    ended_at = models.TimeField("Giờ kết thúc", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])


class Attendee(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="attendees")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = NFCCharField("Họ và tên", max_length=150)
    position = NFCCharField("Chức vụ", max_length=150, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "id"]
