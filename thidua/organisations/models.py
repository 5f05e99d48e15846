"""The organisation registry: units (a tree with validity dates), clusters and blocks with yearly
membership and roles, people with their position history, and the role grants of users."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.contrib.auth.models import User
from simple_history import register
from simple_history.models import HistoricalRecords

from thidua.core.fields import NFCCharField, NFCTextField
from thidua.core.models import TimeStampedModel
from thidua.core.vntext import fold, person_sort_key, sort_key

CODE_VALIDATOR = RegexValidator(
    r"^[A-Z0-9][A-Z0-9_.\-]*$",
    "Mã chỉ gồm chữ in hoa không dấu, chữ số và các dấu - _ . (ví dụ: SKHCN, CUM-II).",
)
PERSONAL_ID_VALIDATOR = RegexValidator(
    r"^\d{12}$", "Số định danh cá nhân phải gồm đúng 12 chữ số."
)


class UnitKind(models.TextChoices):
    PROVINCE = "tinh", "UBND tỉnh"
    DEPARTMENT = "so", "Sở"
    BOARD = "ban_nganh", "Ban, ngành tỉnh"
    DISTRICT = "huyen", "UBND huyện, thành phố"
    COMMUNE = "xa", "UBND xã, phường, đặc khu"
    PUBLIC_SERVICE = "su_nghiep", "Đơn vị sự nghiệp"
    ORGANISATION = "doan_the", "Tổ chức chính trị - xã hội, hội"
    ENTERPRISE = "doanh_nghiep", "Doanh nghiệp"
    DIVISION = "phong", "Phòng, ban thuộc đơn vị"
    OTHER = "khac", "Khác"


class Unit(TimeStampedModel):
    """A body that can be a cluster member, employ people and receive collective awards.

    A unit is never deleted once it has history: a dissolved or merged unit gets `valid_to`
    and, for a merger, the `successor` that took over its tasks.
    """

    code = NFCCharField("Mã đơn vị", max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = NFCCharField("Tên đầy đủ", max_length=255)
    short_name = NFCCharField("Tên viết tắt", max_length=100, blank=True)
    kind = models.CharField("Loại hình", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="Đơn vị cấp trên",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField("Hiệu lực từ ngày", null=True, blank=True)
    valid_to = models.DateField("Hiệu lực đến ngày", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name="Đơn vị kế thừa",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    note = NFCTextField("Ghi chú", blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "updated_at"])

    class Meta:
        verbose_name = "Đơn vị"
        verbose_name_plural = "Đơn vị"
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_dates_ordered",
                violation_error_message="Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")),
                name="unit_not_own_parent",
                violation_error_message="Đơn vị không thể là cấp trên của chính nó.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def derive(self) -> None:
        # Derived columns: kept in the row so both databases can search and sort on an index.
        self.search_text = fold(f"{self.code} {self.name} {self.short_name}")[:500]
        self.sort_key = sort_key(self.name)[:600]

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "Cây đơn vị không được có vòng lặp."})
            if ancestor.pk in seen:
                break
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": "Đơn vị không thể kế thừa chính nó."})
        if self.successor_id is not None and self.valid_to is None:
            raise ValidationError(
                {"valid_to": "Đơn vị đã có đơn vị kế thừa phải có ngày hết hiệu lực."}
            )

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class ClusterKind(models.TextChoices):
    CLUSTER = "cum", "Cụm thi đua"
    BLOCK = "khoi", "Khối thi đua"


class Cluster(TimeStampedModel):
    """A cụm or khối thi đua: member units of similar function that emulate each other yearly."""

    code = NFCCharField("Mã cụm, khối", max_length=32, unique=True, validators=[CODE_VALIDATOR])
    name = NFCCharField("Tên cụm, khối", max_length=255)
    kind = models.CharField("Loại", max_length=10, choices=ClusterKind.choices)
    managing_body = models.ForeignKey(
        Unit,
        verbose_name="Cơ quan quản lý",
        on_delete=models.PROTECT,
        related_name="managed_clusters",
    )
    established_on = models.DateField("Ngày thành lập", null=True, blank=True)
    dissolved_on = models.DateField("Ngày giải thể", null=True, blank=True)
    note = NFCTextField("Ghi chú", blank=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "updated_at"])

    class Meta:
        verbose_name = "Cụm, khối thi đua"
        verbose_name_plural = "Cụm, khối thi đua"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.code} {self.name}")[:500]
        super().save(*args, **kwargs)


class ClusterRole(models.TextChoices):
    LEADER = "truong_cum", "Trưởng cụm"
    VICE = "pho_truong_cum", "Phó trưởng cụm"
    MEMBER = "thanh_vien", "Thành viên"


class ClusterMembership(TimeStampedModel):
    """One unit in one cluster for one year, with its role that year, as a dated row."""

    cluster = models.ForeignKey(
        Cluster, verbose_name="Cụm, khối", on_delete=models.PROTECT, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="memberships"
    )
    year = models.PositiveSmallIntegerField("Năm")
    role = models.CharField(
        "Vai trò", max_length=20, choices=ClusterRole.choices, default=ClusterRole.MEMBER
    )
    valid_from = models.DateField("Từ ngày")
    valid_to = models.DateField("Đến ngày")
    note = NFCCharField("Ghi chú", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Thành viên cụm, khối"
        verbose_name_plural = "Thành viên cụm, khối"
        ordering = ["cluster", "-year", "role", "unit__sort_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "unit", "year"],
                name="membership_one_row_per_unit_year",
                violation_error_message="Đơn vị này đã là thành viên của cụm trong năm đó.",
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="truong_cum"),
                name="membership_one_leader_per_year",
                violation_error_message="Cụm đã có Trưởng cụm trong năm này.",
            ),
            models.UniqueConstraint(
                fields=["cluster", "year"],
                condition=Q(role="pho_truong_cum"),
                name="membership_one_vice_per_year",
                violation_error_message="Cụm đã có Phó trưởng cụm trong năm này.",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__gte=models.F("valid_from")),
                name="membership_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} – {self.cluster} ({self.year})"

    def clean(self) -> None:
        if self.year and self.valid_from and self.valid_from.year != self.year:
            raise ValidationError({"valid_from": "Ngày bắt đầu phải nằm trong năm thi đua."})
        if self.year and self.valid_to and self.valid_to.year != self.year:
            raise ValidationError({"valid_to": "Ngày kết thúc phải nằm trong năm thi đua."})


class Gender(models.TextChoices):
    MALE = "nam", "Nam"
    FEMALE = "nu", "Nữ"


class Person(TimeStampedModel):
    """A person who can be proposed for titles and awards."""

    ho = NFCCharField("Họ", max_length=50)
    chu_dem = NFCCharField("Chữ đệm", max_length=100, blank=True)
    ten = NFCCharField("Tên", max_length=50)
    full_name = NFCCharField("Họ và tên", max_length=210, editable=False)
    gender = models.CharField("Giới tính", max_length=5, choices=Gender.choices)
    date_of_birth = models.DateField("Ngày sinh", null=True, blank=True)
    personal_id = models.CharField(
        "Số định danh cá nhân",
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        validators=[PERSONAL_ID_VALIDATOR],
        help_text="12 chữ số trên thẻ căn cước / CCCD.",
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị công tác", on_delete=models.PROTECT, related_name="people"
    )
    position = NFCCharField("Chức vụ", max_length=150, blank=True)
    email = models.EmailField("Thư điện tử", blank=True)
    phone = models.CharField("Điện thoại", max_length=20, blank=True)
    search_text = models.CharField(max_length=300, editable=False, db_index=True, default="")
    sort_key = models.CharField(max_length=600, editable=False, db_index=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key", "updated_at"])

    class Meta:
        verbose_name = "Cá nhân"
        verbose_name_plural = "Cá nhân"
        ordering = ["sort_key", "date_of_birth", "id"]
        indexes = [models.Index(fields=["unit", "sort_key"], name="person_unit_sort")]

    def __str__(self) -> str:
        return self.full_name

    def derive(self) -> None:
        """Fill the derived columns; save() calls it, bulk inserts must call it themselves."""
        self.full_name = " ".join(part for part in (self.ho, self.chu_dem, self.ten) if part)
        self.search_text = fold(self.full_name)[:300]
        self.sort_key = person_sort_key(self.ho, self.chu_dem, self.ten)[:600]
        if self.personal_id == "":
            self.personal_id = None

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)


class PositionHistory(TimeStampedModel):
    """Where and as what a person worked, from when to when (open-ended while current)."""

    person = models.ForeignKey(
        Person, verbose_name="Cá nhân", on_delete=models.CASCADE, related_name="positions"
    )
    unit = models.ForeignKey(
        Unit, verbose_name="Đơn vị", on_delete=models.PROTECT, related_name="position_rows"
    )
    position = NFCCharField("Chức vụ", max_length=150, blank=True)
    start_date = models.DateField("Từ ngày")
    end_date = models.DateField("Đến ngày", null=True, blank=True)
    note = NFCCharField("Ghi chú", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Quá trình công tác"
        verbose_name_plural = "Quá trình công tác"
        ordering = ["person", "-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_dates_ordered",
                violation_error_message="Ngày kết thúc phải sau ngày bắt đầu.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position} – {self.unit}"


class Role(models.TextChoices):
    PROVINCE_OFFICE = "province_office", "Phòng TĐKT – Sở Nội vụ"
    COUNCIL_MEMBER = "council_member", "Thành viên Hội đồng TĐKT"
    CLUSTER_LEADER = "cluster_leader", "Trưởng cụm"
    CLUSTER_VICE = "cluster_vice", "Phó trưởng cụm"
    UNIT_OFFICER = "unit_officer", "Cán bộ TĐKT đơn vị"
    UNIT_HEAD = "unit_head", "Thủ trưởng đơn vị"
    GUEST = "guest", "Khách"


UNIT_ROLES = {Role.UNIT_OFFICER, Role.UNIT_HEAD}
CLUSTER_ROLES = {Role.CLUSTER_LEADER, Role.CLUSTER_VICE}


class RoleAssignment(TimeStampedModel):
    """A role granted to a user for a unit or a cluster, for one year or (year empty) every year."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Người dùng",
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField("Vai trò", max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name="Đơn vị",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    cluster = models.ForeignKey(
        Cluster,
        verbose_name="Cụm, khối",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    year = models.PositiveSmallIntegerField("Năm", null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Phân quyền"
        verbose_name_plural = "Phân quyền"
        ordering = ["user__username", "role", "year"]
        # Uniqueness over nullable scope columns is checked in role_assign(): NULLs are
        # distinct in SQL, and nulls_distinct=False exists on PostgreSQL 15+ only.

    def __str__(self) -> str:
        scope = self.unit or self.cluster or "toàn tỉnh"
        year = self.year or "mọi năm"
        return f"{self.get_role_display()} – {scope} – {year}"

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": "Vai trò này phải gắn với một đơn vị."})
        if self.role in CLUSTER_ROLES and self.cluster_id is None:
            raise ValidationError({"cluster": "Vai trò này phải gắn với một cụm, khối."})
        if self.role not in UNIT_ROLES | CLUSTER_ROLES and (self.unit_id or self.cluster_id):
            if self.role != Role.PROVINCE_OFFICE:
                raise ValidationError("Vai trò này áp dụng toàn tỉnh, không gắn với đơn vị.")

    def applies_to_year(self, year: int) -> bool:
        return self.year is None or self.year == year


# Accounts are audited too (who created or locked a login, and when); never the password hash.
register(User, app=__package__, excluded_fields=["password", "last_login"])


class DisciplineForm(models.TextChoices):
    REPRIMAND = "khien_trach", "Khiển trách"
    WARNING = "canh_cao", "Cảnh cáo"
    DEMOTION = "ha_bac_luong", "Hạ bậc lương"
    REMOVAL = "cach_chuc", "Cách chức"
    DISMISSAL = "buoc_thoi_viec", "Buộc thôi việc"
    OTHER = "khac", "Hình thức khác"


class Discipline(TimeStampedModel):
    """A discipline period of a person or a collective (§2.4: no award while it runs)."""

    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="disciplines")
    form = models.CharField("Hình thức kỷ luật", max_length=20, choices=DisciplineForm.choices)
    starts_on = models.DateField("Từ ngày")
    ends_on = models.DateField("Đến ngày", null=True, blank=True, help_text="Để trống: đang thi hành.")
    decision_number = NFCCharField("Số quyết định", max_length=50, blank=True)
    note = NFCCharField("Ghi chú", max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = "Kỷ luật"
        verbose_name_plural = "Kỷ luật"
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(unit__isnull=True)) | (Q(person__isnull=True) & Q(unit__isnull=False)),
                name="discipline_one_subject",
                violation_error_message="Kỷ luật phải gắn với đúng một cá nhân hoặc một tập thể.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="discipline_dates_ordered",
                violation_error_message="Ngày kết thúc kỷ luật phải sau ngày bắt đầu.",
            ),
        ]

    def overlaps_year(self, year: int) -> bool:
        return self.starts_on <= datetime.date(year, 12, 31) and (
            self.ends_on is None or self.ends_on >= datetime.date(year, 1, 1)
        )
