"""Writes of award history by hand (the bulk path is imports.py); each one audited and atomic."""

import datetime
from decimal import Decimal

from django.db import transaction

from thidua.awards import permissions
from thidua.awards.models import AwardKind, AwardRecord, AwardSource, Initiative, Parameter, YearResult
from thidua.core.errors import Forbidden, ValidationFailed
from thidua.core.services import apply_changes, delete_audited, save_audited
from thidua.organisations.models import Discipline, Person, Unit

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
    note: str = "", person: Person | None = None, unit: Unit | None = None,
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
