"""Proposals from the ranking, ballots (secret where configured), thresholds and the election."""

import datetime

import pytest
from django.urls import reverse

from tests.cycles.conftest import move_to
from tests.cycles.test_scoring import scored_year
from tests.test_permissions import refused
from thidua.core.errors import Forbidden, InvalidTransition, ValidationFailed
from thidua.cycles import selectors, services
from thidua.cycles.models import BallotReceipt, ClusterProposal, ProposalStatus, Vote, VoteKind
from thidua.organisations.models import ClusterMembership, ClusterRole


@pytest.fixture
def conference(year_setup):
    setup = scored_year(year_setup)
    services.proposals_draft(actor=setup["office"], cluster_year=setup["cy"])
    setup["cy"] = move_to(setup["cy"], "conference", setup["office"])
    return setup


def cast_all(setup, vote, choices):
    for code, label in choices.items():
        option = vote.options.get(label=label)
        services.ballot_cast(actor=setup["officers"][code], vote=vote, unit=setup["units"][code], option=option)


def test_proposals_follow_the_ranking_and_quotas(conference):
    proposals = [(p.unit.code, p.form, p.rank, p.status) for p in conference["cy"].proposals.order_by("rank")]
    assert proposals == [("SCT", "CO_TINH", 1, "draft"), ("SKHCN", "BK_TINH", 2, "draft"), ("SXD", "BK_TINH", 3, "draft")]


def test_a_dissolved_unit_is_skipped_with_its_reason(year_setup):
    setup = scored_year(year_setup)
    sct = setup["units"]["SCT"]
    sct.valid_to = datetime.date(2020, 10, 1)
    sct.save()
    created, skipped = services.proposals_draft(actor=setup["office"], cluster_year=setup["cy"])
    assert [(u.code, "giải thể" in reason) for u, reason in skipped] == [("SCT", True)]
    assert {(p.unit.code, p.form) for p in created} == {("SKHCN", "CO_TINH"), ("SXD", "BK_TINH")}


def test_only_the_runner_drafts_proposals(client_for, users, year_setup):
    setup = scored_year(year_setup)
    refused(client_for(setup["officers"]["SCT"]), "post", reverse("year-proposals-action", args=[setup["cy"].pk, "draft"]))
    assert not ClusterProposal.objects.exists()


def test_secret_vote_keeps_no_link_between_unit_and_choice(conference):
    proposal = conference["cy"].proposals.get(unit__code="SCT")
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=proposal)
    assert vote.secret
    cast_all(conference, vote, {"SCT": "Đồng ý", "SKHCN": "Đồng ý", "SXD": "Không đồng ý"})
    assert list(BallotReceipt.objects.filter(vote=vote).values_list("option", flat=True)) == [None, None, None]
    assert {o.label: o.count for o in vote.options.all()} == {"Đồng ý": 2, "Không đồng ý": 1}
    vote = services.vote_close(actor=conference["office"], vote=vote)
    assert vote.passed is True and "Đồng ý: 2; Không đồng ý: 1" in vote.outcome
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_one_ballot_per_unit_and_only_for_your_own_unit(conference, users):
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=conference["cy"].proposals.first())
    yes = vote.options.get(approves=True)
    with pytest.raises(Forbidden):
        services.ballot_cast(actor=conference["officers"]["SXD"], vote=vote, unit=conference["units"]["SCT"], option=yes)
    services.ballot_cast(actor=conference["officers"]["SCT"], vote=vote, unit=conference["units"]["SCT"], option=yes)
    with pytest.raises(ValidationFailed, match="đã bỏ phiếu"):
        services.ballot_cast(actor=conference["officers"]["SCT"], vote=vote, unit=conference["units"]["SCT"], option=yes)
    assert vote.options.get(approves=True).count == 1


@pytest.mark.parametrize("numerator, denominator, strict, yes_votes, passed", [
    (1, 2, True, 2, True),    # 2 of 3 is more than half
    (2, 3, True, 2, False),   # 2 of 3 is not more than two thirds
    (2, 3, False, 2, True),   # but it is at least two thirds
    (1, 2, True, 1, False),
])
def test_threshold_is_a_share_of_all_members(conference, numerator, denominator, strict, yes_votes, passed):
    cy = conference["cy"]
    cy.vote_threshold_numerator, cy.vote_threshold_denominator, cy.vote_threshold_strict = numerator, denominator, strict
    cy.save()
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=cy.proposals.first())
    voters = ["SCT", "SKHCN", "SXD"][:yes_votes]
    cast_all(conference, vote, {code: "Đồng ý" for code in voters})
    assert services.vote_close(actor=conference["office"], vote=vote).passed is passed


def test_open_vote_records_choices_when_not_secret(conference):
    cy = conference["cy"]
    cy.secret_ballots = False
    cy.save()
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=cy.proposals.first())
    cast_all(conference, vote, {"SCT": "Đồng ý"})
    assert BallotReceipt.objects.get(vote=vote).option.label == "Đồng ý"


def test_election_sets_next_years_leadership(conference):
    cy, units = conference["cy"], conference["units"]
    leader, vice = selectors.leadership_suggestion(cy)
    assert leader is not None and leader.code != "SKHCN"  # the current leader is not suggested again
    vote = services.vote_open_for_election(actor=conference["office"], cluster_year=cy, role=VoteKind.LEADER,
                                           candidates=[units["SCT"], units["SXD"]])
    cast_all(conference, vote, {"SCT": "Sở Xây dựng", "SKHCN": "Sở Xây dựng", "SXD": "Sở Công thương"})
    vote = services.vote_close(actor=conference["office"], vote=vote)
    assert vote.passed and vote.winner.unit == units["SXD"]
    rows = {m.unit.code: m.role for m in ClusterMembership.objects.filter(cluster=cy.cluster, year=2021)}
    assert rows == {"SKHCN": ClusterRole.MEMBER, "SCT": ClusterRole.MEMBER, "SXD": ClusterRole.LEADER}


def test_an_undecided_election_changes_nothing(conference):
    cy, units = conference["cy"], conference["units"]
    vote = services.vote_open_for_election(actor=conference["office"], cluster_year=cy, role=VoteKind.VICE,
                                           candidates=[units["SCT"], units["SXD"]])
    cast_all(conference, vote, {"SCT": "Sở Xây dựng", "SXD": "Sở Công thương"})
    vote = services.vote_close(actor=conference["office"], vote=vote)
    assert vote.passed is False and vote.winner is None
    assert not ClusterMembership.objects.filter(year=2021).exists()


def test_votes_only_at_the_conference_and_closed_votes_stay_closed(year_setup, conference):
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=conference["cy"].proposals.first())
    services.vote_close(actor=conference["office"], vote=vote)
    with pytest.raises(InvalidTransition):
        services.ballot_cast(actor=conference["officers"]["SCT"], vote=vote, unit=conference["units"]["SCT"],
                             option=vote.options.first())


def test_vote_pages_cast_and_close(client_for, users, conference):
    cy = conference["cy"]
    proposal = cy.proposals.get(unit__code="SCT")
    office = client_for(users["office"])
    office.post(reverse("year-proposals-action", args=[cy.pk, "vote"]), {"proposal": proposal.pk})
    vote = Vote.objects.get()
    member = client_for(conference["officers"]["SXD"])
    refused(member, "post", reverse("year-votes-action", args=[cy.pk, "close"]), {"vote": vote.pk})
    member = client_for(conference["officers"]["SXD"])
    page = member.get(reverse("year-votes", args=[cy.pk])).content.decode()
    assert "Phiếu của Sở Xây dựng" in page and "Phiếu của Sở Công thương" not in page
    member.post(reverse("year-votes-action", args=[cy.pk, "cast"]),
                {"vote": vote.pk, "unit": conference["units"]["SXD"].pk, "option": vote.options.get(approves=True).pk})
    assert vote.options.get(approves=True).count == 1
    office = client_for(users["office"])
    office.post(reverse("year-votes-action", args=[cy.pk, "close"]), {"vote": vote.pk})
    vote.refresh_from_db()
    assert vote.closed_at is not None and vote.passed is False  # 1 of 3 is not more than half
    page = office.get(reverse("year-votes", args=[cy.pk])).content.decode()
    assert "Không thông qua" in page


def test_the_head_of_a_member_unit_may_vote_for_it(conference, users):
    vote = services.vote_open_for_proposal(actor=conference["office"], proposal=conference["cy"].proposals.first())
    services.ballot_cast(actor=users["head"], vote=vote, unit=conference["units"]["SKHCN"], option=vote.options.first())
    assert vote.receipts.count() == 1


def test_a_tie_at_the_quota_boundary_goes_to_a_vote_that_decides_the_proposal(year_setup):
    from tests.cycles.test_scoring import self_score

    setup = year_setup
    services.cluster_year_configure(actor=setup["office"], cluster_year=setup["cy"], aggregate="self", tie_breaks=[])
    setup["cy"] = move_to(setup["cy"], "self_scoring", setup["office"])
    for code, points in {"SCT": 55, "SKHCN": 55, "SXD": 50}.items():
        self_score(setup, code, "1.1", points)
    setup["cy"] = move_to(setup["cy"], "consolidation", setup["office"])
    ranking = selectors.ranking(setup["cy"])
    assert [(r.unit.code, r.rank, r.tied) for r in ranking.rows] == [("SCT", 1, True), ("SKHCN", 1, True), ("SXD", 3, False)]
    assert [(form, sorted(u.code for u in units)) for form, units in ranking.needs_vote] == [("CO_TINH", ["SCT", "SKHCN"])]
    services.proposals_draft(actor=setup["office"], cluster_year=setup["cy"])
    assert not setup["cy"].proposals.filter(form="CO_TINH").exists()
    cy = move_to(setup["cy"], "conference", setup["office"])
    vote = services.vote_open_for_tie(actor=setup["office"], cluster_year=cy, form="CO_TINH",
                                      units=[setup["units"]["SCT"], setup["units"]["SKHCN"]])
    cast_all(setup, vote, {"SCT": "Sở Công thương", "SKHCN": "Sở Công thương", "SXD": "Sở Khoa học và Công nghệ"})
    vote = services.vote_close(actor=setup["office"], vote=vote)
    assert vote.passed and vote.winner.unit.code == "SCT"
    proposal = cy.proposals.get(form="CO_TINH")
    assert (proposal.unit.code, proposal.status) == ("SCT", ProposalStatus.APPROVED)


def test_a_collective_under_discipline_is_skipped(year_setup):
    from thidua.organisations.models import Discipline

    setup = scored_year(year_setup)
    Discipline.objects.create(unit=setup["units"]["SCT"], form="canh_cao", starts_on=datetime.date(2020, 6, 1))
    created, skipped = services.proposals_draft(actor=setup["office"], cluster_year=setup["cy"])
    assert [(u.code, "kỷ luật cảnh cáo" in reason) for u, reason in skipped] == [("SCT", True)]
    assert {p.unit.code for p in created} == {"SKHCN", "SXD"}
