"""Cluster years: list, detail with phase, ranking, and the caller's own self scores."""

from decimal import Decimal

from ninja import Path, Query, Router
from ninja.pagination import paginate

from thidua.api import selectors as api_selectors
from thidua.api.auth import actor
from thidua.api.common import Page, require_registry_viewer
from thidua.api.schemas import (
    MAX_ID,
    ClusterYearDetailOut,
    ClusterYearFilter,
    ClusterYearOut,
    RankingOut,
    SelfScoreFilter,
    SelfScoreIn,
    SelfScoreSavedOut,
    SelfScoreSheetOut,
    error_responses,
)
from thidua.core.errors import Forbidden, NotFound
from thidua.cycles import permissions, selectors, services, workflow
from thidua.cycles.models import ClusterYear, Criterion, ScoreKind
from thidua.organisations import selectors as org_selectors
from thidua.organisations.models import Unit
from thidua.rules.ranking import RankingResult, UnitResult
from thidua.rules.ranking_json import result_to_json

router = Router(tags=["Năm thi đua"])

NOT_OWN_UNIT = "Bạn chỉ xem, nhập được điểm tự chấm của đơn vị mà bạn là cán bộ thi đua trong năm này."
NO_OWN_UNIT = "Bạn không là cán bộ thi đua của đơn vị thành viên nào trong năm thi đua này."


def _number(value: Decimal) -> int | float:
    # As the calculator prints them: 97, not "97.00"; 97.5, not "97.50".
    return int(value) if value == value.to_integral_value() else float(value)


@router.get("/cluster-years", response={200: list[ClusterYearOut], **error_responses(403, 422)},
            summary="Danh sách năm thi đua của các cụm")
@paginate(Page)
def cluster_year_list(request, filters: Query[ClusterYearFilter]):
    require_registry_viewer(actor(request))
    return api_selectors.cluster_year_list(cluster_id=filters.cluster, year=filters.year, phase=filters.phase)


@router.get("/cluster-years/{year_id}", response={200: ClusterYearDetailOut, **error_responses(403, 404, 422)},
            summary="Chi tiết năm thi đua, giai đoạn hiện tại")
def cluster_year_detail(request, year_id: int = Path(..., ge=1, le=MAX_ID)):
    user = actor(request)
    cy = selectors.cluster_year_get(user=user, pk=year_id)
    can_run = permissions.can_run_year(user, cy)
    sign = ">" if cy.vote_threshold_strict else "≥"
    return {
        "id": cy.pk, "cluster": cy.cluster, "year": cy.year, "phase": cy.phase,
        "phase_label": workflow.PHASE_LABELS[cy.phase], "aggregate": cy.aggregate,
        "cross_scoring": cy.cross_scoring, "tie_breaks": list(cy.tie_breaks), "quotas": list(cy.quotas),
        "vote_threshold": f"{sign} {cy.vote_threshold_numerator}/{cy.vote_threshold_denominator}",
        "secret_ballots": cy.secret_ballots,
        "allowed_moves": workflow.allowed_moves(cy.phase) if can_run else [],
        "can_run": can_run,
        "my_units": sorted(permissions.officer_units_in_year(user, cy)),
        "schedule": [
            {"phase": row.phase, "phase_label": workflow.PHASE_LABELS[row.phase], "starts_on": row.starts_on,
             "due_on": row.due_on}
            for row in sorted(cy.schedule.all(), key=lambda row: workflow.PHASE_CODES.index(row.phase))
        ],
        "members": selectors.members(cy),
    }


@router.get("/cluster-years/{year_id}/ranking", response={200: RankingOut, **error_responses(403, 404, 409, 422)},
            summary="Xếp hạng (cùng dạng JSON với lệnh `thidua ranking`)")
def cluster_year_ranking(request, year_id: int = Path(..., ge=1, le=MAX_ID)):
    """`ranking`, `proposals`, `needs_vote` giống hệt kết quả của `thidua ranking` (mã đơn vị,
    tổng điểm là số JSON); `units` và `groups` bổ sung tên và điểm từng nhóm. Trước giai đoạn tổng
    hợp, `final` là false: kết quả chỉ là tạm tính."""
    cy = selectors.cluster_year_get(user=actor(request), pk=year_id)
    ranking = selectors.ranking(cy)  # RankingInputError (cannot be ranked yet) answers 409
    result = RankingResult(
        ranking=tuple(
            UnitResult(r.unit.code, r.rank, r.total, r.tied, r.group_totals, r.bonus, r.penalty) for r in ranking.rows
        ),
        proposals={form: tuple(u.code for u in units) for form, units in ranking.proposals.items()},
        needs_vote=tuple((form, tuple(u.code for u in units)) for form, units in ranking.needs_vote),
    )
    return {
        **result_to_json(result),
        "final": workflow.is_at_least(cy.phase, "consolidation"),
        "units": [
            {"id": r.unit.pk, "code": r.unit.code, "name": r.unit.name,
             "group_totals": {code: _number(total) for code, total in r.group_totals.items()},
             "bonus": _number(r.bonus), "penalty": _number(r.penalty)}
            for r in ranking.rows
        ],
        "groups": [{"code": code, "name": name} for code, name in ranking.groups],
    }


# --- Self scores ----------------------------------------------------------------------------


def _own_unit(user, cy: ClusterYear, unit_id: int) -> Unit:
    if unit_id not in permissions.officer_units_in_year(user, cy):
        raise Forbidden(NOT_OWN_UNIT)
    return org_selectors.unit_get(unit_id)


def _score_row(criterion: Criterion, score) -> dict:
    return {
        "criterion_id": criterion.pk, "code": criterion.code, "text": criterion.text, "kind": criterion.kind,
        "max_points": criterion.max_points, "evidence_required": criterion.evidence_required,
        "points": score.points if score else None, "note": score.note if score else "",
        "version": score.version if score else None, "updated_at": score.updated_at if score else None,
    }


def _sheet(cy: ClusterYear, unit: Unit) -> dict:
    table, rows = selectors.score_sheet(cy, unit)
    return {
        "unit": unit,
        "table": table.name if table else None,
        "editable": workflow.scoring_open_for_self(cy.phase),
        "scores": [_score_row(row.criterion, row.self_score) for row in rows],
    }


@router.get("/cluster-years/{year_id}/self-scores",
            response={200: list[SelfScoreSheetOut], **error_responses(403, 404, 422)},
            summary="Điểm tự chấm của đơn vị mình")
def self_scores(request, filters: Query[SelfScoreFilter], year_id: int = Path(..., ge=1, le=MAX_ID)):
    """Mỗi đơn vị mà bạn là cán bộ thi đua trong năm này (hoặc chỉ đơn vị `unit`): mọi tiêu chí
    của bảng áp dụng cho đơn vị, với điểm tự chấm và `version` để gửi lại khi lưu."""
    user = actor(request)
    cy = selectors.cluster_year_get(user=user, pk=year_id)
    if filters.unit is not None:
        units = [_own_unit(user, cy, filters.unit)]
    else:
        own = permissions.officer_units_in_year(user, cy)
        if not own:
            raise Forbidden(NO_OWN_UNIT)
        units = [org_selectors.unit_get(pk) for pk in sorted(own)]
    return [_sheet(cy, unit) for unit in units]


@router.put("/cluster-years/{year_id}/self-scores/{criterion_id}",
            response={200: SelfScoreSavedOut, **error_responses(400, 403, 404, 409, 422)},
            summary="Lưu một điểm tự chấm")
def self_score_save(
    request, payload: SelfScoreIn,
    year_id: int = Path(..., ge=1, le=MAX_ID), criterion_id: int = Path(..., ge=1, le=MAX_ID),
):
    """Lưu qua cùng dịch vụ với trang chấm điểm: đúng cán bộ thi đua của đơn vị, đúng giai đoạn tự
    chấm, điểm trong khoảng cho phép. `expected_version` là phiên bản bạn đã đọc (null khi chưa
    có điểm); nếu người khác đã lưu trước, trả 409 và không thay đổi gì."""
    user = actor(request)
    cy = selectors.cluster_year_get(user=user, pk=year_id)
    unit = org_selectors.unit_get(payload.unit)
    table = selectors.table_for_unit(cy, unit)
    criterion = next((c for c in selectors.criteria_of(table) if c.pk == criterion_id), None) if table else None
    if criterion is None:
        raise NotFound("Không tìm thấy tiêu chí này trong bảng tiêu chí áp dụng cho đơn vị năm nay.")
    # A stale `expected_version` raises VersionConflict (409) from the service itself.
    score = services.score_save(
        actor=user, cluster_year=cy, criterion=criterion, unit=unit, kind=ScoreKind.SELF,
        points=payload.points, note=payload.note, expected_version=payload.expected_version,
    )
    return {**_score_row(criterion, score), "unit": unit}


