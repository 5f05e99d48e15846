"""What the public may read of a cluster's year: only what is final.

A year is public once it is closed. Its page shows the final ranking (rank, unit, total), the
proposals the cluster sent to the province, and the award decision once it is recorded. Nothing
else is read here: no draft or rejected proposals, no votes or ballots, no per-criterion scores.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from thidua.awards.models import AwardKind, AwardRecord
from thidua.core.errors import NotFound
from thidua.cycles import selectors as cycle_selectors
from thidua.cycles.models import ClusterProposal, ClusterYear, ProposalStatus
from thidua.organisations.models import Cluster, Unit

PUBLIC_PHASE = "closed"
# The proposals the cluster actually made: agreed by the conference and sent to the province.
MADE = (ProposalStatus.APPROVED, ProposalStatus.SUBMITTED)


@dataclass
class PublicRank:
    rank: int
    unit: Unit
    total: Decimal


@dataclass
class PublicProposal:
    unit: Unit
    form: str
    form_name: str
    decision_number: str = ""  # empty while the province has not decided

    @property
    def decided(self) -> bool:
        return bool(self.decision_number)


@dataclass
class PublicDecision:
    number: str
    date: datetime.date
    signer: str
    awards: list[tuple[str, str]] = field(default_factory=list)  # (recipient, award name)


@dataclass
class PublicYear:
    cluster_year: ClusterYear
    ranking: list[PublicRank]
    proposals: list[PublicProposal]
    decisions: list[PublicDecision]


def closed_years() -> list[tuple[Cluster, list[ClusterYear]]]:
    """Closed years, grouped by cluster (clusters by code, newest year first)."""
    grouped: dict[int, tuple[Cluster, list[ClusterYear]]] = {}
    for cluster_year in (
        ClusterYear.objects.filter(phase=PUBLIC_PHASE).select_related("cluster").order_by("cluster__code", "-year")
    ):
        grouped.setdefault(cluster_year.cluster_id, (cluster_year.cluster, []))[1].append(cluster_year)
    return list(grouped.values())


def public_year(*, cluster_code: str, year: int) -> PublicYear:
    """A closed year's public results; a year that is missing or not closed is not found."""
    cluster_year = (
        ClusterYear.objects.select_related("cluster")
        .filter(cluster__code=cluster_code, year=year, phase=PUBLIC_PHASE)
        .first()
    )
    if cluster_year is None:
        raise NotFound("Không có kết quả thi đua công khai của cụm, khối trong năm này.")
    ranking = [PublicRank(r.rank, r.unit, r.total) for r in cycle_selectors.ranking(cluster_year).rows]
    made = list(
        ClusterProposal.objects.filter(cluster_year=cluster_year, status__in=MADE).select_related("unit").order_by("rank", "id")
    )
    names = dict(AwardKind.objects.filter(pk__in={p.form for p in made}).values_list("code", "name"))
    # The province's decision is the award record of the proposed unit, form and year.
    records = {
        (record.unit_id, record.award_id): record
        for record in AwardRecord.objects.filter(
            year=cluster_year.year, unit_id__in={p.unit_id for p in made}, award_id__in={p.form for p in made}
        ).select_related("award", "unit")
    }
    proposals, decisions = [], {}
    for proposal in made:
        record = records.get((proposal.unit_id, proposal.form))
        proposals.append(
            PublicProposal(proposal.unit, proposal.form, names.get(proposal.form, proposal.form),
                           record.decision_number if record else "")
        )
        if record is not None:
            key = (record.decision_number, record.decision_date, record.signer)
            decision = decisions.setdefault(key, PublicDecision(*key))
            decision.awards.append((record.unit.name, record.award.name))
    return PublicYear(cluster_year, ranking, proposals, sorted(decisions.values(), key=lambda d: (d.date, d.number)))
