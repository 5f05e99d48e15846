"""Reads the API needs that the domain apps do not offer yet.

Each one mirrors what a page does today; when a second caller needs it, it belongs in the
domain app's selectors.py (the web views would then use it too).
"""

from django.db.models import QuerySet

from thidua.awards import permissions as award_permissions
from thidua.awards.models import Proposal, ProposalItem
from thidua.core.errors import NotFound
from thidua.cycles.models import ClusterYear
from thidua.organisations import permissions as org_permissions


def cluster_year_list(*, cluster_id: int | None = None, year: int | None = None, phase: str | None = None) -> QuerySet[ClusterYear]:
    years = ClusterYear.objects.select_related("cluster").order_by("cluster__code", "-year", "id")
    if cluster_id is not None:
        years = years.filter(cluster_id=cluster_id)
    if year is not None:
        years = years.filter(year=year)
    if phase:
        years = years.filter(phase=phase)
    return years


def proposals_visible_to(
    user, *, year: int | None = None, state: str | None = None, unit_id: int | None = None
) -> QuerySet[Proposal]:
    """The dossiers a user may read: all for the office and the council, else those of the units
    the user works for (as web.views.proposals._visible)."""
    proposals = Proposal.objects.select_related("proposing_unit")
    if not award_permissions.sees_whole_province(user):
        proposals = proposals.filter(proposing_unit_id__in=org_permissions.staff_unit_ids(user))
    if year is not None:
        proposals = proposals.filter(year=year)
    if state:
        proposals = proposals.filter(state=state)
    if unit_id is not None:
        proposals = proposals.filter(proposing_unit_id=unit_id)
    return proposals


def proposal_get(*, user, pk: int) -> Proposal:
    """One visible dossier; missing and not visible are the same 404."""
    proposal = proposals_visible_to(user).filter(pk=pk).first()
    if proposal is None:
        raise NotFound("Không tìm thấy hồ sơ đề nghị khen thưởng.")
    return proposal


def proposal_items(proposal: Proposal) -> list[ProposalItem]:
    return list(proposal.items.select_related("person", "unit", "award"))
