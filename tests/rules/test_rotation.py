"""Rotation of the cluster's leadership: pure rules."""

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.rotation import suggest_leadership


def test_reference_story_2021():
    members = ["SKHCN", "STNMT", "SGTVT", "SXD", "SNNPTNT", "SCT", "TTT"]
    past = [(2020, "SKHCN", "leader"), (2020, "SXD", "vice")]
    assert suggest_leadership(members, past, 2021) == ("STNMT", "SGTVT")


def test_longest_wait_leads_next():
    members = ["A", "B", "C"]
    past = [(2018, "C", "leader"), (2019, "A", "leader"), (2020, "B", "leader")]
    assert suggest_leadership(members, past, 2021) == ("C", "A")


def test_a_single_member_leads_alone():
    assert suggest_leadership(["A"], [(2020, "A", "leader")], 2021) == ("A", None)


def test_no_members_no_suggestion():
    assert suggest_leadership([], [], 2021) == (None, None)


codes = st.lists(st.sampled_from(list("ABCDEFG")), min_size=2, max_size=7, unique=True)


@given(codes, st.lists(st.tuples(st.integers(2010, 2030), st.sampled_from(list("ABCDEFG")), st.sampled_from(["leader", "vice"]))))
def test_suggestions_are_two_different_members_and_never_this_years_leader(members, past):
    leader, vice = suggest_leadership(members, past, 2021)
    assert leader in members and vice in members and leader != vice
    this_year_leaders = {u for y, u, r in past if y == 2020 and r == "leader"}
    if set(members) - this_year_leaders:
        assert leader not in this_year_leaders
