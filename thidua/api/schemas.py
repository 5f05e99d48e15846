"""Shapes of the API's requests and responses. Resolvers read model instances; nothing here
queries beyond what the selectors already loaded."""

import datetime
from decimal import Decimal
from typing import Literal, Optional, Union

from ninja import Field, Schema
from pydantic import field_validator

from thidua.awards.models import ProposalState
from thidua.cycles.workflow import PHASE_CODES, PHASE_LABELS
from thidua.organisations.models import UnitKind
from thidua.rules.eligibility import CODES as AWARD_CODES
from thidua.rules.eligibility import LABELS as AWARD_LABELS

# Database keys are 64-bit: a larger id can name nothing, and must not reach the database.
MAX_ID = 2**63 - 1
MIN_YEAR, MAX_YEAR = 1945, 2100

UnitKindCode = Literal[tuple(UnitKind.values)]  # type: ignore[valid-type]
PhaseCode = Literal[tuple(PHASE_CODES)]  # type: ignore[valid-type]
ProposalStateCode = Literal[tuple(ProposalState.values)]  # type: ignore[valid-type]
AwardCode = Literal[AWARD_CODES]  # type: ignore[valid-type]


def _no_control_characters(value: str) -> str:
    # Search words never contain control characters or lone surrogates; PostgreSQL refuses NUL
    # in any string, and no database stores a lone surrogate.
    return "".join(ch for ch in value if (ch >= " " or ch in "\t\n") and not "\ud800" <= ch <= "\udfff")


def _storable_text(value: str) -> str:
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise ValueError("chứa ký tự không lưu được (NUL hoặc mã UTF-16 lẻ)")
    return value


def _given(obj, key: str):
    """A value the endpoint already put in a dict; resolvers compute it only from a model."""
    return obj.get(key) if isinstance(obj, dict) else None


class ErrorOut(Schema):
    detail: str = Field(description="Thông báo lỗi (tiếng Việt).")
    errors: list[str] = Field(description="Mọi lỗi, mỗi lỗi nêu rõ trường liên quan nếu có.")


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    return {code: ErrorOut for code in (401, *codes)}


# --- Filters (query parameters) -------------------------------------------------------------


class SearchFilter(Schema):
    q: str = Field("", max_length=200, description="Tìm không dấu, mọi từ đều phải có (“nguyen thi ha”).")

    @field_validator("q")
    @classmethod
    def _clean_q(cls, value: str) -> str:
        return _no_control_characters(value)


class UnitFilter(SearchFilter):
    kind: Optional[UnitKindCode] = Field(None, description="Loại hình đơn vị.")
    include_inactive: bool = Field(False, description="Gồm cả đơn vị đã hết hiệu lực.")


class PersonFilter(SearchFilter):
    unit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Chỉ cán bộ của đơn vị này.")


class MembershipFilter(Schema):
    year: Optional[int] = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Năm; mặc định: năm gần nhất.")


class ClusterYearFilter(Schema):
    cluster: Optional[int] = Field(None, ge=1, le=MAX_ID)
    year: Optional[int] = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    phase: Optional[PhaseCode] = None


class SelfScoreFilter(Schema):
    unit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Một đơn vị của bạn; mặc định: mọi đơn vị bạn là cán bộ thi đua.")


class ProposalFilter(Schema):
    year: Optional[int] = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    state: Optional[ProposalStateCode] = None
    unit: Optional[int] = Field(None, ge=1, le=MAX_ID, description="Đơn vị trình.")


class EligibilityFilter(Schema):
    year: Optional[int] = Field(None, ge=MIN_YEAR, le=MAX_YEAR, description="Năm xét; mặc định: năm trước.")
    candidate: Optional[AwardCode] = Field(None, description="Một danh hiệu, hình thức; mặc định: mọi hình thức áp dụng.")


# --- Registry ---------------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class ClusterRef(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    parent: Optional[UnitRef]
    valid_from: Optional[datetime.date]
    valid_to: Optional[datetime.date]
    successor: Optional[UnitRef]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return _given(obj, "kind_label") or obj.get_kind_display()


class UnitMembershipOut(Schema):
    cluster: ClusterRef
    year: int
    role: str
    role_label: str

    @staticmethod
    def resolve_role_label(obj) -> str:
        return _given(obj, "role_label") or obj.get_role_display()


class UnitDetailOut(UnitOut):
    note: str
    children: list[UnitRef]
    memberships: list[UnitMembershipOut]


class ClusterOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    managing_body: UnitRef
    established_on: Optional[datetime.date]
    dissolved_on: Optional[datetime.date]

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return _given(obj, "kind_label") or obj.get_kind_display()


class ClusterListOut(ClusterOut):
    member_count: int


class ClusterYearRef(Schema):
    id: int
    year: int
    phase: str


class ClusterDetailOut(ClusterOut):
    note: str
    membership_years: list[int]
    cluster_years: list[ClusterYearRef]


class MembershipOut(Schema):
    unit: UnitRef
    year: int
    role: str
    role_label: str
    valid_from: datetime.date
    valid_to: datetime.date

    @staticmethod
    def resolve_role_label(obj) -> str:
        return _given(obj, "role_label") or obj.get_role_display()


class ClusterMembersOut(Schema):
    cluster: ClusterRef
    year: int
    members: list[MembershipOut]


class PersonOut(Schema):
    id: int
    full_name: str
    ho: str
    chu_dem: str
    ten: str
    gender: str
    date_of_birth: Optional[datetime.date]
    unit: UnitRef
    position: str


class PositionOut(Schema):
    unit: UnitRef
    position: str
    start_date: datetime.date
    end_date: Optional[datetime.date]


class PersonDetailOut(PersonOut):
    personal_id: Optional[str] = Field(description="Chỉ có khi bạn được quản lý cán bộ này.")
    email: str
    phone: str
    positions: list[PositionOut]


# --- Cluster years ---------------------------------------------------------------------------


class ClusterYearOut(Schema):
    id: int
    cluster: ClusterRef
    year: int
    phase: str
    phase_label: str

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return _given(obj, "phase_label") or PHASE_LABELS[obj.phase]


class ScheduleOut(Schema):
    phase: str
    phase_label: str
    starts_on: Optional[datetime.date]
    due_on: Optional[datetime.date]


class ClusterYearDetailOut(ClusterYearOut):
    aggregate: str
    cross_scoring: str
    tie_breaks: list[str]
    quotas: list[dict]
    vote_threshold: str = Field(description="Tỷ lệ tán thành, ví dụ “> 1/2”.")
    secret_ballots: bool
    allowed_moves: list[str] = Field(description="Giai đoạn có thể chuyển tới (nếu bạn điều hành năm này).")
    can_run: bool
    my_units: list[int] = Field(description="Đơn vị thành viên mà bạn là cán bộ thi đua.")
    schedule: list[ScheduleOut]
    members: list[MembershipOut]


class RankingRowOut(Schema):
    unit: str
    rank: int
    total: Union[int, float]
    tied: bool


class NeedsVoteOut(Schema):
    form: str
    units: list[str]


class RankedUnitOut(Schema):
    id: int
    code: str
    name: str
    group_totals: dict[str, Union[int, float]]
    bonus: Union[int, float]
    penalty: Union[int, float]


class GroupOut(Schema):
    code: str
    name: str


class RankingOut(Schema):
    """`ranking`, `proposals` and `needs_vote` are exactly what `thidua ranking` prints."""

    ranking: list[RankingRowOut]
    proposals: dict[str, list[str]]
    needs_vote: list[NeedsVoteOut]
    final: bool = Field(description="Đã đến giai đoạn tổng hợp, xếp hạng (kết quả không còn tạm tính).")
    units: list[RankedUnitOut]
    groups: list[GroupOut]


class SelfScoreOut(Schema):
    criterion_id: int
    code: str
    text: str
    kind: str
    max_points: float
    evidence_required: bool
    points: Optional[float]
    note: str
    version: Optional[int] = Field(description="Gửi lại giá trị này trong `expected_version` khi lưu.")
    updated_at: Optional[datetime.datetime]


class SelfScoreSheetOut(Schema):
    unit: UnitRef
    table: Optional[str]
    editable: bool = Field(description="Năm đang ở giai đoạn tự chấm điểm.")
    scores: list[SelfScoreOut]


class SelfScoreIn(Schema):
    unit: int = Field(ge=1, le=MAX_ID, description="Đơn vị tự chấm (bạn phải là cán bộ thi đua của đơn vị).")
    points: Decimal = Field(ge=0, le=Decimal("99999.99"), description="Điểm, tối đa 2 chữ số thập phân.")
    note: str = Field("", max_length=5000)
    expected_version: Optional[int] = Field(
        None, ge=1, le=2**31 - 1,
        description="Phiên bản bạn đã đọc (null nếu chưa có điểm). Khác phiên bản hiện tại: 409.",
    )

    @field_validator("note")
    @classmethod
    def _check_note(cls, value: str) -> str:
        return _storable_text(value)


class SelfScoreSavedOut(SelfScoreOut):
    unit: UnitRef


# --- Awards ----------------------------------------------------------------------------------


class PersonRef(Schema):
    id: int
    full_name: str


class AwardRef(Schema):
    code: str
    name: str


class ConditionOut(Schema):
    ok: Optional[bool] = Field(description="true/false: máy kiểm tra được; null: cần người xem xét.")
    text: str
    basis: str


class ProposalOut(Schema):
    id: int
    proposing_unit: UnitRef
    year: int
    title: str
    number: str
    state: str
    state_label: str
    submitted_at: Optional[datetime.datetime]
    created_at: datetime.datetime

    @staticmethod
    def resolve_state_label(obj) -> str:
        return _given(obj, "state_label") or obj.get_state_display()


class ProposalItemOut(Schema):
    id: int
    person: Optional[PersonRef]
    unit: Optional[UnitRef]
    award: AwardRef
    eligible: bool
    verdict: list[ConditionOut]
    override_reason: str
    approved: Optional[bool]


class DecisionOut(Schema):
    number: str
    date: datetime.date
    signer: str
    signer_title: str


class ProposalDetailOut(ProposalOut):
    return_reason: str
    appraisal_note: str
    items: list[ProposalItemOut]
    decision: Optional[DecisionOut]


class RatingOut(Schema):
    code: str
    label: str


class AwardRecordOut(Schema):
    id: int
    award: AwardRef
    decision_number: str
    decision_date: datetime.date
    signer: str
    source: str


class InitiativeOut(Schema):
    id: int
    title: str
    scope: str
    recognised_by: str
    decision_number: str
    used_for: Optional[str] = Field(description="Hình thức khen thưởng đã dùng sáng kiến này.")


class DisciplineOut(Schema):
    form: str
    form_label: str
    starts_on: datetime.date
    ends_on: Optional[datetime.date]
    decision_number: str


class HistoryYearOut(Schema):
    year: int
    rating: Optional[RatingOut]
    awards: list[AwardRecordOut]
    initiatives: list[InitiativeOut]
    discipline: list[DisciplineOut]


class SubjectOut(Schema):
    kind: Literal["individual", "collective"]
    id: int
    name: str


class AwardHistoryOut(Schema):
    subject: SubjectOut
    years: list[HistoryYearOut]


class VerdictConditionOut(ConditionOut):
    needs_review: bool
    ground: int = Field(description="0: điều kiện bắt buộc; k > 0: thuộc căn cứ thay thế thứ k.")


class VerdictOut(Schema):
    candidate: str
    candidate_label: str
    eligible: bool
    needs_review: bool
    conditions: list[VerdictConditionOut]


class EligibilityOut(Schema):
    subject: SubjectOut
    year: int
    ruleset: str
    verdicts: list[VerdictOut]


def award_label(code: str) -> str:
    return AWARD_LABELS.get(code, code)
