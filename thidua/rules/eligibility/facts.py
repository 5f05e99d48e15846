"""What the rules read about one subject in one year, as bit masks.

Bit i of every mask stands for the year `year - i`, so "N consecutive years ending at the year"
is a count of trailing one bits and a window of years is an AND with `(1 << n) - 1`. The masks
come from the subject's `HistoryIndex` (built once with the subject) by one shift each, so a
verdict costs a handful of integer operations whatever the length of the history.
"""

from __future__ import annotations

from .model import DEFAULT_OPTIONS, DisciplinePeriod, Options, Subject, YearRecord

# An offset no history reaches: "no bound" for windows and streaks.
FAR = 256


class Facts:
    __slots__ = (
        "subject", "id", "kind", "year", "options", "record", "blocking", "tainted",
        "rated_httnv", "rated_htxsnv", "titles", "sk_any", "sk_tinh", "sk_tq",
        "sk_count_any", "sk_count_tinh", "delta",
    )

    def __init__(self, subject: Subject, year: int, options: Options = DEFAULT_OPTIONS) -> None:
        self.subject = subject
        self.id = subject.id
        self.kind = subject.kind
        self.year = year
        self.options = options
        self.record: YearRecord | None = subject.history.get(year)

        # Years touched by a discipline period: the current one blocks everything, earlier ones
        # break streaks, because achievements count only from the end of the discipline
        # (domain.md §2.4).
        blocking: DisciplinePeriod | None = None
        tainted = 0
        for period in subject.discipline:
            first = period.start.year
            if first > year:
                continue
            last = year if period.end is None or period.end.year > year else period.end.year
            if last == year and blocking is None:
                blocking = period
            # offsets year-last .. year-first
            tainted |= ((1 << (last - first + 1)) - 1) << (year - last)
        self.blocking = blocking
        self.tainted = tainted

        # The subject's index counts from its latest year; shift it to count from `year`.
        ix = subject.index
        delta = year - ix.anchor
        self.delta = delta
        if delta >= 0:
            self.rated_httnv = ix.httnv << delta
            self.rated_htxsnv = ix.htxsnv << delta
            self.titles = {code: m << delta for code, m in ix.titles.items()}
            self.sk_any = ix.sk_any << delta
            self.sk_tinh = ix.sk_tinh << delta
            self.sk_tq = ix.sk_tq << delta
        else:
            # Years after the one considered fall off the end: they cannot support it.
            back = -delta
            self.rated_httnv = ix.httnv >> back
            self.rated_htxsnv = ix.htxsnv >> back
            self.titles = {code: m >> back for code, m in ix.titles.items()}
            self.sk_any = ix.sk_any >> back
            self.sk_tinh = ix.sk_tinh >> back
            self.sk_tq = ix.sk_tq >> back
        self.sk_count_any = ix.count_any
        self.sk_count_tinh = ix.count_tinh

    def title(self, code: str) -> int:
        return self.titles.get(code, 0)

    def prior_award(self, code: str) -> int:
        """Offset of the latest earlier award of `code`, before which achievements are spent
        (FAR when there is none or reuse is allowed)."""
        earlier = self.titles.get(code, 0) & ~1
        if not earlier or not self.options.count_achievement_once:
            return FAR
        return (earlier & -earlier).bit_length() - 1


def highest(mask: int) -> int:
    return mask.bit_length() - 1


def window(length: int) -> int:
    return (1 << length) - 1 if length > 0 else 0


def years_of(mask: int, year: int) -> list[int]:
    """The years of the set bits, oldest first."""
    out = []
    offset = 0
    while mask:
        if mask & 1:
            out.append(year - offset)
        mask >>= 1
        offset += 1
    out.reverse()
    return out


def count_in(counts: dict[int, int], mask: int, delta: int) -> int:
    """Sum of `counts` (keyed by history index) over the offsets set in `mask`."""
    total = 0
    for index, n in counts.items():
        offset = index + delta
        if offset >= 0 and mask >> offset & 1:
            total += n
    return total
