"""Public results: only closed years, only final data, readable without logging in."""

import re

from django.urls import reverse

from tests.dashboards.conftest import DECISION, close
from thidua.cycles import selectors as cycle_selectors
from thidua.cycles.models import ClusterProposal, ClusterYear, Score, Vote
from thidua.core.numbers import format_points


def section(page: str, css_class: str) -> str:
    """The text of the first element with `css_class` (up to its closing tag of the same name)."""
    match = re.search(rf'<(\w+)[^>]*class="[^"]*\b{css_class}\b[^"]*"[^>]*>(.*?)</\1>', page, re.S)
    assert match, css_class
    return match.group(2)


def year_url(cy) -> str:
    return reverse("public-year", args=[cy.cluster.code, cy.year])


def test_an_open_or_submitted_year_is_not_public(client, concluded):
    cy = concluded["cy"]
    assert cy.phase == "submitted"
    assert client.get(year_url(cy)).status_code == 404
    assert cy.cluster.name not in client.get(reverse("public-results")).content.decode()
    open_year = ClusterYear.objects.create(cluster=cy.cluster, year=2021, phase="consolidation")
    assert client.get(year_url(open_year)).status_code == 404
    assert client.get(reverse("public-year", args=["KHONG-CO", 2020])).status_code == 404


def test_a_closed_year_shows_its_final_ranking_proposals_and_decision(client, concluded):
    cy = close(concluded)["cy"]
    index = client.get(reverse("public-results")).content.decode()
    assert cy.cluster.name in index and year_url(cy) in index

    response = client.get(year_url(cy))
    assert response.status_code == 200
    page = response.content.decode()
    ranking = section(page, "public-ranking")
    rows = cycle_selectors.ranking(cy).rows
    positions = [ranking.index(row.unit.name) for row in rows]
    assert positions == sorted(positions)
    for row in rows:
        assert format_points(row.total) in ranking

    proposals = section(page, "public-proposals")
    made = ClusterProposal.objects.filter(cluster_year=cy, status="submitted").select_related("unit")
    assert {p.unit.code for p in made} == {"SCT", "SKHCN"}
    for proposal in made:
        assert proposal.unit.name in proposals
    sct, skhcn = (re.search(rf"<li>[^<]*<strong>{name}</strong>.*?</li>", proposals, re.S).group(0)
                  for name in ("Sở Công thương", "Sở Khoa học và Công nghệ"))
    assert "Đã được khen thưởng" in sct and DECISION["decision_number"] in sct
    assert "Đã đề nghị" in skhcn and "Đã được khen thưởng" not in skhcn

    decision = section(page, "public-decision")
    assert DECISION["decision_number"] in decision and "02/03/2021" in decision and DECISION["signer"] in decision
    assert "Cờ thi đua của UBND tỉnh: Sở Công thương" in decision


def test_nothing_that_is_not_final_is_public(client, concluded):
    cy = close(concluded)["cy"]
    page = client.get(year_url(cy)).content.decode()
    proposals = section(page, "public-proposals")
    # The proposal the conference voted down is not a proposal the cluster made.
    rejected = ClusterProposal.objects.get(cluster_year=cy, status="rejected")
    assert rejected.unit.name not in proposals
    # No vote, ballot count or outcome text, no per-criterion or self score.
    for vote in Vote.objects.filter(cluster_year=cy):
        assert vote.question not in page and vote.outcome not in page
    assert "phiếu" not in page.lower() and "biểu quyết" not in page.lower()
    for criterion_text in {s.criterion.text for s in Score.objects.filter(cluster_year=cy).select_related("criterion")}:
        assert criterion_text not in page
    assert "Tự chấm" not in page and "Chấm chéo" not in page


def test_a_draft_proposal_never_appears(client, concluded):
    """A proposal still in draft (never voted) stays out, even once the year is closed."""
    cy = concluded["cy"]
    draft = ClusterProposal.objects.create(
        cluster_year=cy, unit=concluded["units"]["SXD"], form="TTLDXS", rank=3, total=90,
    )
    close(concluded)
    page = client.get(year_url(cy)).content.decode()
    assert draft.get_status_display() == "Dự kiến"
    assert "Tập thể lao động xuất sắc" not in page
    assert draft.unit.name not in section(page, "public-proposals")


def test_public_pages_are_linked_for_anonymous_visitors(client, concluded):
    for name in ("home", "news-list"):
        assert reverse("public-results") in client.get(reverse(name)).content.decode()
