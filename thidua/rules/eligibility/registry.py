"""Rule sets by effective date, and the evaluation entry points."""

from __future__ import annotations

import gc
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import law2013, law2022
from .common import Basis, ByKind, Rule
from .conditions import discipline, not_applicable
from .facts import Facts
from .model import (
    APPLIES_TO,
    DEFAULT_CANDIDATES,
    DEFAULT_OPTIONS,
    KINDS,
    Condition,
    Options,
    Subject,
    Verdict,
)


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    first_year: int  # the first year it judges: the set in force on 31 December of the year
    basis: Basis
    builders: Mapping[str, Callable[[Basis], Rule | ByKind]]
    # kind -> code -> rule, built once with this set's citations: judging only reads bits.
    rules: Mapping[str, Mapping[str, Rule]] = field(init=False, repr=False)
    # (code, kind) -> the verdict's one condition when the code does not apply to that kind
    refusals: Mapping[tuple[str, str], tuple[Condition]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rules: dict[str, dict[str, Rule]] = {kind: {} for kind in KINDS}
        refusals = {}
        for code, build in self.builders.items():
            built = build(self.basis)
            for kind in KINDS:
                if kind not in APPLIES_TO[code]:
                    refusals[code, kind] = (not_applicable(code, kind, self.basis[code]),)
                else:
                    rules[kind][code] = getattr(built, kind) if isinstance(built, ByKind) else built
        object.__setattr__(self, "rules", rules)
        object.__setattr__(self, "refusals", refusals)

    def judge(self, f: Facts, code: str, head: Condition | None = None) -> Verdict:
        """The verdict on one candidate; `head` is the subject's discipline condition when the
        caller already has it."""
        if code not in APPLIES_TO:
            raise ValueError(f"Mã danh hiệu, hình thức khen thưởng “{code}” không hợp lệ.")
        refusal = self.refusals.get((code, f.kind))
        if refusal is not None:
            return _verdict(Verdict, (f.id, code, False, self.id, refusal, False, f.year))
        if head is None:
            head = discipline(f, self.basis["discipline"])
        conditions = (head, *self.rules[f.kind][code](f))
        eligible, review = decide(conditions)
        return _verdict(Verdict, (f.id, code, eligible, self.id, conditions, review, f.year))


# NamedTuple's own __new__ is a Python function; building the tuple directly halves the cost.
_verdict = tuple.__new__


def decide(conditions: Sequence[Condition]) -> tuple[bool, bool]:
    """(eligible, needs_review) from a verdict's conditions, as the package docstring states."""
    open_required = False
    # bit g set: alternative ground g has a machine condition / a failing one / a judgment one
    machine = failing = judged = 0
    for c in conditions:
        ok = c.ok
        g = c.ground
        if g == 0:
            if ok is False:
                return False, False  # a failed requirement settles it
            if ok is None:
                open_required = True
        elif ok is None:
            judged |= 1 << g
        else:
            machine |= 1 << g
            if not ok:
                failing |= 1 << g
    if not machine:
        # No ground the record could show (Giấy khen): the requirements decide, and a person
        # confirms the ground.
        return True, open_required or bool(judged)
    carrying = machine & ~failing
    if carrying:
        return True, open_required or not (carrying & ~judged)
    # Not eligible on the record; a person may still establish a judgment-only ground.
    return False, bool(judged & ~machine)


ND91 = RuleSet("2013/ND91", "Luật TĐKT 2003 (sửa đổi 2013), NĐ 91/2017/NĐ-CP", 0,
               law2013.BASIS, law2013.BUILDERS)
ND98 = RuleSet("2022/ND98", "Luật TĐKT 2022, NĐ 98/2023/NĐ-CP", 2024,
               law2022.BASIS_ND98, law2022.BUILDERS)
ND152 = RuleSet("2022/ND152", "Luật TĐKT 2022, NĐ 152/2025/NĐ-CP", 2025,
                law2022.BASIS_ND152, law2022.BUILDERS)
RULESETS: tuple[RuleSet, ...] = (ND91, ND98, ND152)
_FIRST_YEARS = [rs.first_year for rs in RULESETS]


def ruleset_for(year: int) -> RuleSet:
    """The rule set that judges a year: the one in force at the end of that year, when its awards
    are considered (Decree 152/2025 took effect on 01/07/2025, so 2025 is judged by it)."""
    return RULESETS[bisect_right(_FIRST_YEARS, year) - 1]


def evaluate(subject: Subject, candidate: str, year: int, *,
             options: Options = DEFAULT_OPTIONS) -> Verdict:
    return ruleset_for(year).judge(Facts(subject, year, options), candidate)


def evaluate_many(subjects: Iterable[Subject], candidates: Sequence[str] | None, year: int, *,
                  options: Options = DEFAULT_OPTIONS) -> list[Verdict]:
    """Verdicts in subject order, then candidate order. `candidates=None` means every code that
    applies to each subject's kind. Each subject's history is folded once for all candidates."""
    rs = ruleset_for(year)
    if candidates is not None:
        for code in candidates:
            if code not in APPLIES_TO:
                raise ValueError(f"Mã danh hiệu, hình thức khen thưởng “{code}” không hợp lệ.")
    # Per kind, what each candidate needs: its rule, or the ready refusal when it does not apply.
    plans = {
        kind: [(code, rs.rules[kind].get(code), rs.refusals.get((code, kind)))
               for code in (DEFAULT_CANDIDATES[kind] if candidates is None else candidates)]
        for kind in KINDS
    }
    discipline_basis = rs.basis["discipline"]
    rs_id = rs.id
    new = _verdict
    out: list[Verdict] = []
    append = out.append
    # Evaluation makes a few containers per verdict and no reference cycles, yet each time the
    # growing result list trips the cyclic collector it rescans every subject in memory: with
    # 100 000 subjects that doubled the time. Pause it and restore the caller's setting.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for subject in subjects:
            f = Facts(subject, year, options)
            head = discipline(f, discipline_basis)
            sid = subject.id
            for code, rule, refusal in plans[subject.kind]:
                if refusal is not None:
                    append(new(Verdict, (sid, code, False, rs_id, refusal, False, year)))
                    continue
                conditions = (head, *rule(f))
                eligible, review = decide(conditions)
                append(new(Verdict, (sid, code, eligible, rs_id, conditions, review, year)))
    finally:
        if collecting:
            gc.enable()
    return out
