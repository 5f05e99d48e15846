"""Eligibility for emulation titles and commendation forms, versioned by effective date.

Pure Python: plain frozen dataclasses in (`Subject`, `YearRecord`, `Members`,
`DisciplinePeriod`, `ClusterInfo`), a `Verdict` out with every condition, its Vietnamese text and
its legal basis. No Django and nothing else of ours is imported (an import-linter contract).

Rule sets (`ruleset_for(year)`): a year is judged by the rules in force on 31 December of that
year, when its awards are considered.
    ≤ 2023   "2013/ND91"   Luật TĐKT 2003 (sửa đổi 2013) + NĐ 91/2017/NĐ-CP (domain.md §3a;
                            years before 2017 are approximated by the same set)
    2024     "2022/ND98"   Luật TĐKT 06/2022/QH15 + NĐ 98/2023/NĐ-CP
    ≥ 2025   "2022/ND152"  Luật TĐKT 06/2022/QH15 + NĐ 152/2025/NĐ-CP (in force 01/07/2025)
The two 2022 sets check the same things and differ only in what they cite.

What `eligible` means. Every condition is either machine-checkable (`ok` True/False) or a
judgment a person must make (`ok` None, `needs_review` True; never assumed). A condition is
either required of every candidate (`ground == 0`) or one of the alternative grounds the law
offers ("đạt một trong các tiêu chuẩn sau", `ground == k`; a ground may have several
conditions). Then:
  * `eligible` is True when every machine-checkable required condition holds and, if the form
    has alternative grounds of which at least one is machine-checkable, some machine-checkable
    ground has all its machine-checkable conditions holding. A judgment-only ground never makes a
    verdict eligible. Only when the law offers no ground the record could show (Giấy khen) do
    the required conditions decide alone.
  * `needs_review` is True when the outcome still rests on a person: the verdict is eligible but
    a required judgment condition (or a judgment part of every carrying ground) must be
    confirmed, or it is not eligible on the record while a judgment-only ground remains open.
    A failing machine-checkable required condition (discipline, rating, missing title) settles
    the verdict: `needs_review` is then False.

Discipline (domain.md §2.4). A period overlaps a year when it starts on or before 31 December
and has not ended before 1 January of it (`end` None = still running). Such a subject is
ineligible for everything that year: the first condition of each verdict says so. Years an
earlier period overlaps do not count toward multi-year requirements (consecutive years, counts
of titles or initiatives in a window), because achievements count only from the end of the
discipline; awards already held (Bằng khen, CSTĐ tỉnh) stay held.

Same-form reuse (`Options.count_achievement_once`, default on): years up to an earlier award of
the same form do not count again toward it, so a second CSTĐ tỉnh needs three new CSTĐCS years
(domain.md §2.1, §3a). A candidate that does not apply to the subject's kind gets a verdict with
a single failing condition saying so. An unknown code raises ValueError.

A `Verdict` is an immutable NamedTuple (cheaper to build than a frozen dataclass, which matters
at 800 000 verdicts); its `conditions` are a tuple whose first item is always the discipline
condition, and identical conditions are one shared object.

Layout: model.py (the data), facts.py (one subject in one year as bit masks), conditions.py
(condition builders and their Vietnamese texts), common.py (rules alike in both eras),
law2013.py and law2022.py (rules that changed, and each set's citations), registry.py (rule
sets, `evaluate`, `evaluate_many`). Each rule is built once per rule set with its citations.
"""

from .model import (
    APPLIES_TO,
    CODES,
    COLLECTIVE,
    DEFAULT_CANDIDATES,
    DEFAULT_OPTIONS,
    INDIVIDUAL,
    LABELS,
    RATING_RANK,
    SCOPE_RANK,
    ClusterInfo,
    Condition,
    DisciplinePeriod,
    HistoryIndex,
    Members,
    Options,
    Subject,
    Verdict,
    YearRecord,
)
from .registry import RULESETS, RuleSet, decide, evaluate, evaluate_many, ruleset_for

__all__ = [
    "APPLIES_TO",
    "CODES",
    "COLLECTIVE",
    "DEFAULT_CANDIDATES",
    "DEFAULT_OPTIONS",
    "INDIVIDUAL",
    "LABELS",
    "RATING_RANK",
    "RULESETS",
    "SCOPE_RANK",
    "ClusterInfo",
    "Condition",
    "DisciplinePeriod",
    "HistoryIndex",
    "Members",
    "Options",
    "RuleSet",
    "Subject",
    "Verdict",
    "YearRecord",
    "decide",
    "evaluate",
    "evaluate_many",
    "ruleset_for",
]
