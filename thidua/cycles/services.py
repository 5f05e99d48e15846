"""Every write in a cluster's year: permission, phase, validation, audit, one transaction each."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from thidua.core.numbers import format_points
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed, VersionConflict
from thidua.core.services import apply_changes, delete_audited, save_audited
from thidua.cycles import permissions, selectors, workflow
from thidua.cycles.models import (
    Attendee,
    BallotReceipt,
    Conference,
    ClusterProposal,
    DEFAULT_QUOTAS,
    DEFAULT_TIE_BREAKS,
    ClusterYear,
    CriteriaGroup,
    CriteriaTable,
    Criterion,
    CrossAssignment,
    CrossScoringMode,
    Evidence,
    Pact,
    PactSignature,
    PhaseSchedule,
    Registration,
    Score,
    ProposalStatus,
    ScoreChange,
    ScoreKind,
    Vote,
    VoteKind,
    VoteOption,
)
from thidua.organisations.models import Cluster, ClusterMembership, ClusterRole, Discipline, Unit

RUN_REFUSED = "Chỉ Trưởng cụm, Phó trưởng cụm của năm này hoặc Phòng TĐKT được thực hiện thao tác này."
CLOSED = "Năm thi đua đã kết thúc: dữ liệu chỉ được xem, không được sửa."


def _require_runner(actor, cluster_year: ClusterYear) -> None:
    if not permissions.can_run_year(actor, cluster_year):
        raise Forbidden(RUN_REFUSED)


def _require_not_closed(cluster_year: ClusterYear) -> None:
    if workflow.is_read_only(cluster_year.phase):
        raise InvalidTransition(CLOSED)


def _require_phase(cluster_year: ClusterYear, allowed: set[str], action: str) -> None:
    _require_not_closed(cluster_year)
    if cluster_year.phase not in allowed:
        labels = ", ".join(workflow.PHASE_LABELS[p] for p in workflow.PHASE_CODES if p in allowed)
        raise InvalidTransition(
            f"Không thể {action} ở giai đoạn “{workflow.PHASE_LABELS[cluster_year.phase]}” "
            f"(chỉ được ở giai đoạn: {labels})."
        )


def _locked(cluster_year: ClusterYear) -> ClusterYear:
    """Re-read the year under a row lock, so a phase change cannot interleave with a write."""
    return ClusterYear.objects.select_for_update(of=("self",)).select_related("cluster").get(pk=cluster_year.pk)


# --- The year and its phases ------------------------------------------------------------------


@transaction.atomic
def cluster_year_create(*, actor, cluster: Cluster, year: int, **settings: Any) -> ClusterYear:
    if not permissions.can_create_year(actor, cluster):
        raise Forbidden("Chỉ Phòng TĐKT được mở năm thi đua mới cho cụm, khối.")
    if ClusterYear.objects.filter(cluster=cluster, year=year).exists():
        raise ValidationFailed([f"{cluster.name} đã có năm thi đua {year}."])
    settings.setdefault("tie_breaks", list(DEFAULT_TIE_BREAKS))
    settings.setdefault("quotas", [dict(q) for q in DEFAULT_QUOTAS])
    cluster_year = ClusterYear(cluster=cluster, year=year, **settings)
    save_audited(cluster_year, actor=actor)
    for phase in workflow.PHASE_CODES:
        save_audited(PhaseSchedule(cluster_year=cluster_year, phase=phase), actor=actor)
    return cluster_year


SETTING_FIELDS = {
    "aggregate", "cross_scoring", "tie_breaks", "quotas", "vote_threshold_numerator",
    "vote_threshold_denominator", "vote_threshold_strict", "secret_ballots",
}


@transaction.atomic
def cluster_year_configure(*, actor, cluster_year: ClusterYear, **changes: Any) -> ClusterYear:
    """How the year is scored, ranked and voted; fixed once consolidation has started."""
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    if workflow.is_at_least(cluster_year.phase, "consolidation"):
        raise InvalidTransition("Không thể đổi cách tính điểm sau khi đã bắt đầu tổng hợp, xếp hạng.")
    unknown = set(changes) - SETTING_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    if apply_changes(cluster_year, changes):
        save_audited(cluster_year, actor=actor)
    return cluster_year


@transaction.atomic
def schedule_set(
    *, actor, cluster_year: ClusterYear, phase: str, starts_on: datetime.date | None, due_on: datetime.date | None
) -> PhaseSchedule:
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_not_closed(cluster_year)
    row, _ = PhaseSchedule.objects.get_or_create(cluster_year=cluster_year, phase=phase)
    if apply_changes(row, {"starts_on": starts_on, "due_on": due_on}):
        save_audited(row, actor=actor)
    return row


@transaction.atomic
def phase_move(*, actor, cluster_year: ClusterYear, to_phase: str) -> ClusterYear:
    """Move the year one phase on (or one back, until it is submitted to the province)."""
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    if to_phase not in workflow.allowed_moves(cluster_year.phase):
        raise InvalidTransition(
            f"Không thể chuyển từ “{workflow.PHASE_LABELS[cluster_year.phase]}” sang "
            f"“{workflow.PHASE_LABELS.get(to_phase, to_phase)}”."
        )
    if to_phase == "self_scoring" and not Criterion.objects.filter(group__table__cluster_year=cluster_year).exists():
        raise InvalidTransition("Chưa có bảng tiêu chí chấm điểm: hãy lập bảng tiêu chí trước khi tự chấm.")
    if to_phase == "submitted":
        if not Conference.objects.filter(cluster_year=cluster_year).exists():
            raise InvalidTransition("Chưa ghi thông tin hội nghị tổng kết: chưa thể trình tỉnh.")
        for proposal in cluster_year.proposals.filter(status=ProposalStatus.APPROVED):
            proposal.status = ProposalStatus.SUBMITTED
            save_audited(proposal, actor=actor)
    cluster_year.phase = to_phase
    save_audited(cluster_year, actor=actor)
    return cluster_year


# --- Criteria tables ---------------------------------------------------------------------------

EDITABLE_TABLE_PHASES = {"setup", "registration", "in_progress"}


def _require_table_editable(actor, cluster_year: ClusterYear) -> None:
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, EDITABLE_TABLE_PHASES, "sửa bảng tiêu chí")


@transaction.atomic
def table_create(*, actor, cluster_year: ClusterYear, name: str, units: list[Unit] | None = None) -> CriteriaTable:
    _require_table_editable(actor, _locked(cluster_year))
    table = CriteriaTable(cluster_year=cluster_year, name=name)
    save_audited(table, actor=actor)
    if units:
        table.units.set(units)
    return table


@transaction.atomic
def table_delete(*, actor, table: CriteriaTable) -> None:
    _require_table_editable(actor, _locked(table.cluster_year))
    delete_audited(table, actor=actor)


@transaction.atomic
def group_save(
    *, actor, table: CriteriaTable, code: str, name: str, position: int = 0, group: CriteriaGroup | None = None
) -> CriteriaGroup:
    _require_table_editable(actor, _locked(table.cluster_year))
    group = group or CriteriaGroup(table=table)
    if apply_changes(group, {"code": code, "name": name, "position": position}) or group._state.adding:
        save_audited(group, actor=actor)
    return group


@transaction.atomic
def criterion_save(*, actor, group: CriteriaGroup, criterion: Criterion | None = None, **fields: Any) -> Criterion:
    _require_table_editable(actor, _locked(group.table.cluster_year))
    criterion = criterion or Criterion(group=group)
    if apply_changes(criterion, fields) or criterion._state.adding:
        save_audited(criterion, actor=actor)
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    _require_table_editable(actor, _locked(criterion.group.table.cluster_year))
    delete_audited(criterion, actor=actor)


@transaction.atomic
def table_copy(*, actor, source: CriteriaTable, cluster_year: ClusterYear) -> CriteriaTable:
    """Copy a table (e.g. last year's) with its groups and criteria into `cluster_year`."""
    _require_table_editable(actor, _locked(cluster_year))
    table = CriteriaTable(cluster_year=cluster_year, name=source.name)
    save_audited(table, actor=actor)
    member_ids = permissions.member_unit_ids(cluster_year)
    table.units.set([u for u in source.units.all() if u.pk in member_ids])
    for group in source.groups.prefetch_related("criteria"):
        new_group = CriteriaGroup(table=table, code=group.code, name=group.name, position=group.position)
        save_audited(new_group, actor=actor)
        for criterion in group.criteria.all():
            save_audited(
                Criterion(
                    group=new_group, code=criterion.code, text=criterion.text, kind=criterion.kind,
                    max_points=criterion.max_points, guidance=criterion.guidance,
                    evidence_required=criterion.evidence_required, position=criterion.position,
                ),
                actor=actor,
            )
    return table


# --- Registration and pact --------------------------------------------------------------------


@transaction.atomic
def registration_save(
    *, actor, cluster_year: ClusterYear, unit: Unit, titles: list[str], targets: str, submit: bool = False
) -> Registration:
    cluster_year = _locked(cluster_year)
    if not permissions.can_act_for_unit(actor, cluster_year, unit.pk):
        raise Forbidden(f"Bạn không phải cán bộ thi đua của {unit.name} trong cụm năm {cluster_year.year}.")
    _require_phase(cluster_year, {"setup", "registration"}, "đăng ký thi đua")
    registration = Registration.objects.filter(cluster_year=cluster_year, unit=unit).first() or Registration(
        cluster_year=cluster_year, unit=unit
    )
    changes: dict[str, Any] = {"titles": sorted(set(titles)), "targets": targets}
    if submit:
        changes.update(submitted_at=timezone.now(), submitted_by=actor)
    if apply_changes(registration, changes) or registration._state.adding:
        save_audited(registration, actor=actor)
    return registration


@transaction.atomic
def pact_save(*, actor, cluster_year: ClusterYear, **fields: Any) -> Pact:
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, {"setup", "registration"}, "sửa giao ước")
    pact = Pact.objects.filter(cluster_year=cluster_year).first() or Pact(cluster_year=cluster_year)
    if not pact._state.adding and pact.signatures.exists():
        raise InvalidTransition("Giao ước đã có đơn vị ký: không sửa được nội dung.")
    if apply_changes(pact, fields) or pact._state.adding:
        save_audited(pact, actor=actor)
    return pact


@transaction.atomic
def pact_sign(
    *, actor, cluster_year: ClusterYear, unit: Unit, signer_name: str, signer_position: str = "",
    signed_at: datetime.datetime | None = None,
) -> PactSignature:
    cluster_year = _locked(cluster_year)
    if not permissions.can_sign_for_unit(actor, cluster_year, unit.pk):
        raise Forbidden(f"Chỉ Thủ trưởng {unit.name} được ký giao ước cho đơn vị.")
    _require_phase(cluster_year, {"registration"}, "ký giao ước")
    pact = Pact.objects.filter(cluster_year=cluster_year).first()
    if pact is None:
        raise InvalidTransition("Cụm chưa soạn giao ước thi đua.")
    if pact.signatures.filter(unit=unit).exists():
        raise ValidationFailed([f"{unit.name} đã ký giao ước."])
    signature = PactSignature(
        pact=pact, unit=unit, signed_by=actor, signer_name=signer_name,
        signer_position=signer_position, signed_at=signed_at or timezone.now(),
    )
    save_audited(signature, actor=actor)
    return signature


# --- Cross-scoring assignments ------------------------------------------------------------------


@transaction.atomic
def assignments_set(*, actor, cluster_year: ClusterYear, pairs: list[tuple[Unit, Unit]]) -> int:
    """Replace the rotation: each (scorer, scored) pair of member units."""
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, {"setup", "registration", "in_progress", "self_scoring"}, "phân công chấm chéo")
    members = permissions.member_unit_ids(cluster_year)
    errors = [
        f"{unit.name} không phải thành viên cụm năm {cluster_year.year}."
        for pair in pairs for unit in pair if unit.pk not in members
    ]
    errors += [f"{scorer.name} không tự chấm chéo chính mình." for scorer, scored in pairs if scorer.pk == scored.pk]
    if errors:
        raise ValidationFailed(sorted(set(errors)))
    for row in cluster_year.assignments.all():
        delete_audited(row, actor=actor)
    for scorer, scored in dict.fromkeys((a, b) for a, b in pairs):
        save_audited(CrossAssignment(cluster_year=cluster_year, scorer=scorer, scored=scored), actor=actor)
    return len(pairs)


def rotation_pairs(units: list[Unit], scorers_per_unit: int = 2) -> list[tuple[Unit, Unit]]:
    """A fair default rotation: each unit is scored by the next `scorers_per_unit` units in order."""
    pairs = []
    count = len(units)
    for index, scored in enumerate(units):
        for step in range(1, min(scorers_per_unit, count - 1) + 1):
            pairs.append((units[(index + step) % count], scored))
    return pairs


def may_cross_score(cluster_year: ClusterYear, scorer_id: int, scored_id: int) -> bool:
    if scorer_id == scored_id:
        return False
    if cluster_year.cross_scoring == CrossScoringMode.ALL:
        members = permissions.member_unit_ids(cluster_year)
        return scorer_id in members and scored_id in members
    return cluster_year.assignments.filter(scorer_id=scorer_id, scored_id=scored_id).exists()


# --- Scores -----------------------------------------------------------------------------------


def parse_points(raw: Any, criterion: Criterion) -> Decimal:
    try:
        points = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise ValidationFailed([f"Tiêu chí {criterion.code}: “{raw}” không phải là số."]) from None
    if not points.is_finite() or points < 0 or points > criterion.max_points:
        raise ValidationFailed(
            [f"Tiêu chí {criterion.code}: điểm phải từ 0 đến {format_points(criterion.max_points)} (đã nhập {raw})."]
        )
    if points != points.quantize(Decimal("0.01")):
        raise ValidationFailed([f"Tiêu chí {criterion.code}: điểm lấy tối đa 2 chữ số thập phân."])
    return points


def _check_score_right(actor, cluster_year: ClusterYear, unit: Unit, kind: str, scorer: Unit | None) -> None:
    if unit.pk not in permissions.member_unit_ids(cluster_year):
        raise ValidationFailed([f"{unit.name} không phải thành viên cụm năm {cluster_year.year}."])
    if kind == ScoreKind.SELF:
        if not permissions.can_act_for_unit(actor, cluster_year, unit.pk):
            raise Forbidden(f"Chỉ cán bộ thi đua của {unit.name} được tự chấm điểm cho đơn vị.")
        _require_phase(cluster_year, {"self_scoring"}, "tự chấm điểm")
    elif kind == ScoreKind.CROSS:
        if scorer is None or not permissions.can_act_for_unit(actor, cluster_year, scorer.pk):
            raise Forbidden("Bạn chỉ được chấm chéo thay mặt đơn vị mình.")
        if not may_cross_score(cluster_year, scorer.pk, unit.pk):
            raise Forbidden(f"{scorer.name} không được phân công chấm {unit.name}.")
        _require_phase(cluster_year, {"cross_scoring"}, "chấm chéo")
    else:
        _require_runner(actor, cluster_year)
        _require_phase(cluster_year, {"consolidation"}, "tổng hợp điểm")


@transaction.atomic
def score_save(
    *,
    actor,
    cluster_year: ClusterYear,
    criterion: Criterion,
    unit: Unit,
    kind: str,
    points: Any,
    note: str = "",
    scorer: Unit | None = None,
    expected_version: int | None = None,
    reason: str = "",
) -> Score:
    """Save one score. `expected_version` is the version the user saw (None for a new score):
    if someone saved in between, the save is refused instead of overwriting their work.

    A consolidation score (kind review) that changes what the unit had needs a reason; the
    change is kept and shown to the unit, which may answer it.
    """
    return _score_save_locked(
        actor=actor, cluster_year=_locked(cluster_year), criterion=criterion, unit=unit, kind=kind, points=points,
        note=note, scorer=scorer, expected_version=expected_version, reason=reason,
    )


_UNREAD = object()


def _scorer_for(kind: str, unit: Unit, scorer: Unit | None) -> Unit | None:
    """Who a score is by: the unit itself for self-scoring, nobody for the consolidated one."""
    if kind == ScoreKind.SELF:
        return unit
    if kind == ScoreKind.REVIEW:
        return None
    return scorer


def _score_save_locked(
    *, actor, cluster_year: ClusterYear, criterion: Criterion, unit: Unit, kind: str, points: Any, note: str,
    scorer: Unit | None, expected_version: int | None, reason: str, existing: Score | None | object = _UNREAD,
) -> Score:
    """score_save for a year the caller has locked (`_locked`) in the current transaction.
    Nothing is written before a check refuses, so a refusal leaves the transaction usable.
    `existing`: the current score, when the caller has read it under the same lock."""
    scorer = _scorer_for(kind, unit, scorer)
    _check_score_right(actor, cluster_year, unit, kind, scorer)
    if criterion.group.table.cluster_year_id != cluster_year.pk:
        raise ValidationFailed(["Tiêu chí không thuộc bảng tiêu chí của năm này."])
    value = parse_points(points, criterion)
    if existing is _UNREAD:
        existing = Score.objects.filter(criterion=criterion, unit=unit, kind=kind, scorer=scorer).first()
    current_version = existing.version if existing else None
    if expected_version != current_version:
        who = existing.updated_by.get_full_name() or existing.updated_by.get_username() if existing else ""
        raise VersionConflict(
            [
                f"Tiêu chí {criterion.code}: điểm vừa được {who or 'người khác'} thay đổi "
                f"({format_points(existing.points) if existing else 'đã xoá'}). Hãy tải lại trang, xem điểm mới rồi nhập lại."
            ]
        )
    if kind == ScoreKind.REVIEW:
        baseline = existing.points if existing else selectors.unreviewed_points(cluster_year, criterion, unit)
        if value != baseline and not reason.strip():
            raise ValidationFailed(
                [
                    f"Tiêu chí {criterion.code}: thay đổi điểm của {unit.name} "
                    f"({format_points(baseline)} → {format_points(value)}) phải ghi rõ lý do."
                ]
            )
    if existing is None:
        score = Score(
            cluster_year=cluster_year, criterion=criterion, unit=unit, kind=kind, scorer=scorer,
            points=value, note=note, updated_by=actor,
        )
        try:
            with transaction.atomic():
                # Rights, phase, range and version are checked above; uniqueness by the database.
                save_audited(score, actor=actor, database_checks=False)
        except IntegrityError:
            raise VersionConflict(
                [f"Tiêu chí {criterion.code}: điểm vừa được người khác nhập. Hãy tải lại trang."]
            ) from None
    else:
        score = existing
        if score.points == value and score.note == note:
            return score
        old_points = score.points
        # The version check is repeated in the UPDATE itself, so two racing saves cannot both win.
        updated = Score.objects.filter(pk=score.pk, version=current_version).update(version=F("version") + 1)
        if not updated:
            raise VersionConflict([f"Tiêu chí {criterion.code}: điểm vừa được người khác thay đổi. Hãy tải lại trang."])
        # The UPDATE above matched `current_version` and holds the row until commit.
        score.version = current_version + 1
        score.criterion = criterion
        score.points, score.note, score.updated_by = value, note, actor
        save_audited(score, actor=actor, database_checks=False)
        baseline = old_points
    if kind == ScoreKind.REVIEW and value != baseline:
        save_audited(
            ScoreChange(score=score, old_points=baseline, new_points=value, reason=reason.strip(), changed_by=actor),
            actor=actor,
        )
    return score


@transaction.atomic
def evidence_add(*, actor, score: Score, file, description: str = "") -> Evidence:
    cluster_year = _locked(score.cluster_year)
    if score.kind != ScoreKind.SELF or not permissions.can_act_for_unit(actor, cluster_year, score.unit_id):
        raise Forbidden("Chỉ cán bộ thi đua của đơn vị được nộp minh chứng cho điểm tự chấm.")
    _require_phase(cluster_year, {"self_scoring", "cross_scoring", "consolidation"}, "nộp minh chứng")
    evidence = Evidence(score=score, file=file, description=description, uploaded_by=actor)
    save_audited(evidence, actor=actor)
    return evidence


@transaction.atomic
def score_change_respond(*, actor, change: ScoreChange, response: str) -> ScoreChange:
    cluster_year = _locked(change.score.cluster_year)
    if not permissions.can_act_for_unit(actor, cluster_year, change.score.unit_id):
        raise Forbidden("Chỉ cán bộ thi đua của đơn vị bị điều chỉnh điểm được giải trình.")
    _require_not_closed(cluster_year)
    if not response.strip():
        raise ValidationFailed(["Nội dung giải trình: bắt buộc nhập."])
    change.response, change.responded_by, change.responded_at = response.strip(), actor, timezone.now()
    save_audited(change, actor=actor)
    return change


@transaction.atomic
def sheet_save(
    *, actor, cluster_year: ClusterYear, unit: Unit, kind: str, entries: list[dict[str, Any]], scorer: Unit | None = None
) -> int:
    """Save a whole score sheet at once: every entry is checked, and if any is refused nothing
    is saved and every problem is reported. Entries: criterion, points, note, expected_version,
    reason. Empty points are skipped. Returns how many scores changed.

    The year is locked once for the whole sheet (not once per criterion): a sheet of a dozen
    criteria holds the lock, which every save of the cluster waits for, a few queries long."""
    errors: list[str] = []
    changed = 0
    cluster_year = _locked(cluster_year)
    entries = [entry for entry in entries if entry.get("points") not in (None, "")]
    # The sheet's current scores in one query; the year's lock above keeps them current.
    current = {
        score.criterion_id: score
        for score in Score.objects.filter(
            cluster_year=cluster_year, unit=unit, kind=kind, scorer=_scorer_for(kind, unit, scorer),
            criterion__in=[entry["criterion"].pk for entry in entries],
        ).select_related("updated_by")
    }
    for entry in entries:
        try:
            score = _score_save_locked(
                actor=actor, cluster_year=cluster_year, criterion=entry["criterion"], unit=unit, kind=kind,
                points=entry["points"], note=entry.get("note", ""), scorer=scorer,
                expected_version=entry.get("expected_version"), reason=entry.get("reason", ""),
                existing=current.get(entry["criterion"].pk),
            )
        except ValidationFailed as exc:
            errors.extend(exc.errors)
        else:
            # The save checked the version the user saw: the same version back means unchanged.
            changed += score.version != entry.get("expected_version")
    if errors:
        raise ValidationFailed(errors)
    return changed


# --- Proposals ----------------------------------------------------------------------------------


def skip_reason(unit: Unit, year: int) -> str | None:
    """Why a unit cannot be proposed for a collective award of `year`, or None.

    A unit dissolved or merged before the end of the year gets no award (TT 15/2025); nor does a
    collective whose discipline period runs in the year (domain.md §2.4).
    """
    end_of_year = datetime.date(year, 12, 31)
    if unit.valid_to is not None and unit.valid_to < end_of_year:
        merged = f", sáp nhập vào {unit.successor.name}" if unit.successor_id else ""
        return f"Đơn vị đã giải thể/thôi hoạt động từ {unit.valid_to:%d/%m/%Y}{merged}."
    for period in Discipline.objects.filter(unit=unit, starts_on__lte=end_of_year):
        if period.overlaps_year(year):
            until = f" đến {period.ends_on:%d/%m/%Y}" if period.ends_on else " (đang thi hành)"
            return f"Tập thể đang chịu kỷ luật {period.get_form_display().lower()} từ {period.starts_on:%d/%m/%Y}{until}."
    return None


@transaction.atomic
def proposals_draft(*, actor, cluster_year: ClusterYear) -> tuple[list[ClusterProposal], list[tuple[Unit, str]]]:
    """Draft the cluster's proposals from the ranking and the quotas, skipping units that cannot
    be proposed (with the reason). Drafts are replaced; approved or submitted ones are kept."""
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, {"consolidation", "conference"}, "lập dự kiến đề nghị khen thưởng")
    result = selectors.ranking(cluster_year)
    skipped = [(row.unit, reason) for row in result.rows if (reason := skip_reason(row.unit, cluster_year.year))]
    allocation = selectors.allocate(result, exclude={unit.code for unit, _ in skipped})
    for proposal in cluster_year.proposals.filter(status=ProposalStatus.DRAFT):
        delete_audited(proposal, actor=actor)
    kept = {(p.unit_id, p.form) for p in cluster_year.proposals.all()}
    by_code = {row.unit.code: row for row in result.rows}
    created = []
    for form, codes in allocation.proposals.items():
        for code in codes:
            row = by_code[code]
            if (row.unit.pk, form) in kept:
                continue
            proposal = ClusterProposal(cluster_year=cluster_year, unit=row.unit, form=form, rank=row.rank, total=row.total)
            save_audited(proposal, actor=actor)
            created.append(proposal)
    return created, skipped


# --- Votes and elections ------------------------------------------------------------------------


def _new_vote(actor, cluster_year: ClusterYear, **fields: Any) -> Vote:
    vote = Vote(
        cluster_year=cluster_year, secret=cluster_year.secret_ballots,
        threshold_numerator=cluster_year.vote_threshold_numerator,
        threshold_denominator=cluster_year.vote_threshold_denominator,
        threshold_strict=cluster_year.vote_threshold_strict,
        electorate=len(permissions.member_unit_ids(cluster_year)), opened_at=timezone.now(), **fields,
    )
    save_audited(vote, actor=actor)
    return vote


def _require_conference(actor, cluster_year: ClusterYear) -> ClusterYear:
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, {"conference"}, "biểu quyết")
    return cluster_year


@transaction.atomic
def vote_open_for_proposal(*, actor, proposal: ClusterProposal) -> Vote:
    cluster_year = _require_conference(actor, proposal.cluster_year)
    if proposal.votes.filter(closed_at__isnull=True).exists():
        raise ValidationFailed(["Đề nghị này đang được biểu quyết."])
    vote = _new_vote(
        actor, cluster_year, kind=VoteKind.PROPOSAL, proposal=proposal, form=proposal.form,
        question=f"Đề nghị tặng {form_label(proposal.form)} cho {proposal.unit.name}",
    )
    VoteOption.objects.create(vote=vote, label="Đồng ý", approves=True, position=0)
    VoteOption.objects.create(vote=vote, label="Không đồng ý", approves=False, position=1)
    return vote


@transaction.atomic
def vote_open_for_tie(*, actor, cluster_year: ClusterYear, form: str, units: list[Unit]) -> Vote:
    cluster_year = _require_conference(actor, cluster_year)
    if len(units) < 2:
        raise ValidationFailed(["Cần ít nhất hai đơn vị bằng điểm để bỏ phiếu."])
    vote = _new_vote(
        actor, cluster_year, kind=VoteKind.TIE, form=form,
        question=f"Chọn đơn vị đề nghị tặng {form_label(form)} (các đơn vị bằng điểm)",
    )
    for position, unit in enumerate(units):
        VoteOption.objects.create(vote=vote, label=unit.name, unit=unit, position=position)
    return vote


@transaction.atomic
def vote_open_for_election(*, actor, cluster_year: ClusterYear, role: str, candidates: list[Unit]) -> Vote:
    cluster_year = _require_conference(actor, cluster_year)
    members = permissions.member_unit_ids(cluster_year)
    if not candidates or any(u.pk not in members for u in candidates):
        raise ValidationFailed(["Ứng cử viên phải là đơn vị thành viên của cụm."])
    title = "Trưởng cụm" if role == VoteKind.LEADER else "Phó trưởng cụm"
    vote = _new_vote(
        actor, cluster_year, kind=role, question=f"Bầu {title} năm {cluster_year.year + 1}",
    )
    for position, unit in enumerate(candidates):
        VoteOption.objects.create(vote=vote, label=unit.name, unit=unit, position=position)
    return vote


@transaction.atomic
def ballot_cast(*, actor, vote: Vote, unit: Unit, option: VoteOption) -> None:
    """One ballot per member unit. A secret ballot leaves only a receipt and a count."""
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    cluster_year = vote.cluster_year
    if unit.pk not in permissions.voting_units(actor, cluster_year):
        raise Forbidden(f"Bạn không được bỏ phiếu thay {unit.name}.")
    if not vote.is_open:
        raise InvalidTransition("Cuộc biểu quyết đã kết thúc.")
    if option.vote_id != vote.pk:
        raise ValidationFailed(["Phương án không thuộc cuộc biểu quyết này."])
    if BallotReceipt.objects.filter(vote=vote, unit=unit).exists():
        raise ValidationFailed([f"{unit.name} đã bỏ phiếu."])
    try:
        with transaction.atomic():
            BallotReceipt.objects.create(vote=vote, unit=unit, option=None if vote.secret else option)
    except IntegrityError:
        raise ValidationFailed([f"{unit.name} đã bỏ phiếu."]) from None
    VoteOption.objects.filter(pk=option.pk).update(count=F("count") + 1)


def _meets_threshold(vote: Vote, count: int) -> bool:
    left, right = count * vote.threshold_denominator, vote.threshold_numerator * vote.electorate
    return left > right if vote.threshold_strict else left >= right


def threshold_text(vote: Vote) -> str:
    word = "trên" if vote.threshold_strict else "từ"
    return f"{word} {vote.threshold_numerator}/{vote.threshold_denominator} tổng số {vote.electorate} đơn vị"


@transaction.atomic
def vote_close(*, actor, vote: Vote) -> Vote:
    """Count, record the outcome and apply it: a proposal approved or not, a tie decided, next
    year's Trưởng/Phó trưởng cụm set."""
    vote = Vote.objects.select_for_update(of=("self",)).select_related("cluster_year__cluster", "proposal").get(pk=vote.pk)
    cluster_year = _require_conference(actor, vote.cluster_year)
    if not vote.is_open:
        raise InvalidTransition("Cuộc biểu quyết đã kết thúc.")
    options = list(vote.options.all())
    cast = sum(o.count for o in options)
    counts = "; ".join(f"{o.label}: {o.count}" for o in options)
    vote.closed_at = timezone.now()
    if vote.kind == VoteKind.PROPOSAL:
        yes = next(o for o in options if o.approves)
        vote.passed = _meets_threshold(vote, yes.count)
        vote.winner = yes if vote.passed else None
        proposal = vote.proposal
        proposal.status = ProposalStatus.APPROVED if vote.passed else ProposalStatus.REJECTED
        save_audited(proposal, actor=actor)
    else:
        top = max((o.count for o in options), default=0)
        leaders = [o for o in options if o.count == top]
        vote.passed = len(leaders) == 1 and _meets_threshold(vote, top)
        vote.winner = leaders[0] if vote.passed else None
        if vote.passed and vote.kind == VoteKind.TIE:
            row = next(r for r in selectors.ranking(cluster_year).rows if r.unit.pk == vote.winner.unit_id)
            proposal, _ = ClusterProposal.objects.get_or_create(
                cluster_year=cluster_year, unit=vote.winner.unit, form=vote.form,
                defaults={"rank": row.rank, "total": row.total, "status": ProposalStatus.APPROVED, "note": "Theo kết quả bỏ phiếu"},
            )
        if vote.passed and vote.kind in (VoteKind.LEADER, VoteKind.VICE):
            _set_next_year_leadership(actor, cluster_year, vote.winner.unit, vote.kind)
    verdict = "Thông qua" if vote.passed else "Không thông qua"
    vote.outcome = (
        f"{verdict}. Số đơn vị có quyền biểu quyết: {vote.electorate}; số phiếu: {cast}; {counts}. "
        f"Tỷ lệ cần đạt: {threshold_text(vote)}."
        + (f" Kết quả: {vote.winner.label}." if vote.winner and vote.kind != VoteKind.PROPOSAL else "")
    )
    save_audited(vote, actor=actor)
    return vote


def _set_next_year_leadership(actor, cluster_year: ClusterYear, unit: Unit, kind: str) -> None:
    """The elected unit leads next year: next year's membership rows are created from this
    year's members where missing, and the role moves to the winner."""
    next_year = cluster_year.year + 1
    role = ClusterRole.LEADER if kind == VoteKind.LEADER else ClusterRole.VICE
    cluster = cluster_year.cluster
    existing = {m.unit_id: m for m in ClusterMembership.objects.filter(cluster=cluster, year=next_year)}
    for membership in ClusterMembership.objects.filter(cluster=cluster, year=cluster_year.year):
        if membership.unit_id not in existing and skip_reason(membership.unit, next_year) is None:
            row = ClusterMembership(
                cluster=cluster, unit=membership.unit, year=next_year, role=ClusterRole.MEMBER,
                valid_from=datetime.date(next_year, 1, 1), valid_to=datetime.date(next_year, 12, 31),
            )
            save_audited(row, actor=actor)
            existing[row.unit_id] = row
    for membership in existing.values():
        if membership.role == role and membership.unit_id != unit.pk:
            membership.role = ClusterRole.MEMBER
            save_audited(membership, actor=actor)
    winner = existing.get(unit.pk)
    if winner is None:
        raise ValidationFailed([f"{unit.name} không là thành viên cụm năm {next_year}."])
    if winner.role != role:
        winner.role = role
        save_audited(winner, actor=actor)


def form_label(code: str) -> str:
    return FORM_LABELS.get(code, code)


FORM_LABELS = {
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "TTLDXS": "Tập thể lao động xuất sắc",
    "GIAY_KHEN": "Giấy khen",
}


# --- The conference -----------------------------------------------------------------------------

CONFERENCE_FIELDS = {
    "held_on", "starts_at", "ended_at", "host", "place", "chair", "secretary", "guests", "agenda",
    "achievements", "limitations", "measures", "conclusions", "minutes_number", "proposal_number",
    "report_number",
}


@transaction.atomic
def conference_save(*, actor, cluster_year: ClusterYear, **fields: Any) -> Conference:
    cluster_year = _locked(cluster_year)
    _require_runner(actor, cluster_year)
    _require_phase(cluster_year, {"consolidation", "conference", "submitted"}, "ghi hội nghị tổng kết")
    unknown = set(fields) - CONFERENCE_FIELDS
    if unknown:
        raise ValueError(f"unknown fields: {sorted(unknown)}")
    conference = Conference.objects.filter(cluster_year=cluster_year).first() or Conference(cluster_year=cluster_year)
    if apply_changes(conference, fields) or conference._state.adding:
        save_audited(conference, actor=actor)
    return conference


@transaction.atomic
def attendee_add(*, actor, conference: Conference, name: str, position: str = "", unit: Unit | None = None) -> Attendee:
    _require_runner(actor, _locked(conference.cluster_year))
    _require_not_closed(conference.cluster_year)
    attendee = Attendee(conference=conference, name=name, position=position, unit=unit)
    save_audited(attendee, actor=actor)
    return attendee


@transaction.atomic
def attendee_remove(*, actor, attendee: Attendee) -> None:
    _require_runner(actor, _locked(attendee.conference.cluster_year))
    _require_not_closed(attendee.conference.cluster_year)
    delete_audited(attendee, actor=actor)
