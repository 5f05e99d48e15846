"""The ranking engine: worked examples computed by hand, validation messages, and properties."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.rules.ranking import (
    AGGREGATES,
    REVIEW,
    Criterion,
    Method,
    Quota,
    RankingInputError,
    Score,
    rank,
    validate,
)

CRITERIA = (
    Criterion("1.1", "1", "score", D(10)),
    Criterion("2.1", "2", "score", D(20)),
    Criterion("T1", "T", "bonus", D(5)),
    Criterion("P1", "P", "penalty", D(5)),
)
UNITS = ("SCT", "SKHCN", "SXD")


def scores(*rows):
    return [Score(unit, scorer, code, D(str(points))) for unit, scorer, code, points in rows]


# The three departments' sheet. Own scores and REVIEW are listed too: each method ignores some.
SHEET = scores(
    ("SCT", "SCT", "1.1", 10), ("SCT", "SKHCN", "1.1", 9.5), ("SCT", "SXD", "1.1", 9),
    ("SKHCN", "SKHCN", "1.1", 9), ("SKHCN", "SCT", "1.1", 8), ("SKHCN", "SXD", "1.1", 9),
    ("SXD", "SCT", "1.1", 10), ("SXD", "SKHCN", "1.1", 9), ("SXD", REVIEW, "1.1", 7),
    ("SCT", "SKHCN", "2.1", 18), ("SCT", "SXD", "2.1", 17), ("SCT", REVIEW, "2.1", 20),
    ("SKHCN", "SKHCN", "2.1", 20), ("SKHCN", "SCT", "2.1", 19), ("SKHCN", "SXD", "2.1", 19),
    ("SXD", "SXD", "2.1", 18), ("SXD", "SCT", "2.1", 16), ("SXD", "SKHCN", "2.1", 17),
    ("SKHCN", "SCT", "T1", 1), ("SKHCN", "SXD", "T1", 0),
    ("SXD", "SXD", "P1", 2), ("SXD", "SCT", "P1", 1),
)


def summary(result):
    return [(r.unit, r.rank, r.total, r.tied) for r in result.ranking]


# --- worked examples --------------------------------------------------------------------------


def test_mean_cross_averages_the_other_units_scores_and_ignores_own_and_review():
    # SCT:   1.1 (9.5+9)/2 = 9.25   2.1 (18+17)/2 = 17.5                       = 26.75
    # SKHCN: 1.1 (8+9)/2   = 8.5    2.1 (19+19)/2 = 19    T1 (1+0)/2 = 0.5     = 28
    # SXD:   1.1 (10+9)/2  = 9.5    2.1 (16+17)/2 = 16.5  P1 only SCT's 1 = 1  = 25
    result = rank(CRITERIA, UNITS, SHEET, Method("mean_cross"))

    assert summary(result) == [
        ("SKHCN", 1, D("28.00"), False),
        ("SCT", 2, D("26.75"), False),
        ("SXD", 3, D("25.00"), False),
    ]
    sxd = result.unit("SXD")
    assert sxd.group_totals == {"1": D("9.50"), "2": D("16.50"), "T": D("0.00"), "P": D("-1.00")}
    assert (sxd.bonus, sxd.penalty) == (D("0.00"), D("1.00"))
    assert result.unit("SKHCN").bonus == D("0.50")


def test_self_takes_only_the_units_own_scores():
    # SCT 10; SKHCN 9 + 20 = 29; SXD 18 - 2 = 16
    result = rank(CRITERIA, UNITS, SHEET, Method("self"))

    assert summary(result) == [
        ("SKHCN", 1, D("29.00"), False),
        ("SXD", 2, D("16.00"), False),
        ("SCT", 3, D("10.00"), False),
    ]


def test_reviewed_score_replaces_the_cross_mean_only_where_present():
    # SCT: 9.25 + REVIEW 20 = 29.25; SKHCN unchanged 28; SXD: REVIEW 7 + 16.5 - 1 = 22.5
    result = rank(CRITERIA, UNITS, SHEET, Method("reviewed"))

    assert summary(result) == [
        ("SCT", 1, D("29.25"), False),
        ("SKHCN", 2, D("28.00"), False),
        ("SXD", 3, D("22.50"), False),
    ]


def test_criterion_without_any_applicable_score_counts_zero():
    only_own = scores(("SCT", "SCT", "1.1", 10))

    result = rank(CRITERIA, ("SCT", "SKHCN"), only_own, Method("mean_cross"))

    assert summary(result) == [("SCT", 1, D("0.00"), True), ("SKHCN", 1, D("0.00"), True)]


def test_totals_round_half_up_at_the_end_only():
    criteria = (Criterion("1.1", "1", "score", D(10)), Criterion("P1", "P", "penalty", D(5)))
    units = ("A", "B", "C")
    result = rank(criteria, units, scores(
        ("A", "B", "1.1", 9.99), ("A", "C", "1.1", 9.98),  # mean 9.985 -> 9.99 (not 9.98)
        ("B", "A", "1.1", 9.125), ("B", "C", "1.1", 9.125),  # 9.125 -> 9.13
        ("C", "A", "P1", 0.125), ("C", "B", "P1", 0.125),  # -0.125 -> -0.13, away from zero
    ), Method("mean_cross"))

    assert [r.total for r in result.ranking] == [D("9.99"), D("9.13"), D("-0.13")]


def test_means_are_exact_so_three_thirds_tie_with_one():
    # A: three criteria, each mean (1+0+0)/3 = 1/3, sum exactly 1 (28-digit Decimals give 0.99…9)
    criteria = tuple(Criterion(code, "1", "score", D(10)) for code in ("c1", "c2", "c3"))
    units = ("A", "B", "C", "D")
    rows = [("A", "B", code, 1) for code in ("c1", "c2", "c3")]
    rows += [("A", scorer, code, 0) for scorer in ("C", "D") for code in ("c1", "c2", "c3")]
    rows += [("B", "A", "c1", 1)]

    result = rank(criteria, units, scores(*rows), Method("mean_cross", ("group:1",)))

    assert summary(result)[:2] == [("A", 1, D("1.00"), True), ("B", 1, D("1.00"), True)]


def test_equal_rounded_totals_tie_and_tie_breaks_use_unrounded_sums():
    # A: (10+9+9)/3 = 9.333… -> 9.33; B: 9.33. Equal totals; group 1 unrounded puts A ahead.
    criteria = (Criterion("1.1", "1", "score", D(10)),)
    units = ("B", "A", "C", "D")
    rows = scores(("A", "B", "1.1", 10), ("A", "C", "1.1", 9), ("A", "D", "1.1", 9),
                  ("B", "A", "1.1", 9.33))

    assert summary(rank(criteria, units, rows, Method("mean_cross")))[:2] == [
        ("B", 1, D("9.33"), True), ("A", 1, D("9.33"), True),
    ]
    assert summary(rank(criteria, units, rows, Method("mean_cross", ("group:1",))))[:2] == [
        ("A", 1, D("9.33"), False), ("B", 2, D("9.33"), False),
    ]


# Six units at 20 points each, own scores:
#   unit  1.1  2.1  T1  P1   group 1  penalty  bonus
#   A     10   10             10       0        0
#   B      9   10    1         9       0        1
#   C     10    9    2   1    10       1        2
#   D     10   10    1   1    10       1        1
#   E     10    9    1        10       0        1
#   F     10   10             10       0        0   (same as A)
TIE_UNITS = ("A", "B", "C", "D", "E", "F")
TIES = scores(*[
    (unit, unit, code, points)
    for unit, row in {
        "A": {"1.1": 10, "2.1": 10},
        "B": {"1.1": 9, "2.1": 10, "T1": 1},
        "C": {"1.1": 10, "2.1": 9, "T1": 2, "P1": 1},
        "D": {"1.1": 10, "2.1": 10, "T1": 1, "P1": 1},
        "E": {"1.1": 10, "2.1": 9, "T1": 1},
        "F": {"1.1": 10, "2.1": 10},
    }.items()
    for code, points in row.items()
])
FULL_TIE_BREAKS = Method("self", ("group:1", "fewer_penalty", "more_bonus"))


def test_tie_breaks_apply_in_order_and_units_still_equal_share_a_rank():
    # group 1 drops B; fewer penalty puts A, E, F before C, D; more bonus: E before A, F; C before D
    result = rank(CRITERIA, TIE_UNITS, TIES, FULL_TIE_BREAKS)

    assert [(r.unit, r.rank, r.tied) for r in result.ranking] == [
        ("E", 1, False), ("A", 2, True), ("F", 2, True), ("C", 4, False), ("D", 5, False),
        ("B", 6, False),
    ]


def test_without_tie_breaks_equal_totals_all_share_first_place_in_input_order():
    result = rank(CRITERIA, TIE_UNITS, TIES, Method("self"))

    assert [(r.unit, r.rank) for r in result.ranking] == [(u, 1) for u in TIE_UNITS]


def test_only_the_tie_breaks_listed_are_used():
    result = rank(CRITERIA, TIE_UNITS, TIES, Method("self", ("group:1",)))

    assert [(r.unit, r.rank) for r in result.ranking] == [
        ("A", 1), ("C", 1), ("D", 1), ("E", 1), ("F", 1), ("B", 6),
    ]


@pytest.mark.parametrize(
    ("counts", "proposals", "needs_vote"),
    [
        # Ranking: E 1, A 2, F 2, C 4, D 5, B 6
        ({"CO": 2, "BK": 2}, {"CO": ("E",), "BK": ("C", "D")}, (("CO", ("A", "F")),)),
        ({"CO": 3, "BK": 2, "GK": 5}, {"CO": ("E", "A", "F"), "BK": ("C", "D"), "GK": ("B",)}, ()),
        ({"CO": 1, "BK": 2}, {"CO": ("E",), "BK": ("A", "F")}, ()),
        ({"CO": 1, "BK": 1, "GK": 1}, {"CO": ("E",), "BK": (), "GK": ("C",)},
         (("BK", ("A", "F")),)),
        ({"CO": 0, "BK": 1}, {"CO": (), "BK": ("E",)}, ()),
        ({"CO": 10, "BK": 1}, {"CO": ("E", "A", "F", "C", "D", "B"), "BK": ()}, ()),
    ],
)
def test_quotas_fill_down_the_ranking_and_send_a_straddling_tie_to_a_vote(
    counts, proposals, needs_vote
):
    quotas = [Quota(form, count) for form, count in counts.items()]

    result = rank(CRITERIA, TIE_UNITS, TIES, FULL_TIE_BREAKS, quotas)

    assert result.proposals == proposals
    assert list(result.proposals) == list(counts)
    assert result.needs_vote == needs_vote


def test_a_tie_larger_than_the_whole_quota_goes_to_the_vote():
    result = rank(CRITERIA, TIE_UNITS, TIES, Method("self"), [Quota("CO", 2), Quota("BK", 3)])

    assert result.proposals == {"CO": (), "BK": ()}
    assert result.needs_vote == (("CO", TIE_UNITS),)


# --- validation -------------------------------------------------------------------------------


def test_validate_names_every_problem_and_where_it_is():
    criteria = [
        Criterion("1.1", "1", "score", D(10)),
        Criterion("1.1", "1", "extra", D(-1)),
        Criterion("2.1", "", "score", "10"),
    ]
    units = ["SCT", "SCT", REVIEW]
    rows = [
        Score("SCT", "SXD", "1.1", D(5)),
        Score("SXX", "SCT", "9.9", D(-1)),
        Score("SCT", REVIEW, "1.1", D("NaN")),
        Score("SCT", REVIEW, "1.1", D(12)),
    ]
    method = Method("median", ("group:9", "fewest", "more_bonus"))
    quotas = [Quota("CO", 1), Quota("CO", -1), Quota("BK", True)]

    assert validate(criteria, units, rows, method, quotas) == [
        'criteria[1].code: mã tiêu chí "1.1" bị trùng với criteria[0]',
        'criteria[1].kind: loại tiêu chí "extra" không hợp lệ; chỉ nhận score, bonus hoặc penalty',
        "criteria[1].max: điểm tối đa -1 không được âm",
        "criteria[2].group: không được để trống",
        'criteria[2].max: phải là số, nhận được chuỗi "10"',
        'units[1]: đơn vị "SCT" bị trùng với units[0]',
        'units[2]: "REVIEW" là mã dành riêng cho điểm thẩm định, không dùng làm mã đơn vị',
        'scores[0].scorer: người chấm "SXD" không phải đơn vị trong danh sách, '
        "cũng không phải REVIEW",
        'scores[1].unit: đơn vị "SXX" không có trong danh sách đơn vị',
        'scores[1].criterion: tiêu chí "9.9" không có trong danh sách tiêu chí',
        "scores[1].points: điểm -1 không được âm",
        "scores[2].points: phải là số hữu hạn, nhận được NaN",
        "scores[3].points: điểm 12 vượt quá điểm tối đa 10 của tiêu chí 1.1",
        "scores[3]: trùng với scores[2] (cùng đơn vị SCT, người chấm REVIEW, tiêu chí 1.1)",
        'method.aggregate: cách tổng hợp "median" không hợp lệ; '
        "chỉ nhận self, mean_cross hoặc reviewed",
        'method.tie_breaks[0]: nhóm tiêu chí "9" không có trong danh sách tiêu chí',
        'method.tie_breaks[1]: quy tắc phân định khi bằng điểm "fewest" không hợp lệ; '
        "chỉ nhận group:<nhóm>, fewer_penalty hoặc more_bonus",
        'quotas[1].form: hình thức "CO" bị trùng với quotas[0]',
        "quotas[1].count: số lượng -1 không được âm",
        "quotas[2].count: phải là số nguyên, nhận được true",
    ]


def test_validate_accepts_a_clean_sheet():
    assert validate(CRITERIA, UNITS, SHEET, FULL_TIE_BREAKS, [Quota("CO", 1)]) == []


def test_validate_skips_entries_already_reported_but_keeps_their_index():
    rows = [None, Score("SCT", "SKHCN", "1.1", D(11))]

    assert validate(CRITERIA, UNITS, rows, Method("self"), None) == [
        "scores[1].points: điểm 11 vượt quá điểm tối đa 10 của tiêu chí 1.1",
    ]


def test_rank_refuses_invalid_input_with_every_problem():
    with pytest.raises(RankingInputError) as refused:
        rank(CRITERIA, UNITS, scores(("SCT", "SKHCN", "1.1", 11), ("SXX", "SCT", "1.1", 1)),
             Method("self"))

    assert refused.value.problems == [
        "scores[0].points: điểm 11 vượt quá điểm tối đa 10 của tiêu chí 1.1",
        'scores[1].unit: đơn vị "SXX" không có trong danh sách đơn vị',
    ]


# --- properties -------------------------------------------------------------------------------

POOL = ("A", "B", "C", "D", "E", "F")
TIE_BREAK_CHOICES = ("group:1", "group:2", "fewer_penalty", "more_bonus")


@st.composite
def cases(draw):
    units = POOL[: draw(st.integers(1, len(POOL)))]
    slots = [(u, s, c) for u in units for s in (*units, REVIEW) for c in CRITERIA]
    chosen = draw(st.lists(st.sampled_from(slots), unique=True, max_size=40))
    # Half points over a small range make ties common, which is where the rules are subtle.
    rows = [
        Score(u, s, c.code, D(draw(st.integers(0, int(c.max) * 2))) / 2) for u, s, c in chosen
    ]
    method = Method(
        draw(st.sampled_from(AGGREGATES)),
        tuple(draw(st.lists(st.sampled_from(TIE_BREAK_CHOICES), max_size=3))),
    )
    quotas = [Quota(f"F{i}", draw(st.integers(0, 4))) for i in range(draw(st.integers(0, 3)))]
    return units, rows, method, quotas


def ranks(result):
    return {r.unit: r.rank for r in result.ranking}


@given(cases(), st.data())
def test_raising_a_score_never_lowers_the_unit_nor_lifts_another_above_it(case, data):
    units, rows, method, quotas = case
    raisable = [i for i, s in enumerate(rows) if s.criterion in ("1.1", "2.1", "T1")]
    if not raisable:
        return
    i = data.draw(st.sampled_from(raisable))
    top = next(c.max for c in CRITERIA if c.code == rows[i].criterion)
    raised = D(data.draw(st.integers(int(rows[i].points * 2), int(top * 2)))) / 2
    new_rows = [*rows[:i], Score(rows[i].unit, rows[i].scorer, rows[i].criterion, raised),
                *rows[i + 1:]]

    before = ranks(rank(CRITERIA, units, rows, method, quotas))
    after = ranks(rank(CRITERIA, units, new_rows, method, quotas))

    unit = rows[i].unit
    assert after[unit] <= before[unit]
    for other in units:
        if before[other] >= before[unit]:
            assert after[other] >= after[unit]


@given(cases(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_scores_or_units(case, rnd):
    units, rows, method, quotas = case
    shuffled_units, shuffled_rows = list(units), list(rows)
    rnd.shuffle(shuffled_units)
    rnd.shuffle(shuffled_rows)

    def by_unit(result):
        return {r.unit: (r.rank, r.total, r.tied, r.group_totals) for r in result.ranking}

    assert by_unit(rank(CRITERIA, units, rows, method)) == by_unit(
        rank(CRITERIA, shuffled_units, shuffled_rows, method)
    )


@given(cases())
def test_ranks_are_competition_ranks_in_rank_order(case):
    units, rows, method, quotas = case
    ranking = rank(CRITERIA, units, rows, method, quotas).ranking

    assert sorted(r.unit for r in ranking) == sorted(units)
    for position, r in enumerate(ranking):
        shares = [o for o in ranking if o.rank == r.rank]
        assert r.rank == 1 + sum(o.rank < r.rank for o in ranking)  # 1, 2, 2, 4
        assert r.rank == 1 + ranking.index(shares[0])
        assert r.tied == (len(shares) > 1)
        assert [o.unit for o in shares] == [u for u in units if u in {o.unit for o in shares}]
        if position:
            assert ranking[position - 1].total >= r.total
            assert ranking[position - 1].rank <= r.rank


@given(cases())
def test_self_total_is_the_own_scores_signed_sum(case):
    units, rows, _, _ = case
    result = rank(CRITERIA, units, rows, Method("self"))

    kinds = {c.code: c.kind for c in CRITERIA}
    for unit in units:
        own = [s for s in rows if s.unit == unit and s.scorer == unit]
        expected = sum((-s.points if kinds[s.criterion] == "penalty" else s.points for s in own),
                       D(0))
        assert result.unit(unit).total == expected


@given(cases())
def test_quotas_never_exceed_counts_nor_split_a_tie(case):
    units, rows, method, quotas = case
    result = rank(CRITERIA, units, rows, method, quotas)

    form_of = {u: q.form for q in quotas for u in result.proposals[q.form]}
    voted = {u: form for form, group in result.needs_vote for u in group}
    assert list(result.proposals) == [q.form for q in quotas]
    assert not set(form_of) & set(voted)
    for q in quotas:
        assert len(result.proposals[q.form]) <= q.count
    for r in result.ranking:
        same_rank = [o.unit for o in result.ranking if o.rank == r.rank]
        assert {form_of.get(u) for u in same_rank} == {form_of.get(r.unit)}
        assert {voted.get(u) for u in same_rank} == {voted.get(r.unit)}
    # Allocation walks down the ranking: quota order, and what is taken is a prefix of it.
    step = {u: i for i, q in enumerate(quotas) for u in result.proposals[q.form]}
    step |= {u: [q.form for q in quotas].index(form) for u, form in voted.items()}
    steps = [step.get(r.unit) for r in result.ranking]
    taken = [s for s in steps if s is not None]
    assert steps[: len(taken)] == taken == sorted(taken)
    for q in quotas:
        if len(result.proposals[q.form]) < q.count and q.form not in dict(result.needs_vote):
            assert len(taken) == len(steps)  # a form falls short only when the units ran out
