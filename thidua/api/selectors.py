"""Reads the API needs that the domain apps do not offer yet.

Each one mirrors what a page does today; when a second caller needs it, it moves to the
domain app's selectors.py (the web views would then use it too).
"""

from django.db.models import QuerySet

from thidua.awards.models import Proposal, ProposalItem
from thidua.cycles.models import ClusterYear


def cluster_year_list(*, cluster_id: int | None = None, year: int | None = None, phase: str | None = None) -> QuerySet[ClusterYear]:
    years = ClusterYear.objects.select_related("cluster").order_by("cluster__code", "-year", "id")
    if cluster_id is not None:
        years = years.filter(cluster_id=cluster_id)
    if year is not None:
        years = years.filter(year=year)
    if phase:
        years = years.filter(phase=phase)
    return years


def proposal_items(proposal: Proposal) -> list[ProposalItem]:
    return list(proposal.items.select_related("person", "unit", "award"))
