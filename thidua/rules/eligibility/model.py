"""The data the engine reads and the verdicts it returns: frozen dataclasses, no behaviour."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from types import MappingProxyType

INDIVIDUAL = "individual"
COLLECTIVE = "collective"
KINDS = (INDIVIDUAL, COLLECTIVE)
KIND_LABELS = {INDIVIDUAL: "cá nhân", COLLECTIVE: "tập thể"}

# Yearly ratings, worst to best; the rank is what the rules compare.
KHTNV, HTNV, HTTNV, HTXSNV = "KHTNV", "HTNV", "HTTNV", "HTXSNV"
RATING_RANK = {KHTNV: 0, HTNV: 1, HTTNV: 2, HTXSNV: 3}

# Scopes of a recognised initiative, narrowest first: a wider one satisfies a narrower need.
CO_SO, TINH, TOAN_QUOC = "CO_SO", "TINH", "TOAN_QUOC"
SCOPE_RANK = {CO_SO: 1, TINH: 2, TOAN_QUOC: 3}

BOTH = frozenset(KINDS)
ONLY_INDIVIDUAL = frozenset({INDIVIDUAL})
ONLY_COLLECTIVE = frozenset({COLLECTIVE})

# Every title and form the engine decides, in the order of domain.md, with who may receive it.
APPLIES_TO: Mapping[str, frozenset[str]] = MappingProxyType({
    "LDTT": ONLY_INDIVIDUAL,
    "CSTDCS": ONLY_INDIVIDUAL,
    "CSTD_TINH": ONLY_INDIVIDUAL,
    "CSTD_TQ": ONLY_INDIVIDUAL,
    "TTLDTT": ONLY_COLLECTIVE,
    "TTLDXS": ONLY_COLLECTIVE,
    "CO_TINH": ONLY_COLLECTIVE,
    "CO_CP": ONLY_COLLECTIVE,
    "GIAY_KHEN": BOTH,
    "BK_TINH": BOTH,
    "BK_TTG": BOTH,
    "HCLD3": BOTH,
})
CODES = tuple(APPLIES_TO)
DEFAULT_CANDIDATES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    kind: tuple(code for code in CODES if kind in APPLIES_TO[code]) for kind in KINDS
})

LABELS: Mapping[str, str] = MappingProxyType({
    "LDTT": "LĐTT",
    "CSTDCS": "CSTĐCS",
    "CSTD_TINH": "CSTĐ cấp tỉnh",
    "CSTD_TQ": "CSTĐ toàn quốc",
    "TTLDTT": "TTLĐTT",
    "TTLDXS": "TTLĐXS",
    "CO_TINH": "Cờ thi đua của UBND tỉnh",
    "CO_CP": "Cờ thi đua của Chính phủ",
    "GIAY_KHEN": "Giấy khen",
    "BK_TINH": "Bằng khen của Chủ tịch UBND tỉnh",
    "BK_TTG": "Bằng khen của Thủ tướng Chính phủ",
    "HCLD3": "Huân chương Lao động hạng Ba",
})


def _refuse(message: str) -> None:
    raise ValueError(message)


@dataclass(frozen=True, slots=True)
class Members:
    """Head counts of a collective for one year. `disciplined` counts members disciplined at
    "cảnh cáo" or above in that year (the threshold both laws use)."""

    total: int
    completed: int
    ldtt: int
    cstdcs: int
    disciplined: int

    def __post_init__(self) -> None:
        for name in ("total", "completed", "ldtt", "cstdcs", "disciplined"):
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                _refuse(f"Số liệu thành viên “{name}” phải là số nguyên không âm.")
            if name != "total" and value > self.total:
                _refuse(f"Số liệu thành viên “{name}” ({value}) lớn hơn tổng số ({self.total}).")


_CODE_SET = frozenset(APPLIES_TO)
_SCOPE_SET = frozenset(SCOPE_RANK)


@dataclass(frozen=True, slots=True)
class YearRecord:
    """One year of a subject's history. `titles` holds what was already decided for that year
    (LĐTT before CSTĐCS, CSTĐCS before CSTĐ tỉnh, any award received for that year);
    `initiatives` one scope per initiative recognised that year."""

    rating: str | None = None
    titles: frozenset[str] = frozenset()
    initiatives: tuple[str, ...] = ()
    members: Members | None = None

    def __post_init__(self) -> None:
        if self.rating is not None and self.rating not in RATING_RANK:
            _refuse(f"Xếp loại “{self.rating}” không hợp lệ.")
        titles = self.titles
        if type(titles) is not frozenset:
            titles = frozenset(titles)
            object.__setattr__(self, "titles", titles)
        if not titles <= _CODE_SET:
            _refuse(f"Mã danh hiệu “{sorted(titles - _CODE_SET)[0]}” không hợp lệ.")
        initiatives = self.initiatives
        if type(initiatives) is not tuple:
            initiatives = tuple(initiatives)
            object.__setattr__(self, "initiatives", initiatives)
        if initiatives and not _SCOPE_SET.issuperset(initiatives):
            _refuse(f"Phạm vi sáng kiến “{next(s for s in initiatives if s not in _SCOPE_SET)}” "
                    "không hợp lệ.")

    @classmethod
    def trusted(cls, rating: str | None, titles: frozenset[str], initiatives: tuple[str, ...],
                members: "Members | None") -> "YearRecord":
        """A record from data already validated (the database's own rows): the checks of
        __post_init__ are skipped, which matters when a province's millions of rows are read."""
        record = object.__new__(cls)
        put = object.__setattr__
        put(record, "rating", rating)
        put(record, "titles", titles)
        put(record, "initiatives", initiatives)
        put(record, "members", members)
        return record


@dataclass(frozen=True, slots=True)
class DisciplinePeriod:
    """A disciplinary measure (or review) from `start` to `end` inclusive; `end` None while it
    still runs."""

    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            _refuse(f"Ngày kết thúc kỷ luật {self.end:%d/%m/%Y} trước ngày bắt đầu "
                    f"{self.start:%d/%m/%Y}.")

    def overlaps(self, year: int) -> bool:
        return self.start.year <= year and (self.end is None or self.end.year >= year)


@dataclass(frozen=True, slots=True)
class ClusterInfo:
    """The collective's place in its emulation cluster (cụm, khối) for the year considered."""

    rank: int | None
    province_run: bool


class HistoryIndex:
    """A subject's history folded into bit masks once, when the subject is made.

    Bit i of a mask stands for the year `anchor - i` (anchor = the latest year of the history),
    so evaluating year Y only shifts each mask by Y - anchor (see facts.py). Counts are keyed by
    the same bit index."""

    __slots__ = ("anchor", "httnv", "htxsnv", "titles", "sk_any", "sk_tinh", "sk_tq",
                 "count_any", "count_tinh")

    def __init__(self, history: Mapping[int, YearRecord]) -> None:
        self.anchor = anchor = max(history) if history else 0
        httnv = htxsnv = sk_any = sk_tinh = sk_tq = 0
        titles: dict[str, int] = {}
        count_any: dict[int, int] = {}
        count_tinh: dict[int, int] = {}
        for y, rec in history.items():
            index = anchor - y
            bit = 1 << index
            rating = rec.rating
            if rating == HTXSNV:
                httnv |= bit
                htxsnv |= bit
            elif rating == HTTNV:
                httnv |= bit
            for code in rec.titles:
                titles[code] = titles.get(code, 0) | bit
            initiatives = rec.initiatives
            if initiatives:
                sk_any |= bit
                count_any[index] = len(initiatives)
                tq = initiatives.count(TOAN_QUOC)
                wide = tq + initiatives.count(TINH)
                if wide:
                    sk_tinh |= bit
                    count_tinh[index] = wide
                    if tq:
                        sk_tq |= bit
        self.httnv, self.htxsnv = httnv, htxsnv
        self.titles = titles
        self.sk_any, self.sk_tinh, self.sk_tq = sk_any, sk_tinh, sk_tq
        self.count_any, self.count_tinh = count_any, count_tinh

    @classmethod
    def from_masks(cls, anchor: int, httnv: int, htxsnv: int, titles: dict[str, int],
                   initiatives: Mapping[int, Sequence[str]] = MappingProxyType({})) -> "HistoryIndex":
        """The index from masks a database already aggregated (bit i = year anchor - i);
        `initiatives` maps a bit index to the scopes recognised that year."""
        index = object.__new__(cls)
        index.anchor, index.httnv, index.htxsnv, index.titles = anchor, httnv, htxsnv, titles
        sk_any = sk_tinh = sk_tq = 0
        count_any: dict[int, int] = {}
        count_tinh: dict[int, int] = {}
        for offset, scopes in initiatives.items():
            if not scopes:
                continue
            bit = 1 << offset
            sk_any |= bit
            count_any[offset] = len(scopes)
            tq = sum(1 for s in scopes if s == TOAN_QUOC)
            wide = tq + sum(1 for s in scopes if s == TINH)
            if wide:
                sk_tinh |= bit
                count_tinh[offset] = wide
                if tq:
                    sk_tq |= bit
        index.sk_any, index.sk_tinh, index.sk_tq = sk_any, sk_tinh, sk_tq
        index.count_any, index.count_tinh = count_any, count_tinh
        return index


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    kind: str
    history: Mapping[int, YearRecord] = field(default_factory=dict)
    discipline: tuple[DisciplinePeriod, ...] = ()
    cluster: ClusterInfo | None = None
    index: HistoryIndex = field(  # type: ignore[assignment]
        init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        if self.kind not in KIND_LABELS:
            _refuse(f"Loại đối tượng “{self.kind}” không hợp lệ.")
        history = dict(self.history)
        for year in history:
            if type(year) is not int:
                _refuse(f"Năm “{year}” phải là số nguyên.")
        put = object.__setattr__
        put(self, "history", MappingProxyType(history))
        if type(self.discipline) is not tuple:
            put(self, "discipline", tuple(self.discipline))
        # Folded once here, so that no evaluation, for any year or candidate, re-reads the lists.
        put(self, "index", HistoryIndex(history))

    @classmethod
    def for_year(cls, id: str, kind: str, year: int, record: YearRecord | None, index: HistoryIndex,
                 discipline: tuple[DisciplinePeriod, ...] = (), cluster: ClusterInfo | None = None) -> "Subject":
        """A subject judged for `year` only, from an index built elsewhere (the database's
        aggregates): its `history` holds just that year's record. Trusted input, no checks."""
        subject = object.__new__(cls)
        put = object.__setattr__
        put(subject, "id", id)
        put(subject, "kind", kind)
        put(subject, "history", MappingProxyType({year: record} if record is not None else {}))
        put(subject, "discipline", discipline)
        put(subject, "cluster", cluster)
        put(subject, "index", index)
        return subject


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition of a verdict.

    `ok` is True/False for a machine-checkable condition and None for a judgment-only one
    (then `needs_review` is True). `ground` is 0 for a condition the form always requires, and
    k > 0 for the k-th of the alternative grounds ("đạt một trong các tiêu chuẩn") the law gives.
    """

    ok: bool | None
    text: str
    basis: str
    needs_review: bool = False
    ground: int = 0


class Verdict(NamedTuple):
    """`eligible`: every machine-checkable required condition holds and, when the law offers
    alternative grounds of which the record can check some, one checkable ground holds in full.
    `needs_review`: the outcome still rests on a judgment-only condition (see the package doc).

    Immutable like the dataclasses, but a NamedTuple: a frozen dataclass costs four times as
    much to build, which shows when a province evaluates 100 000 subjects."""

    subject: str
    candidate: str
    eligible: bool
    ruleset: str
    conditions: tuple[Condition, ...]
    needs_review: bool
    year: int


@dataclass(frozen=True, slots=True)
class Options:
    """Province-level choices the law leaves open (domain.md marks them as settings).

    count_achievement_once: a year's achievement counts toward one award of the same form only,
    so a second CSTĐ tỉnh needs the next three CSTĐCS years (old-practice non-overlapping blocks,
    default on) and the same holds for every multi-year ground (Luật TĐKT 2022, Điều 5)."""

    count_achievement_once: bool = True


DEFAULT_OPTIONS = Options()

