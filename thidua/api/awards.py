"""Award proposals, award history and eligibility verdicts. Read only."""

from django.utils import timezone
from ninja import Path, Query, Router
from ninja.pagination import paginate

from thidua.api import selectors as api_selectors
from thidua.api.auth import actor
from thidua.api.common import Page, require_registry_viewer
from thidua.api.schemas import (
    MAX_ID,
    AwardHistoryOut,
    EligibilityFilter,
    EligibilityOut,
    ProposalDetailOut,
    ProposalFilter,
    ProposalOut,
    award_label,
    error_responses,
)
from thidua.awards import permissions as award_permissions
from thidua.awards import selectors as award_selectors
from thidua.core.errors import Forbidden
from thidua.organisations import selectors as org_selectors
from thidua.rules import eligibility as rules

router = Router()

ELIGIBILITY_REFUSED = (
    "Bạn chỉ xem được kết quả xét điều kiện khen thưởng của cá nhân, tập thể thuộc đơn vị mình."
)


# --- Proposals ------------------------------------------------------------------------------


@router.get("/proposals", response={200: list[ProposalOut], **error_responses(403, 422)},
            tags=["Hồ sơ đề nghị khen thưởng"], summary="Hồ sơ đề nghị khen thưởng bạn được xem")
@paginate(Page)
def proposal_list(request, filters: Query[ProposalFilter]):
    """Phòng TĐKT và thành viên Hội đồng xem mọi hồ sơ; cán bộ, thủ trưởng đơn vị xem hồ sơ của
    đơn vị mình."""
    user = actor(request)
    require_registry_viewer(user)
    return award_selectors.proposals_visible_to(user, year=filters.year, state=filters.state, unit_id=filters.unit)


@router.get("/proposals/{proposal_id}", response={200: ProposalDetailOut, **error_responses(403, 404, 422)},
            tags=["Hồ sơ đề nghị khen thưởng"], summary="Chi tiết hồ sơ, danh sách đề nghị và quyết định")
def proposal_detail(request, proposal_id: int = Path(..., ge=1, le=MAX_ID)):
    user = actor(request)
    require_registry_viewer(user)
    proposal = award_selectors.proposal_get(user=user, pk=proposal_id)
    return {
        **ProposalOut.from_orm(proposal).model_dump(),
        "return_reason": proposal.return_reason,
        "appraisal_note": proposal.appraisal_note,
        "items": [
            {"id": item.pk, "person": item.person, "unit": item.unit,
             "award": {"code": item.award.code, "name": item.award.name}, "eligible": item.eligible,
             "verdict": item.verdict, "override_reason": item.override_reason, "approved": item.approved}
            for item in api_selectors.proposal_items(proposal)
        ],
        "decision": getattr(proposal, "decision", None),
    }


# --- Award history --------------------------------------------------------------------------


def _history_years(timeline: list[dict]) -> list[dict]:
    return [
        {
            "year": entry["year"],
            "rating": {"code": entry["rating"].rating, "label": entry["rating"].get_rating_display()}
            if entry["rating"] else None,
            "awards": [
                {"id": r.pk, "award": {"code": r.award.code, "name": r.award.name},
                 "decision_number": r.decision_number, "decision_date": r.decision_date, "signer": r.signer,
                 "source": r.source}
                for r in entry["awards"]
            ],
            "initiatives": [
                {"id": i.pk, "title": i.title, "scope": i.scope, "recognised_by": i.recognised_by,
                 "decision_number": i.decision_number,
                 "used_for": f"{i.used_for.award.name} năm {i.used_for.year}" if i.used_for_id else None}
                for i in entry["initiatives"]
            ],
            "discipline": [
                {"form": d.form, "form_label": d.get_form_display(), "starts_on": d.starts_on,
                 "ends_on": d.ends_on, "decision_number": d.decision_number}
                for d in entry["discipline"]
            ],
        }
        for entry in timeline
    ]


@router.get("/people/{person_id}/awards", response={200: AwardHistoryOut, **error_responses(403, 404, 422)},
            tags=["Cá nhân"], summary="Lịch sử thi đua, khen thưởng của một cá nhân")
def person_awards(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    person = org_selectors.person_get(user=actor(request), pk=person_id)
    return {
        "subject": {"kind": "individual", "id": person.pk, "name": person.full_name},
        "years": _history_years(award_selectors.timeline(person)),
    }


@router.get("/units/{unit_id}/awards", response={200: AwardHistoryOut, **error_responses(403, 404, 422)},
            tags=["Đơn vị"], summary="Lịch sử thi đua, khen thưởng của một tập thể")
def unit_awards(request, unit_id: int = Path(..., ge=1, le=MAX_ID)):
    require_registry_viewer(actor(request))
    unit = org_selectors.unit_get(unit_id)
    return {
        "subject": {"kind": "collective", "id": unit.pk, "name": unit.name},
        "years": _history_years(award_selectors.timeline(unit)),
    }


# --- Eligibility ----------------------------------------------------------------------------


def _eligibility(subject: dict, subjects: list, filters: EligibilityFilter, year: int) -> dict:
    verdicts = rules.evaluate_many(subjects, [filters.candidate] if filters.candidate else None, year)
    return {
        "subject": subject,
        "year": year,
        "ruleset": rules.ruleset_for(year).id,
        "verdicts": [
            {"candidate": v.candidate, "candidate_label": award_label(v.candidate), "eligible": v.eligible,
             "needs_review": v.needs_review,
             "conditions": [
                 {"ok": c.ok, "text": c.text, "basis": c.basis, "needs_review": c.needs_review, "ground": c.ground}
                 for c in v.conditions
             ]}
            for v in verdicts
        ],
    }


def _default_year() -> int:
    # Awards are considered for the year just ended, as on the eligibility page.
    return timezone.localdate().year - 1


@router.get("/people/{person_id}/eligibility", response={200: EligibilityOut, **error_responses(403, 404, 422)},
            tags=["Cá nhân"], summary="Xét điều kiện khen thưởng của một cá nhân")
def person_eligibility(request, filters: Query[EligibilityFilter], person_id: int = Path(..., ge=1, le=MAX_ID)):
    """Mỗi danh hiệu, hình thức: đủ điều kiện hay không, cần Hội đồng xem xét hay không, và mọi
    điều kiện đã kiểm tra (`ok`, nội dung `text`, căn cứ pháp lý `basis`), theo bộ quy tắc có hiệu
    lực của năm xét."""
    user = actor(request)
    person = org_selectors.person_get(user=user, pk=person_id)
    if not award_permissions.eligibility_units(user).filter(pk=person.unit_id).exists():
        raise Forbidden(ELIGIBILITY_REFUSED)
    year = filters.year or _default_year()
    people = org_selectors.people_list(user=user).filter(pk=person.pk)
    subject = {"kind": "individual", "id": person.pk, "name": person.full_name}
    return _eligibility(subject, award_selectors.subjects(year, people=people), filters, year)


@router.get("/units/{unit_id}/eligibility", response={200: EligibilityOut, **error_responses(403, 404, 409, 422)},
            tags=["Đơn vị"], summary="Xét điều kiện khen thưởng của một tập thể")
def unit_eligibility(request, filters: Query[EligibilityFilter], unit_id: int = Path(..., ge=1, le=MAX_ID)):
    user = actor(request)
    require_registry_viewer(user)
    unit = org_selectors.unit_get(unit_id)
    units = award_permissions.eligibility_units(user).filter(pk=unit.pk)
    if not units.exists():
        raise Forbidden(ELIGIBILITY_REFUSED)
    year = filters.year or _default_year()
    subject = {"kind": "collective", "id": unit.pk, "name": unit.name}
    return _eligibility(subject, award_selectors.subjects(year, units=units), filters, year)
