"""Writes of award history by hand (the bulk path is imports.py); each one audited and atomic."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.awards import permissions, selectors, workflow
from thidua.awards.models import (
    AwardKind,
    AwardRecord,
    AwardSource,
    CouncilBallot,
    Decision,
    Initiative,
    Parameter,
    Proposal,
    ProposalAttachment,
    ProposalItem,
    ProposalState,
    YearResult,
    parameter_value,
)
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.core.services import apply_changes, delete_audited, save_audited
from thidua.organisations import permissions as org
from thidua.organisations.models import Discipline, Person, Unit
from thidua.rules import eligibility as rules

REFUSED = "Bạn chỉ được cập nhật lịch sử khen thưởng của cán bộ, tập thể thuộc đơn vị mình."


def _require_editor(actor, person: Person | None, unit: Unit | None) -> None:
    allowed = (
        permissions.can_edit_history_of_person(actor, person) if person is not None
        else permissions.can_edit_history_of_unit(actor, unit)
    )
    if not allowed:
        raise Forbidden(REFUSED)


@transaction.atomic
def rating_set(*, actor, year: int, rating: str, person: Person | None = None, unit: Unit | None = None, **members) -> YearResult:
    _require_editor(actor, person, unit)
    row = YearResult.objects.filter(person=person, unit=unit, year=year).first() or YearResult(person=person, unit=unit, year=year)
    if apply_changes(row, {"rating": rating, **members}) or row._state.adding:
        save_audited(row, actor=actor)
    return row


@transaction.atomic
def award_add(
    *, actor, award: AwardKind, year: int, decision_number: str, decision_date: datetime.date, signer: str = "",
    note: str = "", person: Person | None = None, unit: Unit | None = None, commendation_type: str = "CONG_TRANG",
) -> AwardRecord:
    _require_editor(actor, person, unit)
    kind = "individual" if person is not None else "collective"
    if award.applies_to not in (kind, "both"):
        raise ValidationFailed([f"Danh hiệu, hình thức: {award.name} không áp dụng cho {'cá nhân' if person else 'tập thể'}."])
    if AwardRecord.objects.filter(person=person, unit=unit, award=award, year=year).exists():
        raise ValidationFailed([f"Đã có {award.name} năm {year}."])
    record = AwardRecord(
        person=person, unit=unit, award=award, year=year, decision_number=decision_number,
        decision_date=decision_date, signer=signer, note=note, source=AwardSource.MANUAL,
        commendation_type=commendation_type,
    )
    save_audited(record, actor=actor)
    return record


@transaction.atomic
def award_remove(*, actor, record: AwardRecord) -> None:
    _require_editor(actor, record.person, record.unit)
    delete_audited(record, actor=actor)


@transaction.atomic
def initiative_add(*, actor, year: int, title: str, scope: str, recognised_by: str = "", decision_number: str = "",
                   person: Person | None = None, unit: Unit | None = None) -> Initiative:
    _require_editor(actor, person, unit)
    initiative = Initiative(person=person, unit=unit, year=year, title=title, scope=scope,
                            recognised_by=recognised_by, decision_number=decision_number)
    save_audited(initiative, actor=actor)
    return initiative


@transaction.atomic
def discipline_add(*, actor, form: str, starts_on: datetime.date, ends_on: datetime.date | None = None,
                   decision_number: str = "", note: str = "", person: Person | None = None, unit: Unit | None = None) -> Discipline:
    _require_editor(actor, person, unit)
    period = Discipline(person=person, unit=unit, form=form, starts_on=starts_on, ends_on=ends_on,
                        decision_number=decision_number, note=note)
    save_audited(period, actor=actor)
    return period


@transaction.atomic
def parameter_add(*, actor, key: str, value: Decimal, effective_from: datetime.date, award: AwardKind | None = None,
                  subject_kind: str = "", legal_basis: str = "") -> Parameter:
    """A new value from a date; older values stay, so earlier years keep their own numbers."""
    if not permissions.can_manage_catalogue(actor):
        raise Forbidden("Chỉ Phòng TĐKT được thay đổi tham số khen thưởng.")
    parameter = Parameter(key=key, value=value, effective_from=effective_from, award=award,
                          subject_kind=subject_kind, legal_basis=legal_basis)
    save_audited(parameter, actor=actor)
    return parameter


# --- Proposals and decisions --------------------------------------------------------------------


def _require_proposal_editor(actor, proposal: Proposal) -> None:
    if not (org.is_province_office(actor) or proposal.proposing_unit_id in org.staff_unit_ids(actor)):
        raise Forbidden(f"Chỉ cán bộ của {proposal.proposing_unit.name} hoặc Phòng TĐKT được sửa hồ sơ này.")
    if not workflow.editable(proposal.state):
        raise InvalidTransition(f"Hồ sơ đang ở trạng thái “{workflow.LABELS[proposal.state]}”: không sửa được.")


@transaction.atomic
def proposal_create(*, actor, proposing_unit: Unit, year: int, title: str, number: str = "") -> Proposal:
    if not (org.is_province_office(actor) or proposing_unit.pk in org.officer_unit_ids(actor)):
        raise Forbidden(f"Chỉ cán bộ thi đua của {proposing_unit.name} được lập hồ sơ đề nghị của đơn vị.")
    proposal = Proposal(proposing_unit=proposing_unit, year=year, title=title, number=number)
    save_audited(proposal, actor=actor)
    return proposal


def _verdict_of(person: Person | None, unit: Unit | None, code: str, year: int) -> rules.Verdict:
    people = Person.objects.filter(pk=person.pk) if person else Person.objects.none()
    units = Unit.objects.filter(pk=unit.pk) if unit else Unit.objects.none()
    (subject,) = selectors.subjects(year, people=people, units=units)
    return rules.evaluate(subject, code, year)


@transaction.atomic
def item_add(
    *, actor, proposal: Proposal, award: AwardKind, person: Person | None = None, unit: Unit | None = None,
    override_reason: str = "", initiatives: list[Initiative] | None = None,
) -> ProposalItem:
    """Add a candidate to a draft proposal. The engine judges it now; a candidate that is not
    eligible is refused unless the officer writes why it should be proposed anyway."""
    proposal = Proposal.objects.select_for_update().select_related("proposing_unit").get(pk=proposal.pk)
    _require_proposal_editor(actor, proposal)
    name = person.full_name if person else unit.name
    errors = []
    if AwardRecord.objects.filter(person=person, unit=unit, award=award, year=proposal.year).exists():
        errors.append(f"{name} đã được {award.name} năm {proposal.year}.")
    duplicate = ProposalItem.objects.filter(
        person=person, unit=unit, award=award, proposal__year=proposal.year,
    ).exclude(proposal__state=ProposalState.RETURNED).exclude(approved=False).select_related("proposal").first()
    if duplicate:
        errors.append(f"{name} đã có trong hồ sơ “{duplicate.proposal.title}” đề nghị {award.name} năm {proposal.year}.")
    for initiative in initiatives or []:
        if initiative.person_id != (person.pk if person else None) or initiative.unit_id != (unit.pk if unit else None):
            errors.append(f"Sáng kiến “{initiative.title}” không phải của {name}.")
        elif initiative.used_for_id:
            errors.append(f"Sáng kiến “{initiative.title}” đã được dùng để xét {initiative.used_for.award.name} năm {initiative.used_for.year}.")
        elif initiative.proposal_items.exclude(proposal__state=ProposalState.RETURNED).exclude(approved=False).exists():
            errors.append(f"Sáng kiến “{initiative.title}” đang được dùng trong một hồ sơ khác.")
    if errors:
        raise ValidationFailed(errors)
    verdict = _verdict_of(person, unit, award.code, proposal.year)
    if not verdict.eligible and not override_reason.strip():
        failed = "; ".join(c.text for c in verdict.conditions if c.ok is False) or "cần Hội đồng xem xét"
        raise ValidationFailed(
            [f"{name} chưa đủ điều kiện {award.name} năm {proposal.year}: {failed}. "
             "Nếu vẫn đề nghị, hãy ghi lý do."]
        )
    item = ProposalItem(
        proposal=proposal, person=person, unit=unit, award=award, eligible=verdict.eligible,
        verdict=[{"ok": c.ok, "text": c.text, "basis": c.basis} for c in verdict.conditions],
        override_reason="" if verdict.eligible else override_reason.strip(),
    )
    save_audited(item, actor=actor)
    if initiatives:
        item.initiatives.set(initiatives)
    return item


@transaction.atomic
def item_remove(*, actor, item: ProposalItem) -> None:
    _require_proposal_editor(actor, item.proposal)
    delete_audited(item, actor=actor)


@transaction.atomic
def attachment_add(*, actor, proposal: Proposal, kind: str, file, description: str = "") -> ProposalAttachment:
    _require_proposal_editor(actor, proposal)
    attachment = ProposalAttachment(proposal=proposal, kind=kind, file=file, description=description)
    save_audited(attachment, actor=actor)
    return attachment


@transaction.atomic
def proposal_move(*, actor, proposal: Proposal, target: str, reason: str = "", note: str = "") -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("proposing_unit").get(pk=proposal.pk)
    who = workflow.mover(proposal.state, target)
    if who is None:
        raise InvalidTransition(
            f"Không thể chuyển hồ sơ từ “{workflow.LABELS[proposal.state]}” sang “{workflow.LABELS.get(target, target)}”."
        )
    if who == "unit" and not (proposal.proposing_unit_id in org.staff_unit_ids(actor) or org.is_province_office(actor)):
        raise Forbidden(f"Chỉ cán bộ, thủ trưởng {proposal.proposing_unit.name} được trình hồ sơ này.")
    if who == "office" and not org.is_province_office(actor):
        raise Forbidden("Chỉ Phòng TĐKT (Sở Nội vụ) được tiếp nhận, thẩm định, trả lại hồ sơ.")
    if target == "submitted" and not proposal.items.exists():
        raise ValidationFailed(["Hồ sơ chưa có đối tượng đề nghị nào."])
    if target == "returned":
        if not reason.strip():
            raise ValidationFailed(["Lý do trả lại: bắt buộc nhập."])
        proposal.return_reason = reason.strip()
    if target == "council" and not proposal.items.filter(award__council_review=True).exists():
        raise InvalidTransition("Hồ sơ không có hình thức nào phải trình Hội đồng TĐKT tỉnh xét.")
    if target == "appraised":
        proposal.appraisal_note = note.strip()
    if target == "submitted":
        proposal.submitted_at = timezone.now()
    proposal.state = target
    save_audited(proposal, actor=actor)
    return proposal


@transaction.atomic
def council_vote(*, actor, item: ProposalItem, approve: bool) -> CouncilBallot:
    if not org.is_council_member(actor):
        raise Forbidden("Chỉ thành viên Hội đồng TĐKT tỉnh được biểu quyết.")
    proposal = Proposal.objects.select_for_update().get(pk=item.proposal_id)
    if proposal.state != ProposalState.COUNCIL:
        raise InvalidTransition("Hồ sơ chưa được đưa ra Hội đồng hoặc đã có quyết định.")
    if not item.award.council_review:
        raise ValidationFailed([f"{item.award.name} không do Hội đồng biểu quyết."])
    ballot, created = CouncilBallot.objects.get_or_create(item=item, member=actor, defaults={"approve": approve})
    if not created:
        raise ValidationFailed(["Bạn đã biểu quyết cho đối tượng này."])
    return ballot


def council_result(item: ProposalItem, on: datetime.date) -> tuple[int, int, Decimal, bool]:
    """(approvals, members, threshold %, passed): the share is of ALL council members."""
    members = int(parameter_value("council_members", on) or 0)
    threshold = parameter_value("council_threshold", on, item.award_id) or Decimal(50)
    approvals = item.ballots.filter(approve=True).count()
    passed = members > 0 and Decimal(approvals) * 100 >= threshold * members
    return approvals, members, threshold, passed


@transaction.atomic
def decision_issue(*, actor, proposal: Proposal, number: str, date: datetime.date, signer: str,
                   signer_title: str = "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH") -> Decision:
    """Record the decision, settle every item (council forms by the council's vote), and write
    the awards into the history; the initiatives they used are marked as used."""
    if not org.is_province_office(actor):
        raise Forbidden("Chỉ Phòng TĐKT được ghi nhận quyết định khen thưởng.")
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not workflow.can_move(proposal.state, "decided"):
        raise InvalidTransition("Hồ sơ phải được thẩm định (và Hội đồng xét, nếu cần) trước khi có quyết định.")
    items = list(proposal.items.select_related("award", "person", "unit").prefetch_related("initiatives"))
    if proposal.state == ProposalState.APPRAISED and any(i.award.council_review for i in items):
        raise InvalidTransition("Hồ sơ có hình thức phải trình Hội đồng TĐKT tỉnh xét trước khi quyết định.")
    decision = Decision(proposal=proposal, number=number, date=date, signer=signer, signer_title=signer_title)
    save_audited(decision, actor=actor)
    for item in items:
        item.approved = council_result(item, date)[3] if item.award.council_review else True
        save_audited(item, actor=actor)
        if not item.approved:
            continue
        record = AwardRecord(
            person=item.person, unit=item.unit, award=item.award, year=proposal.year, decision_number=number,
            decision_date=date, signer=signer, source=AwardSource.DECISION, decision=decision,
        )
        save_audited(record, actor=actor)
        for initiative in item.initiatives.all():
            initiative.used_for = record
            save_audited(initiative, actor=actor)
    proposal.state = ProposalState.DECIDED
    save_audited(proposal, actor=actor)
    return decision
