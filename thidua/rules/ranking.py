"""Cluster ranking: aggregate scores, total them, rank the units and fill the award quotas.

Pure Python over frozen dataclasses; points are `Decimal` in and `Decimal` out.

Decisions the rule text leaves open:

- Aggregation applies to every criterion kind alike: `self` takes the unit's own score,
  `mean_cross` the mean of the scores the *other listed units* gave (the own score and `REVIEW`
  are left out; the mean is over the scores present, a missing score is not a zero), and
  `reviewed` takes the `REVIEW` score of a criterion where there is one, else `mean_cross`.
  A criterion with no applicable score counts 0.
- Intermediate values are exact: means are held as `fractions.Fraction` built from the Decimal
  points, because a 28-digit Decimal division would turn mathematically equal sums (1/3 * 3
  against 1) into a spurious tie-break. Only the published figures are rounded, half-up
  (half away from zero, as `decimal.ROUND_HALF_UP`) to 2 places.
- The ranking key is the rounded total: units whose published totals are equal are tied, and only
  then do the tie-breaks apply, in order, on *unrounded* sums: `group:G` is the group's
  contribution to the total (penalties count negative), `fewer_penalty` and `more_bonus` the
  penalty and bonus sums. Units still equal share a rank (1, 2, 2, 4) and keep input order.
- Quotas are filled down the ranking, each continuing where the previous stopped. A tie that
  straddles a quota's last seat is not allocated: its units go to `needs_vote` with that form, the
  form's remaining seats are left for the vote, and the next quota starts after the tied group
  (a unit losing the vote is not moved to the next form automatically).
"""

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

REVIEW = "REVIEW"
KINDS = ("score", "bonus", "penalty")
AGGREGATES = ("self", "mean_cross", "reviewed")
TIE_BREAKS = ("fewer_penalty", "more_bonus")
GROUP_PREFIX = "group:"


@dataclass(frozen=True)
class Criterion:
    code: str
    group: str
    kind: str  # one of KINDS
    max: Decimal


@dataclass(frozen=True)
class Score:
    unit: str
    scorer: str  # a listed unit, or REVIEW
    criterion: str
    points: Decimal


@dataclass(frozen=True)
class Method:
    aggregate: str  # one of AGGREGATES
    tie_breaks: tuple[str, ...] = ()  # "group:G", "fewer_penalty", "more_bonus"


@dataclass(frozen=True)
class Quota:
    form: str
    count: int


@dataclass(frozen=True)
class UnitResult:
    unit: str
    rank: int
    total: Decimal
    tied: bool
    # Each group's contribution to the total (penalties negative), rounded for display like
    # `total`; their sum may differ from `total` by rounding.
    group_totals: dict[str, Decimal] = field(hash=False)
    bonus: Decimal
    penalty: Decimal


@dataclass(frozen=True)
class RankingResult:
    ranking: tuple[UnitResult, ...]
    proposals: dict[str, tuple[str, ...]] = field(hash=False)  # every quota form, quota order
    needs_vote: tuple[tuple[str, tuple[str, ...]], ...]  # (form, tied units)

    def unit(self, code: str) -> UnitResult:
        return {r.unit: r for r in self.ranking}[code]


class RankingInputError(ValueError):
    """The inputs cannot be ranked; `problems` holds every Vietnamese message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def rank(
    criteria: Sequence[Criterion],
    units: Sequence[str],
    scores: Sequence[Score],
    method: Method,
    quotas: Sequence[Quota] = (),
) -> RankingResult:
    """Rank the units and fill the quotas; RankingInputError lists every problem with the input."""
    problems = validate(criteria, units, scores, method, quotas)
    if problems:
        raise RankingInputError(problems)

    given: dict[tuple[str, str], dict[str, Fraction]] = defaultdict(dict)
    for s in scores:
        given[s.unit, s.criterion][s.scorer] = Fraction(s.points)
    tallies = [_tally(unit, criteria, given, method.aggregate) for unit in units]
    keys = [_key(t, method.tie_breaks) for t in tallies]

    order = sorted(range(len(units)), key=keys.__getitem__, reverse=True)  # stable: input order
    groups: list[list[int]] = []
    for i in order:
        if groups and keys[groups[-1][0]] == keys[i]:
            groups[-1].append(i)
        else:
            groups.append([i])

    ranking: list[UnitResult] = []
    for group in groups:
        shared_rank = len(ranking) + 1  # competition ranking: 1, 2, 2, 4
        ranking.extend(
            UnitResult(
                unit=units[i],
                rank=shared_rank,
                total=_round2(tallies[i].total),
                tied=len(group) > 1,
                group_totals={g: _round2(v) for g, v in tallies[i].groups.items()},
                bonus=_round2(tallies[i].bonus),
                penalty=_round2(tallies[i].penalty),
            )
            for i in group
        )
    proposals, needs_vote = _allocate([[units[i] for i in g] for g in groups], quotas)
    return RankingResult(tuple(ranking), proposals, needs_vote)


@dataclass(frozen=True)
class _Tally:
    groups: dict[str, Fraction]
    bonus: Fraction
    penalty: Fraction

    @property
    def total(self) -> Fraction:
        return sum(self.groups.values(), Fraction(0))


def _tally(
    unit: str,
    criteria: Sequence[Criterion],
    given: dict[tuple[str, str], dict[str, Fraction]],
    aggregate: str,
) -> _Tally:
    groups: dict[str, Fraction] = {}
    bonus = penalty = Fraction(0)
    for c in criteria:
        points = _aggregate(unit, given.get((unit, c.code), {}), aggregate)
        if c.kind == "bonus":
            bonus += points
        elif c.kind == "penalty":
            penalty += points
        signed = -points if c.kind == "penalty" else points
        groups[c.group] = groups.get(c.group, Fraction(0)) + signed
    return _Tally(groups, bonus, penalty)


def _aggregate(unit: str, by_scorer: dict[str, Fraction], aggregate: str) -> Fraction:
    if aggregate == "self":
        return by_scorer.get(unit, Fraction(0))
    if aggregate == "reviewed" and REVIEW in by_scorer:
        return by_scorer[REVIEW]
    cross = [p for scorer, p in by_scorer.items() if scorer not in (unit, REVIEW)]
    return sum(cross, Fraction(0)) / len(cross) if cross else Fraction(0)


def _key(t: _Tally, tie_breaks: Sequence[str]) -> tuple:
    key: list = [_round2(t.total)]
    for tb in tie_breaks:
        if tb == "fewer_penalty":
            key.append(-t.penalty)
        elif tb == "more_bonus":
            key.append(t.bonus)
        else:
            key.append(t.groups.get(tb.removeprefix(GROUP_PREFIX), Fraction(0)))
    return tuple(key)


def _round2(x: Fraction) -> Decimal:
    cents = math.floor(abs(x) * 100 + Fraction(1, 2))
    return Decimal(-cents if x < 0 else cents).scaleb(-2)


def _allocate(
    groups: list[list[str]], quotas: Sequence[Quota]
) -> tuple[dict[str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...]]:
    proposals: dict[str, tuple[str, ...]] = {}
    needs_vote = []
    g = 0
    for quota in quotas:
        chosen: list[str] = []
        while g < len(groups) and len(chosen) + len(groups[g]) <= quota.count:
            chosen += groups[g]
            g += 1
        if g < len(groups) and len(chosen) < quota.count:
            # Only a tie can fail to fit into free seats: the vote decides, not input order.
            needs_vote.append((quota.form, tuple(groups[g])))
            g += 1
        proposals[quota.form] = tuple(chosen)
    return proposals, tuple(needs_vote)


# --- validation -------------------------------------------------------------------------------

MISSING = "thiếu giá trị bắt buộc"


def validate(
    criteria: Sequence[Criterion | None] | None,
    units: Sequence[object] | None,
    scores: Sequence[Score | None] | None,
    method: Method | None,
    quotas: Sequence[Quota | None] | None,
) -> list[str]:
    """Every problem with the inputs, as Vietnamese messages prefixed by where it is.

    Field values may be of any type (a form or a JSON file may hold anything) and are checked
    here. `None` for a whole section or for one entry means the caller has already reported it
    as unusable: an entry is skipped but keeps its index, and references into a missing section
    are not checked, so one mistake is not reported once per score.
    """
    problems: list[str] = []
    criterion_index: dict[str, int] = {}
    max_by_code: dict[str, Decimal | None] = {}
    groups: set[str] = set()
    for i, c in _entries(criteria):
        path = f"criteria[{i}]"
        code = _code(problems, f"{path}.code", c.code)
        _unique(problems, criterion_index, code, i, f"{path}.code",
                lambda j: f'mã tiêu chí "{code}" bị trùng với criteria[{j}]')
        if (group := _code(problems, f"{path}.group", c.group)) is not None:
            groups.add(group)
        if c.kind is None:
            problems.append(f"{path}.kind: {MISSING}")
        elif c.kind not in KINDS:
            problems.append(f"{path}.kind: loại tiêu chí {_quoted(c.kind)} không hợp lệ; "
                            "chỉ nhận score, bonus hoặc penalty")
        cmax = _number(problems, f"{path}.max", c.max)
        if cmax is not None and cmax < 0:
            problems.append(f"{path}.max: điểm tối đa {_fmt(cmax)} không được âm")
            cmax = None
        if code is not None:
            max_by_code.setdefault(code, cmax)
    criteria_ok = criteria is not None

    unit_index: dict[str, int] = {}
    for i, u in enumerate(units or ()):
        code = _code(problems, f"units[{i}]", u)
        if code == REVIEW:
            problems.append(f'units[{i}]: "{REVIEW}" là mã dành riêng cho điểm thẩm định, '
                            "không dùng làm mã đơn vị")
        _unique(problems, unit_index, code, i, f"units[{i}]",
                lambda j: f'đơn vị "{code}" bị trùng với units[{j}]')
    units_ok = units is not None

    score_index: dict[tuple[str, str, str], int] = {}
    for i, s in _entries(scores):
        path = f"scores[{i}]"
        unit = _code(problems, f"{path}.unit", s.unit)
        if unit is not None and units_ok and unit not in unit_index:
            problems.append(f'{path}.unit: đơn vị "{unit}" không có trong danh sách đơn vị')
        scorer = _code(problems, f"{path}.scorer", s.scorer)
        if scorer is not None and units_ok and scorer != REVIEW and scorer not in unit_index:
            problems.append(f'{path}.scorer: người chấm "{scorer}" không phải đơn vị trong '
                            f"danh sách, cũng không phải {REVIEW}")
        code = _code(problems, f"{path}.criterion", s.criterion)
        if code is not None and criteria_ok and code not in max_by_code:
            problems.append(f'{path}.criterion: tiêu chí "{code}" không có trong danh sách '
                            "tiêu chí")
        points = _number(problems, f"{path}.points", s.points)
        cmax = max_by_code.get(code) if code is not None else None
        if points is not None and points < 0:
            problems.append(f"{path}.points: điểm {_fmt(points)} không được âm")
        elif points is not None and cmax is not None and points > cmax:
            problems.append(f"{path}.points: điểm {_fmt(points)} vượt quá điểm tối đa "
                            f"{_fmt(cmax)} của tiêu chí {code}")
        if unit is not None and scorer is not None and code is not None:
            _unique(problems, score_index, (unit, scorer, code), i, path,
                    lambda j: f"trùng với scores[{j}] (cùng đơn vị {unit}, người chấm {scorer}, "
                              f"tiêu chí {code})")

    if method is not None:
        if method.aggregate is None:
            problems.append(f"method.aggregate: {MISSING}")
        elif method.aggregate not in AGGREGATES:
            problems.append(f"method.aggregate: cách tổng hợp {_quoted(method.aggregate)} "
                            "không hợp lệ; chỉ nhận self, mean_cross hoặc reviewed")
        _check_tie_breaks(problems, method.tie_breaks, groups if criteria_ok else None)

    form_index: dict[str, int] = {}
    for i, q in _entries(quotas):
        path = f"quotas[{i}]"
        form = _code(problems, f"{path}.form", q.form)
        _unique(problems, form_index, form, i, f"{path}.form",
                lambda j: f'hình thức "{form}" bị trùng với quotas[{j}]')
        if q.count is None:
            problems.append(f"{path}.count: {MISSING}")
        elif not isinstance(q.count, int) or isinstance(q.count, bool):
            problems.append(f"{path}.count: phải là số nguyên, nhận được "
                            f"{describe_value(q.count)}")
        elif q.count < 0:
            problems.append(f"{path}.count: số lượng {q.count} không được âm")
    return problems


def describe_value(value: object) -> str:
    """How a wrong value reads in a message, named in JSON's terms."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'chuỗi "{value}"'
    if isinstance(value, (list, tuple)):
        return "một danh sách"
    if isinstance(value, dict):
        return "một đối tượng"
    if isinstance(value, (int, Decimal)):
        return _fmt(value)
    return repr(value)


def _quoted(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else describe_value(value)


def _fmt(number: int | Decimal) -> str:
    return format(Decimal(number), "f")


def _entries(items):
    return ((i, item) for i, item in enumerate(items or ()) if item is not None)


def _code(problems: list[str], path: str, value: object) -> str | None:
    if value is None:
        problems.append(f"{path}: {MISSING}")
    elif not isinstance(value, str):
        problems.append(f"{path}: phải là chuỗi ký tự, nhận được {describe_value(value)}")
    elif not value.strip():
        problems.append(f"{path}: không được để trống")
    else:
        return value
    return None


def _number(problems: list[str], path: str, value: object) -> Decimal | None:
    # Floats are refused: binary fractions would leak into the exact arithmetic.
    if value is None:
        problems.append(f"{path}: {MISSING}")
    elif isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        problems.append(f"{path}: phải là số, nhận được {describe_value(value)}")
    elif not Decimal(value).is_finite():
        problems.append(f"{path}: phải là số hữu hạn, nhận được {value}")
    else:
        return Decimal(value)
    return None


def _unique(problems: list[str], seen: dict, key, index: int, path: str, message) -> None:
    if key is None:
        return
    if key in seen:
        problems.append(f"{path}: {message(seen[key])}")
    else:
        seen[key] = index


def _check_tie_breaks(problems: list[str], tie_breaks: object, groups: set[str] | None) -> None:
    if tie_breaks is None:
        problems.append(f"method.tie_breaks: {MISSING}")
        return
    if not isinstance(tie_breaks, (list, tuple)):
        problems.append("method.tie_breaks: phải là danh sách, nhận được "
                        f"{describe_value(tie_breaks)}")
        return
    for i, tb in enumerate(tie_breaks):
        path = f"method.tie_breaks[{i}]"
        if tb in TIE_BREAKS:
            continue
        is_group = isinstance(tb, str) and tb.startswith(GROUP_PREFIX)
        group = tb.removeprefix(GROUP_PREFIX) if is_group else ""
        if not group:
            problems.append(f"{path}: quy tắc phân định khi bằng điểm {_quoted(tb)} "
                            "không hợp lệ; chỉ nhận group:<nhóm>, fewer_penalty hoặc more_bonus")
        elif groups is not None and group not in groups:
            problems.append(f'{path}: nhóm tiêu chí "{group}" không có trong danh sách tiêu chí')
