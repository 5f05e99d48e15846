"""Every write of movements and campaigns: permission, validation, audit (django-simple-history),
one transaction each. Pages, the demo loader and tests all come through here."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.awards import services as award_services
from thidua.awards.models import AwardKind, AwardRecord, CommendationType
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.core.services import apply_changes, save_audited
from thidua.movements import permissions, workflow
from thidua.movements.models import (
    Campaign,
    CampaignCommendation,
    Movement,
    MovementState,
    ResponseKind,
    UnitResponse,
)
from thidua.organisations.models import Person, Unit

MANAGE_REFUSED = "Chỉ Phòng TĐKT (Sở Nội vụ) được phát động và quản lý phong trào thi đua."
MOVEMENT_FIELDS = {
    "name", "kind", "plan_number", "plan_date", "plan_signer", "plan_file", "starts_on", "ends_on", "criteria",
    "answer_deadline", "mid_review_on", "mid_report_deadline", "final_review_on", "final_report_deadline",
}
DRAFT_ONLY_FIELDS = {"target_units", "allowed_forms"}
# Titles a movement may still award: the Cờ thi đua of a thematic movement's leading collective
# (domain.md §3, Cờ thi đua của UBND tỉnh (b)); every other title is yearly and regular.
MOVEMENT_TITLES = frozenset({"CO_TINH", "CO_CP"})
COMMENDATION_TYPES = {CommendationType.MOVEMENT, CommendationType.SUDDEN}

# Uploaded documents (plans, answers, reports): what the cycles' evidence upload accepts, checked
# here by content too, so that every caller (page, API, import) gets the same refusal.
DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_SIGNATURES = {
    "pdf": [b"%PDF-"],
    "doc": [b"\xd0\xcf\x11\xe0"],
    "docx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "zip": [b"PK\x03\x04"],
}
DOCUMENT_HELP = "PDF, Word (.doc, .docx, .odt), ảnh JPEG/PNG hoặc ZIP; tối đa 20 MB."


def check_document(upload, label: str) -> None:
    """Refuse a file that is too big, of another type, or whose content does not match its name."""
    if upload is None or not getattr(upload, "name", ""):
        return
    name = upload.name.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationFailed([f"{label}: tệp “{name}” không được nhận. Chỉ nhận {DOCUMENT_HELP}"])
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationFailed([f"{label}: tệp quá lớn ({upload.size / 1024 / 1024:.1f} MB); tối đa 20 MB."])
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES[extension]):
        raise ValidationFailed([f"{label}: nội dung tệp “{name}” không phải tệp .{extension} hợp lệ."])


def _require_manager(actor) -> None:
    if not permissions.can_manage_movements(actor):
        raise Forbidden(MANAGE_REFUSED)


def _locked(movement: Movement) -> Movement:
    return Movement.objects.select_for_update().get(pk=movement.pk)


def _check_forms(forms: Iterable[AwardKind], label: str) -> None:
    wrong = [form.name for form in forms if form.category != "form" and form.code not in MOVEMENT_TITLES]
    if wrong:
        raise ValidationFailed([f"{label}: {', '.join(wrong)} là danh hiệu xét hằng năm, không khen thưởng theo phong trào."])


# --- Movements ----------------------------------------------------------------------------------


@transaction.atomic
def movement_create(
    *, actor, name: str, kind: str, plan_number: str, plan_date: datetime.date, starts_on: datetime.date,
    ends_on: datetime.date, answer_deadline: datetime.date, plan_signer: str = "", plan_file=None, criteria: str = "",
    target_units: Iterable[Unit] = (), allowed_forms: Iterable[AwardKind] = (),
    mid_review_on: datetime.date | None = None, mid_report_deadline: datetime.date | None = None,
    final_review_on: datetime.date | None = None, final_report_deadline: datetime.date | None = None,
) -> Movement:
    """A draft movement of the province; it reaches the units when launched."""
    _require_manager(actor)
    check_document(plan_file, "Tệp kế hoạch")
    allowed_forms = list(allowed_forms)
    _check_forms(allowed_forms, "Hình thức khen thưởng")
    movement = Movement(
        name=name, kind=kind, plan_number=plan_number, plan_date=plan_date, plan_signer=plan_signer,
        starts_on=starts_on, ends_on=ends_on, criteria=criteria, answer_deadline=answer_deadline,
        mid_review_on=mid_review_on, mid_report_deadline=mid_report_deadline,
        final_review_on=final_review_on, final_report_deadline=final_report_deadline, created_by=actor,
    )
    if plan_file:
        movement.plan_file = plan_file
    save_audited(movement, actor=actor)
    movement.target_units.set(list(target_units))
    movement.allowed_forms.set(allowed_forms)
    return movement


@transaction.atomic
def movement_update(*, actor, movement: Movement, **changes: Any) -> Movement:
    """Change the plan's details (until closed); the target units and forms only in a draft."""
    unknown = set(changes) - MOVEMENT_FIELDS - DRAFT_ONLY_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    _require_manager(actor)
    movement = _locked(movement)
    if not workflow.editable(movement.state):
        raise InvalidTransition("Phong trào đã kết thúc: không sửa được.")
    targets = changes.pop("target_units", None)
    forms = changes.pop("allowed_forms", None)
    if movement.state != MovementState.DRAFT:
        if targets is not None and set(targets) != set(movement.target_units.all()):
            raise InvalidTransition("Phong trào đã phát động: không đổi được đơn vị tham gia.")
        if forms is not None and set(forms) != set(movement.allowed_forms.all()):
            raise InvalidTransition("Phong trào đã phát động: không đổi được hình thức khen thưởng.")
        targets = forms = None
    plan_file = changes.pop("plan_file", None)
    if plan_file:
        check_document(plan_file, "Tệp kế hoạch")
        movement.plan_file = plan_file
    if forms is not None:
        forms = list(forms)
        _check_forms(forms, "Hình thức khen thưởng")
    if apply_changes(movement, changes) or plan_file:
        save_audited(movement, actor=actor)
    if targets is not None:
        movement.target_units.set(list(targets))
    if forms is not None:
        movement.allowed_forms.set(forms)
    return movement


def _move(actor, movement: Movement, target: str) -> Movement:
    _require_manager(actor)
    movement = _locked(movement)
    if not workflow.can_move(movement.state, target):
        raise InvalidTransition(
            f"Không thể chuyển phong trào từ “{workflow.LABELS[movement.state]}” sang “{workflow.LABELS[target]}”."
        )
    movement.state = target
    return movement


@transaction.atomic
def movement_launch(*, actor, movement: Movement) -> Movement:
    """Send the movement to its target units; from now they answer it by the deadlines."""
    movement = _move(actor, movement, MovementState.LAUNCHED)
    if not movement.target_units.exists():
        raise ValidationFailed(["Đơn vị tham gia: chọn ít nhất một đơn vị trước khi phát động."])
    movement.launched_at = timezone.now()
    save_audited(movement, actor=actor)
    return movement


@transaction.atomic
def movement_close(*, actor, movement: Movement) -> Movement:
    movement = _move(actor, movement, MovementState.CLOSED)
    movement.closed_at = timezone.now()
    save_audited(movement, actor=actor)
    return movement


# --- Units' answers -----------------------------------------------------------------------------


@transaction.atomic
def response_submit(
    *, actor, movement: Movement, unit: Unit, kind: str, number: str, issued_on: datetime.date, signer: str,
    file=None, content: str = "", now: datetime.datetime | None = None,
) -> UnitResponse:
    """The unit sends (or corrects) its plan or report. The first sending time stays: it is what
    makes the answer on time or late."""
    movement = _locked(movement)
    if not permissions.can_answer(actor, movement, unit):
        raise Forbidden(f"Chỉ cán bộ thi đua của {unit.name} được gửi văn bản hưởng ứng của đơn vị.")
    if not workflow.answerable(movement.state):
        raise InvalidTransition(
            f"Phong trào đang ở trạng thái “{workflow.LABELS[movement.state]}”: không nhận văn bản hưởng ứng."
        )
    if not movement.target_units.filter(pk=unit.pk).exists():
        raise ValidationFailed([f"Đơn vị: {unit.name} không thuộc đối tượng của phong trào này."])
    if kind not in ResponseKind.values:
        raise ValidationFailed([f"Loại văn bản: “{kind}” không hợp lệ."])
    if movement.deadline_for(kind) is None:
        raise ValidationFailed([f"Loại văn bản: phong trào này không yêu cầu {ResponseKind(kind).label.lower()}."])
    check_document(file, "Tệp văn bản")
    response = UnitResponse.objects.select_for_update().filter(movement=movement, unit=unit, kind=kind).first()
    if response is None:
        response = UnitResponse(
            movement=movement, unit=unit, kind=kind, submitted_at=now or timezone.now(), submitted_by=actor,
        )
    changed = apply_changes(response, {"number": number, "issued_on": issued_on, "signer": signer, "content": content})
    if file:
        response.file = file
    if changed or file or response._state.adding:
        save_audited(response, actor=actor)
    return response


# --- Campaigns ----------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *, actor, name: str, starts_on: datetime.date, ends_on: datetime.date, allowed_forms: Iterable[AwardKind],
    organiser: Unit | None = None, movement: Movement | None = None, description: str = "",
) -> Campaign:
    """A campaign of the province (organiser None) or of a unit, inside a movement or on its own.
    Its forms must be within the organiser's authority and allowed by the movement."""
    if not permissions.can_organise_campaign(actor, organiser):
        raise Forbidden(
            "Chỉ Phòng TĐKT được tổ chức đợt thi đua của tỉnh." if organiser is None
            else f"Chỉ cán bộ thi đua của {organiser.name} hoặc Phòng TĐKT được tổ chức đợt thi đua của đơn vị."
        )
    allowed_forms = list(allowed_forms)
    errors = []
    if not allowed_forms:
        errors.append("Hình thức khen thưởng: chọn ít nhất một hình thức.")
    if movement is not None:
        movement = _locked(movement)
        if movement.state != MovementState.LAUNCHED:
            errors.append(f"Thuộc phong trào: phong trào đang ở trạng thái “{workflow.LABELS[movement.state]}”, "
                          "chỉ tổ chức đợt thi đua trong phong trào đã phát động.")
        if organiser is not None and not movement.target_units.filter(pk=organiser.pk).exists():
            errors.append(f"Đơn vị tổ chức: {organiser.name} không tham gia phong trào này.")
        movement_forms = set(movement.allowed_forms.values_list("code", flat=True))
        outside = [form.name for form in allowed_forms if form.code not in movement_forms]
        if outside:
            errors.append(f"Hình thức khen thưởng: phong trào không cho phép {', '.join(outside)}.")
    authority = permissions.PROVINCE_FORMS if organiser is None else permissions.UNIT_FORMS
    beyond = [form.name for form in allowed_forms if form.code not in authority]
    if beyond:
        who = "UBND tỉnh" if organiser is None else organiser.name
        errors.append(f"Hình thức khen thưởng: {', '.join(beyond)} không thuộc thẩm quyền khen thưởng của {who}.")
    if errors:
        raise ValidationFailed(errors)
    campaign = Campaign(
        name=name, organiser=organiser, movement=movement, starts_on=starts_on, ends_on=ends_on,
        description=description, created_by=actor,
    )
    save_audited(campaign, actor=actor)
    campaign.allowed_forms.set(allowed_forms)
    return campaign


@transaction.atomic
def campaign_commend(
    *, actor, campaign: Campaign, award: AwardKind, commendation_type: str, decision_number: str,
    decision_date: datetime.date, signer: str, people: Iterable[Person] = (), units: Iterable[Unit] = (),
) -> list[CampaignCommendation]:
    """Record one decision commending people and collectives at the end of a campaign; each one
    becomes an award record (type PHONG_TRAO or DOT_XUAT) in their history. All or nothing.

    Legal basis: Luật TĐKT 2022 Điều 8 (types); such records never count toward a regular
    (công trạng) award (domain.md §2 rule 3): the eligibility engine reads only CONG_TRANG records.
    """
    # Lock the campaign row only: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
    campaign = Campaign.objects.select_for_update(of=("self",)).select_related("movement", "organiser").get(pk=campaign.pk)
    if not permissions.can_commend(actor, campaign):
        raise Forbidden(
            "Chỉ Phòng TĐKT được ghi nhận khen thưởng đợt thi đua của tỉnh." if campaign.organiser_id is None
            else f"Chỉ cán bộ thi đua của {campaign.organiser.name} được ghi nhận khen thưởng đợt thi đua này."
        )
    people, units = list(people), list(units)
    errors = []
    if commendation_type not in COMMENDATION_TYPES:
        errors.append("Loại hình khen thưởng: đợt thi đua chỉ khen thưởng theo phong trào hoặc đột xuất.")
    if not people and not units:
        errors.append("Đối tượng: chọn ít nhất một cá nhân hoặc tập thể.")
    if campaign.movement_id is not None:
        if campaign.movement.state == MovementState.DRAFT:
            errors.append("Phong trào chưa phát động: chưa khen thưởng được.")
        if not campaign.movement.allowed_forms.filter(pk=award.pk).exists():
            errors.append(f"Hình thức khen thưởng: phong trào “{campaign.movement.name}” không cho phép {award.name}.")
    if not campaign.allowed_forms.filter(pk=award.pk).exists():
        errors.append(f"Hình thức khen thưởng: đợt thi đua không có hình thức {award.name}.")
    if award.code not in permissions.forms_within_authority(campaign):
        errors.append(f"Hình thức khen thưởng: {award.name} không thuộc thẩm quyền của {campaign.organiser_name}.")
    if decision_date and decision_date < campaign.starts_on:
        errors.append("Ngày quyết định: không được trước ngày bắt đầu đợt thi đua.")
    year = campaign.ends_on.year
    for person in people:
        errors += _duplicates(campaign, award, year, person.full_name, person=person)
    for unit in units:
        errors += _duplicates(campaign, award, year, unit.name, unit=unit)
    if errors:
        raise ValidationFailed(errors)
    commendations = []
    subjects = [{"person": person} for person in people] + [{"unit": unit} for unit in units]
    for subject in subjects:
        record = award_services.award_add(
            actor=actor, award=award, year=year, decision_number=decision_number, decision_date=decision_date,
            signer=signer, note=f"Đợt thi đua: {campaign.name}"[:255], commendation_type=commendation_type, **subject,
        )
        commendation = CampaignCommendation(
            campaign=campaign, record=record, award=award, commendation_type=commendation_type, created_by=actor,
            **subject,
        )
        save_audited(commendation, actor=actor)
        commendations.append(commendation)
    return commendations


def _duplicates(campaign: Campaign, award: AwardKind, year: int, name: str, **subject) -> list[str]:
    if CampaignCommendation.objects.filter(campaign=campaign, award=award, **subject).exists():
        return [f"Đối tượng: {name} đã được {award.name} trong đợt thi đua này."]
    # The history keeps one record of a form per subject and year, whatever its type.
    if AwardRecord.objects.filter(award=award, year=year, **subject).exists():
        return [f"Đối tượng: {name} đã có {award.name} năm {year} trong lịch sử khen thưởng."]
    return []
