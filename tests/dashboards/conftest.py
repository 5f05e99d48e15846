"""A closed cluster year built through the services, with final and non-final data side by side."""

import datetime

import pytest

from tests.cycles.conftest import move_to, year_setup  # noqa: F401 - the scored cluster year's base
from tests.cycles.test_scoring import scored_year
from thidua.awards import services as award_services
from thidua.awards.models import AwardKind
from thidua.cycles import services
from thidua.cycles.models import ClusterProposal

DECISION = {"decision_number": "312/QĐ-UBND", "decision_date": datetime.date(2021, 3, 2), "signer": "Hồ Tiến Thiệu"}


def _vote(setup, proposal, approve: bool):
    vote = services.vote_open_for_proposal(actor=setup["office"], proposal=proposal)
    option = vote.options.get(approves=approve)
    for code, unit in setup["units"].items():
        services.ballot_cast(actor=setup["officers"][code], vote=vote, unit=unit, option=option)
    return services.vote_close(actor=setup["office"], vote=vote)


@pytest.fixture
def concluded(year_setup):  # noqa: F811
    """Cụm II 2020 after its conference: SCT's Cờ thi đua agreed and decided by the province,
    SKHCN's Bằng khen agreed and still waiting, SXD's Bằng khen voted down."""
    setup = scored_year(year_setup)
    office = setup["office"]
    services.proposals_draft(actor=office, cluster_year=setup["cy"])
    services.conference_save(
        actor=office, cluster_year=setup["cy"], held_on=datetime.date(2021, 1, 5),
        host=setup["units"]["SKHCN"], place="Hội trường Sở Khoa học và Công nghệ",
    )
    setup["cy"] = move_to(setup["cy"], "conference", office)
    proposals = {p.unit.code: p for p in ClusterProposal.objects.filter(cluster_year=setup["cy"]).select_related("unit")}
    _vote(setup, proposals["SCT"], approve=True)
    _vote(setup, proposals["SKHCN"], approve=True)
    _vote(setup, proposals["SXD"], approve=False)
    setup["cy"] = move_to(setup["cy"], "submitted", office)
    award_services.award_add(
        actor=office, award=AwardKind.objects.get(code="CO_TINH"), year=2020, unit=setup["units"]["SCT"], **DECISION
    )
    setup["proposals"] = proposals
    return setup


def close(setup):
    setup["cy"] = services.phase_move(actor=setup["office"], cluster_year=setup["cy"], to_phase="closed")
    return setup
