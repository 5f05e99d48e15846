"""Reads of movements and campaigns shared by the pages, the exports, the demo and the reminders."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from thidua.core.deadlines import Deadline
from thidua.core.errors import NotFound
from thidua.movements import permissions
from thidua.movements.models import (
    Campaign,
    CampaignCommendation,
    Movement,
    MovementState,
    ResponseKind,
    UnitResponse,
)
from thidua.organisations import permissions as org
from thidua.organisations.models import Person, Unit

MOVEMENT_NOT_FOUND = "Không tìm thấy phong trào thi đua."
CAMPAIGN_NOT_FOUND = "Không tìm thấy đợt thi đua."

# The deadline kind each answer has in the reminders (thidua.core.deadlines).
DEADLINE_KINDS = {
    ResponseKind.PLAN: "movement_plan",
    ResponseKind.MID_REPORT: "movement_report_mid",
    ResponseKind.FINAL_REPORT: "movement_report_final",
}
DEADLINE_TITLES = {
    ResponseKind.PLAN: "Gửi kế hoạch hưởng ứng phong trào “{name}”",
    ResponseKind.MID_REPORT: "Gửi báo cáo sơ kết phong trào “{name}”",
    ResponseKind.FINAL_REPORT: "Gửi báo cáo tổng kết phong trào “{name}”",
}


class AnswerStatus:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"  # the deadline has passed and nothing was sent
    PENDING = "pending"  # not sent yet, the deadline has not passed


STATUS_LABELS = {
    AnswerStatus.ON_TIME: "Đúng hạn",
    AnswerStatus.LATE: "Trễ hạn",
    AnswerStatus.MISSING: "Chưa gửi (quá hạn)",
    AnswerStatus.PENDING: "Chưa gửi (còn hạn)",
}


def movements_for(user) -> QuerySet[Movement]:
    """The office sees every movement, drafts included; the council every launched one; a unit's
    staff the launched ones that target their units."""
    movements = Movement.objects.all()
    if not org.is_province_office(user):
        movements = movements.exclude(state=MovementState.DRAFT)
        if not org.is_council_member(user):
            movements = movements.filter(target_units__in=org.staff_unit_ids(user)).distinct()
    return movements.prefetch_related("target_units").order_by("-starts_on", "-id")


def movement_get(*, user, pk: int) -> Movement:
    """One movement the user may see; missing and not visible are the same 404."""
    movement = (
        Movement.objects.select_related("created_by")
        .prefetch_related("target_units", "allowed_forms")
        .filter(pk=pk)
        .first()
    )
    if movement is None or not permissions.can_view_movement(user, movement):
        raise NotFound(MOVEMENT_NOT_FOUND)
    return movement


def response_kinds(movement: Movement) -> list[str]:
    """The answers this movement asks for: the plan always, the reports when it has their deadlines."""
    return [kind for kind in ResponseKind.values if movement.deadline_for(kind) is not None]


def status_of(response: UnitResponse | None, deadline: datetime.date, today: datetime.date) -> str:
    if response is None:
        return AnswerStatus.MISSING if today > deadline else AnswerStatus.PENDING
    sent_on = timezone.localdate(response.submitted_at)
    return AnswerStatus.ON_TIME if sent_on <= deadline else AnswerStatus.LATE


@dataclass
class AnswerCell:
    kind: str
    deadline: datetime.date
    status: str
    response: UnitResponse | None

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def sent_on(self) -> datetime.date | None:
        return timezone.localdate(self.response.submitted_at) if self.response else None

    @property
    def days_late(self) -> int:
        if self.status == AnswerStatus.LATE:
            return (self.sent_on - self.deadline).days
        return 0


@dataclass
class AnswerRow:
    unit: Unit
    cells: list[AnswerCell]

    def cell(self, kind: str) -> AnswerCell | None:
        return next((c for c in self.cells if c.kind == kind), None)


def answers(movement: Movement, *, today: datetime.date | None = None, units: set[int] | None = None) -> list[AnswerRow]:
    """Every target unit (in Vietnamese order) with, for each answer the movement asks for,
    whether it came on time, late, or not at all. `units` narrows to those unit ids."""
    today = today or timezone.localdate()
    kinds = response_kinds(movement)
    responses = {
        (r.unit_id, r.kind): r
        for r in UnitResponse.objects.filter(movement=movement).select_related("submitted_by")
    }
    targets = movement.target_units.order_by("sort_key")
    if units is not None:
        targets = targets.filter(pk__in=units)
    rows = []
    for unit in targets:
        cells = []
        for kind in kinds:
            deadline = movement.deadline_for(kind)
            response = responses.get((unit.pk, kind))
            cells.append(AnswerCell(kind, deadline, status_of(response, deadline, today), response))
        rows.append(AnswerRow(unit, cells))
    return rows


def answer_counts(rows: list[AnswerRow], kind: str) -> dict[str, int]:
    counts = dict.fromkeys(STATUS_LABELS, 0)
    for row in rows:
        cell = row.cell(kind)
        if cell is not None:
            counts[cell.status] += 1
    return counts


def answers_table(movement: Movement, rows: list[AnswerRow]) -> tuple[list[str], list[list]]:
    """The XLSX export of the answers page: one row per unit, three columns per answer kind."""
    headers = ["STT", "Mã đơn vị", "Đơn vị"]
    kinds = response_kinds(movement)
    for kind in kinds:
        label = ResponseKind(kind).label
        headers += [f"{label}: hạn gửi", f"{label}: tình trạng", f"{label}: ngày gửi", f"{label}: số văn bản"]
    table = []
    for number, row in enumerate(rows, start=1):
        values: list = [number, row.unit.code, row.unit.name]
        for kind in kinds:
            cell = row.cell(kind)
            late = f" ({cell.days_late} ngày)" if cell.days_late else ""
            values += [cell.deadline, cell.label + late, cell.sent_on, cell.response.number if cell.response else ""]
        table.append(values)
    return headers, table


def responses_of(movement: Movement, unit: Unit) -> dict[str, UnitResponse]:
    return {r.kind: r for r in UnitResponse.objects.filter(movement=movement, unit=unit)}


def response_get(*, user, movement: Movement, unit_pk: int, kind: str) -> UnitResponse:
    response = UnitResponse.objects.select_related("unit").filter(movement=movement, unit_id=unit_pk, kind=kind).first()
    if response is None or not permissions.can_view_answers_of(user, response.unit):
        raise NotFound("Không tìm thấy văn bản.")
    return response


def target_unit_get(*, user, movement: Movement, unit_pk: int) -> Unit:
    """A target unit whose answers the user may read (its staff, the office, the council)."""
    unit = movement.target_units.filter(pk=unit_pk).first()
    if unit is None or not permissions.can_view_answers_of(user, unit):
        raise NotFound("Đơn vị không thuộc phong trào này, hoặc bạn không xem được văn bản của đơn vị.")
    return unit


def my_units(user, movement: Movement) -> list[Unit]:
    """The target units the user works for (their answer pages)."""
    return list(movement.target_units.filter(pk__in=org.staff_unit_ids(user)).order_by("sort_key"))


def open_deadlines(as_of: datetime.date) -> list[Deadline]:
    """One deadline per target unit and answer still owed on `as_of` for every launched movement:
    the plan, and the mid-term and final reports the movement asks for. Overdue ones are
    included (negative days left); what was sent after `as_of` still counts as owed then."""
    movements = list(
        Movement.objects.filter(state=MovementState.LAUNCHED)
        .prefetch_related(Prefetch("target_units", queryset=Unit.objects.order_by("sort_key")))
        .order_by("answer_deadline", "id")
    )
    sent = set(
        UnitResponse.objects.filter(movement__in=movements, submitted_at__date__lte=as_of)
        .values_list("movement_id", "unit_id", "kind")
    ) if movements else set()
    deadlines = []
    for movement in movements:
        for kind in response_kinds(movement):
            for unit in movement.target_units.all():
                if (movement.pk, unit.pk, kind) in sent:
                    continue
                deadlines.append(Deadline(
                    kind=DEADLINE_KINDS[kind],
                    title=DEADLINE_TITLES[kind].format(name=movement.name),
                    due=movement.deadline_for(kind),
                    url=reverse("movement-respond", args=[movement.pk, unit.pk]),
                    unit_id=unit.pk,
                    object_key=f"movement:{movement.pk}:unit:{unit.pk}:{DEADLINE_KINDS[kind]}",
                ))
    deadlines.sort(key=lambda d: (d.due, d.object_key))
    return deadlines


# --- Campaigns ----------------------------------------------------------------------------------


def campaigns_for(user, *, movement: Movement | None = None) -> QuerySet[Campaign]:
    """The office and the council see every campaign; a unit's staff the province's campaigns and
    their own units'."""
    campaigns = Campaign.objects.select_related("movement", "organiser").prefetch_related("allowed_forms")
    if not permissions.sees_all_movements(user):
        staff = org.staff_unit_ids(user)
        if not staff:
            return campaigns.none()
        campaigns = campaigns.filter(Q(organiser__isnull=True) | Q(organiser_id__in=staff))
    if movement is not None:
        campaigns = campaigns.filter(movement=movement)
    return campaigns.order_by("-starts_on", "-id")


def campaign_get(*, user, pk: int) -> Campaign:
    campaign = (
        Campaign.objects.select_related("movement", "organiser").prefetch_related("allowed_forms").filter(pk=pk).first()
    )
    if campaign is None or not permissions.can_view_campaign(user, campaign):
        raise NotFound(CAMPAIGN_NOT_FOUND)
    return campaign


def commendations_of(campaign: Campaign) -> QuerySet[CampaignCommendation]:
    return CampaignCommendation.objects.filter(campaign=campaign).select_related(
        "person__unit", "unit", "award", "record"
    ).order_by("award__position", "unit__sort_key", "person__sort_key", "id")


def commendable_units(campaign: Campaign) -> QuerySet[Unit]:
    """Collectives the organiser may commend: the movement's target units for the province (every
    unit in service for a campaign on its own), the unit itself for a unit's campaign."""
    if campaign.organiser_id is not None:
        return Unit.objects.filter(pk=campaign.organiser_id)
    if campaign.movement_id is not None:
        return campaign.movement.target_units.order_by("sort_key")
    return Unit.objects.filter(valid_to__isnull=True).order_by("sort_key")


def commendable_people(campaign: Campaign) -> QuerySet[Person]:
    """People the organiser may commend: those of the units above."""
    units = commendable_units(campaign).values("pk")
    return Person.objects.filter(unit_id__in=units).select_related("unit").order_by("sort_key", "id")


def organiser_units(user) -> QuerySet[Unit]:
    """Units the user may organise a campaign for (the office: every unit in service)."""
    if org.is_province_office(user):
        return Unit.objects.filter(valid_to__isnull=True).order_by("sort_key")
    return Unit.objects.filter(pk__in=org.officer_unit_ids(user)).order_by("sort_key")
