"""Condition builders shared by every rule set.

Each builder reads a few bits of `Facts` and hands plain values to a memoised text maker, so
the same condition ("Có 3/3 năm liên tục đạt CSTĐCS (2023, 2024, 2025)") is one shared immutable
object however many subjects reach it: evaluating 100 000 subjects formats each text once.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from .facts import FAR, Facts, count_in, years_of
from .model import HTXSNV, KIND_LABELS, LABELS, RATING_RANK, Condition

F = TypeVar("F", bound=Callable[..., Any])
_CACHE_LIMIT = 200_000


def memo(fn: F) -> F:
    cache: dict[tuple, Any] = {}

    @wraps(fn)
    def cached(*args: Any) -> Any:
        try:
            return cache[args]
        except KeyError:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()  # odd inputs across many years must not grow memory without end
            value = cache[args] = fn(*args)
            return value

    return cached  # type: ignore[return-value]


# --- formatting -------------------------------------------------------------------------------

def fmt_years(years: list[int] | tuple[int, ...]) -> str:
    if len(years) >= 4 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))


def fmt_span(first: int, last: int) -> str:
    return str(last) if first == last else f"{first}–{last}"


def in_years(first: int, last: int) -> str:
    if last < first:
        return "trong thời gian xét (chưa có năm liên tục nào)"
    return f"trong năm {last}" if first == last else f"trong các năm {first}–{last}"


def fmt_date(d: Any) -> str:
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_percent(part: int, total: int) -> str:
    tenths = round(part * 1000 / total)
    whole, frac = divmod(tenths, 10)
    return f"{whole}%" if frac == 0 else f"{whole},{frac}%"


# --- judgment-only and fixed conditions ---------------------------------------------------------

def judgment(text: str, basis: str, ground: int = 0) -> Condition:
    return _judgment(text, basis, ground)


@memo
def _judgment(text: str, basis: str, ground: int) -> Condition:
    return Condition(None, f"{_prefix(ground)}{text} (cần thẩm định, không kiểm tra tự động)",
                     basis, True, ground)


def _prefix(ground: int) -> str:
    return f"Tiêu chuẩn thay thế {ground}: " if ground else ""


@memo
def not_applicable(code: str, kind: str, basis: str) -> Condition:
    others = "tập thể" if kind == "individual" else "cá nhân"
    return Condition(False, f"{LABELS[code]} chỉ xét cho {others}, không xét cho "
                            f"{KIND_LABELS[kind]}", basis)


def discipline(f: Facts, basis: str) -> Condition:
    period = f.blocking
    if period is None:
        return _no_discipline(f.year, basis)
    return _disciplined(f.year, period.start, period.end, basis)


@memo
def _no_discipline(year: int, basis: str) -> Condition:
    return Condition(True, f"Không bị kỷ luật trong năm {year}", basis)


@memo
def _disciplined(year: int, start: Any, end: Any, basis: str) -> Condition:
    span = f"từ {fmt_date(start)}, chưa kết thúc" if end is None else \
        f"từ {fmt_date(start)} đến {fmt_date(end)}"
    return Condition(False, f"Đang trong thời gian kỷ luật trong năm {year} ({span}): "
                            "không xét khen thưởng cho năm này", basis)


# --- the year's own record ----------------------------------------------------------------------

def rating(f: Facts, minimum: str, basis: str, ground: int = 0) -> Condition:
    rec = f.record
    if rec is None:
        return _rating(f.year, minimum, None, False, basis, ground)
    return _rating(f.year, minimum, rec.rating, True, basis, ground)


@memo
def _rating(year: int, minimum: str, actual: str | None, has_record: bool, basis: str,
            ground: int) -> Condition:
    need = "HTXSNV" if minimum == HTXSNV else f"từ {minimum} trở lên"
    p = _prefix(ground)
    if not has_record:
        return Condition(False, f"{p}Không có dữ liệu năm {year} (cần xếp loại {need})", basis,
                         ground=ground)
    if actual is None:
        text, ok = f"{p}Năm {year} chưa có xếp loại (cần {need})", False
    elif RATING_RANK[actual] >= RATING_RANK[minimum]:
        text, ok = f"{p}Năm {year} xếp loại {actual} (cần {need})", True
    else:
        text, ok = f"{p}Năm {year} xếp loại {actual}, chưa đạt {need}", False
    return Condition(ok, text, basis, ground=ground)


def title_this_year(f: Facts, code: str, basis: str, ground: int = 0) -> Condition:
    return _title_this_year(f.year, code, bool(f.titles.get(code, 0) & 1), basis, ground)


@memo
def _title_this_year(year: int, code: str, has: bool, basis: str, ground: int) -> Condition:
    p = _prefix(ground)
    if has:
        return Condition(True, f"{p}Đã đạt {LABELS[code]} năm {year}", basis, ground=ground)
    return Condition(False, f"{p}Chưa đạt {LABELS[code]} năm {year}", basis, ground=ground)


def initiative_this_year(f: Facts, basis: str, ground: int = 0, note: str = "") -> Condition:
    rec = f.record
    count = len(rec.initiatives) if rec is not None else 0
    return _initiative_this_year(f.year, count, basis, ground, note)


@memo
def _initiative_this_year(year: int, count: int, basis: str, ground: int, note: str) -> Condition:
    p = _prefix(ground)
    if count:
        return Condition(True, f"{p}Có {count} sáng kiến được công nhận năm {year} "
                               "(phạm vi cơ sở trở lên)", basis, ground=ground)
    return Condition(False, f"{p}Không có sáng kiến được công nhận năm {year}{note}", basis,
                     ground=ground)


# --- streaks and windows ------------------------------------------------------------------------

_OK, _MISSING, _TAINTED, _USED = 0, 1, 2, 3


def streak(f: Facts, mask: int, need: int, label: str, basis: str, *, ground: int = 0,
           bound: int = FAR, bound_code: str = "") -> tuple[Condition, int]:
    """`need` consecutive years ending at the year where `mask` holds, not counting years under
    discipline nor years at or before offset `bound` (already used for an earlier award).
    Returns the condition and the length of the run (capped by the bound)."""
    tainted = f.tainted
    clean = mask & ~tainted
    n = ((~clean) & (clean + 1)).bit_length() - 1  # trailing ones: the run ending at the year
    if n > bound:
        n = bound
    if n >= need:
        why = _OK
    elif n == bound:
        why = _USED
    elif tainted >> n & 1:
        why = _TAINTED
    else:
        why = _MISSING
    return _streak(f.year, need, n, why, label, bound_code, basis, ground), n


@memo
def _streak(year: int, need: int, n: int, why: int, label: str, bound_code: str, basis: str,
            ground: int) -> Condition:
    have = fmt_years(list(range(year - n + 1, year + 1)))
    if n > need:
        # A longer run matters: the window that titles and initiatives are counted in is all of it.
        return Condition(True, f"{_prefix(ground)}Có {n} năm liên tục {label} ({have}; cần {need})",
                         basis, ground=ground)
    text = f"{_prefix(ground)}Có {n}/{need} năm liên tục {label}" + (f" ({have})" if n else "")
    stop = year - n
    if why == _MISSING:
        text += f"; thiếu {stop}"
    elif why == _TAINTED:
        text += f"; năm {stop} có kỷ luật nên không được tính"
    elif why == _USED:
        text += f"; thành tích đến năm {stop} đã được tính cho {LABELS[bound_code]} năm {stop}"
    return Condition(why == _OK, text, basis, ground=ground)


def titles_in_window(f: Facts, code: str, length: int, need: int, basis: str,
                     ground: int = 0) -> Condition:
    """At least `need` years holding `code` among the last `length` years."""
    return _titles_in_window(f.year, code, length, need,
                             f.titles.get(code, 0) & ((1 << length) - 1), basis, ground)


@memo
def _titles_in_window(year: int, code: str, length: int, need: int, mask: int, basis: str,
                      ground: int) -> Condition:
    years = years_of(mask, year)
    have = len(years)
    text = (f"{_prefix(ground)}Có {min(have, need)}/{need} lần đạt {LABELS[code]} "
            f"{in_years(year - length + 1, year)}")
    if have:
        text += f" ({fmt_years(years)})"
    return Condition(have >= need, text, basis, ground=ground)


def htxsnv_in_window(f: Facts, length: int, basis: str, ground: int = 0) -> Condition:
    return _htxsnv_in_window(f.year, length, f.rated_htxsnv & ((1 << length) - 1), basis, ground)


@memo
def _htxsnv_in_window(year: int, length: int, mask: int, basis: str, ground: int) -> Condition:
    span = in_years(year - length + 1, year)
    p = _prefix(ground)
    if mask:
        years = fmt_years(years_of(mask, year))
        return Condition(True, f"{p}Có năm xếp loại HTXSNV {span} ({years})", basis, ground=ground)
    return Condition(False, f"{p}Không có năm nào xếp loại HTXSNV {span}", basis, ground=ground)


# scope key -> (mask attribute, count attribute, Vietnamese wording)
_SCOPES = {
    "CO_SO": ("sk_any", "sk_count_any", "phạm vi cơ sở trở lên"),
    "TINH": ("sk_tinh", "sk_count_tinh", "có phạm vi ảnh hưởng cấp tỉnh trở lên"),
    "TOAN_QUOC": ("sk_tq", None, "có phạm vi ảnh hưởng toàn quốc"),
}


def initiative_in_window(f: Facts, scope: str, first: int, basis: str,
                         ground: int = 0) -> Condition:
    """An initiative of at least `scope` recognised in a year from `first` to the year (years
    under discipline excluded)."""
    mask = getattr(f, _SCOPES[scope][0]) & ((1 << (f.year - first + 1)) - 1) & ~f.tainted
    return _initiative_in_window(f.year, scope, first, mask, basis, ground)


@memo
def _initiative_in_window(year: int, scope: str, first: int, mask: int, basis: str,
                          ground: int) -> Condition:
    wording = _SCOPES[scope][2]
    p = _prefix(ground)
    if mask:
        return Condition(True, f"{p}Có sáng kiến {wording} được công nhận "
                               f"({fmt_years(years_of(mask, year))})", basis, ground=ground)
    return Condition(False, f"{p}Không có sáng kiến {wording} được công nhận "
                            f"{in_years(first, year)}", basis, ground=ground)


def initiatives_counted(f: Facts, scope: str, length: int, need: int, basis: str,
                        ground: int = 0) -> Condition:
    """At least `need` initiatives of at least `scope` over the last `length` years."""
    counts = getattr(f, _SCOPES[scope][1])
    have = count_in(counts, ((1 << length) - 1) & ~f.tainted, f.delta) if counts else 0
    return _initiatives_counted(f.year, scope, length, min(have, need), need, basis, ground)


@memo
def _initiatives_counted(year: int, scope: str, length: int, have: int, need: int, basis: str,
                         ground: int) -> Condition:
    return Condition(have >= need, f"{_prefix(ground)}Có {have}/{need} sáng kiến "
                                   f"{_SCOPES[scope][2]} được công nhận "
                                   f"{in_years(year - length + 1, year)}",
                     basis, ground=ground)


def after_award(f: Facts, prereq: str, need: int, mask: int, label: str, same: str, basis: str,
                ground: int) -> tuple[list[Condition], int]:
    """"Đã được tặng <prereq>, <need> năm tiếp theo liên tục <label>": the award held before a run
    of `need` consecutive years ending at the year. The earliest award not already spent on an
    earlier `same` form is the one that opens the longest window. Returns the two conditions and
    the length of the window the caller counts titles or initiatives in."""
    q = f.prior_award(same)
    awards = f.titles.get(prereq, 0) & ~((1 << need) - 1)  # held at least `need` years back
    held = awards & ((1 << q) - 1)  # ... and not spent on an earlier `same` form
    if held:
        p = held.bit_length() - 1
        first = _held(f.year, prereq, f.year - p, basis, ground)
        bound, bound_code = p, ""
    else:
        spent = awards >> q
        spent_year = f.year - (spent.bit_length() - 1 + q) if spent else 0
        same_year = f.year - q if spent else 0
        first = _not_held(f.year, prereq, need, spent_year, same, same_year, basis, ground)
        bound, bound_code = q, same
    run, n = streak(f, mask, need, label, basis, ground=ground, bound=bound, bound_code=bound_code)
    return [first, run], n


@memo
def _held(year: int, prereq: str, when: int, basis: str, ground: int) -> Condition:
    return Condition(True, f"{_prefix(ground)}Đã được tặng {LABELS[prereq]} (năm {when})", basis,
                     ground=ground)


@memo
def _not_held(year: int, prereq: str, need: int, spent_year: int, same: str, same_year: int,
              basis: str, ground: int) -> Condition:
    text = (f"{_prefix(ground)}Chưa được tặng {LABELS[prereq]} vào năm {year - need} hoặc trước đó "
            f"(cần có trước {need} năm liên tục tính đến {year})")
    if spent_year:
        text += (f"; {LABELS[prereq]} năm {spent_year} đã được tính cho {LABELS[same]} "
                 f"năm {same_year}")
    return Condition(False, text, basis, ground=ground)


# --- collectives --------------------------------------------------------------------------------

_SHARE_NEEDS = {"70": "từ 70% trở lên", "50+": "trên 50%", "100": "100%"}


def members_share(f: Facts, attr: str, label: str, need: str, basis: str) -> Condition:
    m = f.record.members if f.record is not None else None
    if m is None:
        return _no_members(f.year, basis)
    return _members_share(m.total, getattr(m, attr), label, need, basis)


@memo
def _members_share(total: int, part: int, label: str, need: str, basis: str) -> Condition:
    if total == 0:
        return Condition(False, "Tập thể không có thành viên nào", basis)
    if need == "70":
        ok = part * 10 >= total * 7
    elif need == "50+":
        ok = part * 2 > total
    else:
        ok = part == total
    return Condition(ok, f"Có {part}/{total} thành viên {label} ({fmt_percent(part, total)}; "
                         f"cần {_SHARE_NEEDS[need]})", basis)


def members_count(f: Facts, attr: str, basis: str) -> Condition:
    """`cstdcs`: at least one member; `disciplined`: none."""
    m = f.record.members if f.record is not None else None
    if m is None:
        return _no_members(f.year, basis)
    return _members_count(attr, getattr(m, attr), basis)


@memo
def _members_count(attr: str, n: int, basis: str) -> Condition:
    if attr == "cstdcs":
        if n:
            return Condition(True, f"Có {n} thành viên đạt CSTĐCS", basis)
        return Condition(False, "Không có thành viên nào đạt CSTĐCS", basis)
    if n:
        return Condition(False, f"Có {n} thành viên bị kỷ luật từ hình thức cảnh cáo trở lên",
                         basis)
    return Condition(True, "Không có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên", basis)


@memo
def _no_members(year: int, basis: str) -> Condition:
    return Condition(False, f"Thiếu số liệu thành viên năm {year}", basis)


def cluster_leader(f: Facts, basis: str) -> Condition:
    c = f.subject.cluster
    if c is None:
        return _cluster(f.year, None, False, False, basis)
    return _cluster(f.year, c.rank, c.province_run, True, basis)


@memo
def _cluster(year: int, rank: int | None, province_run: bool, known: bool, basis: str) -> Condition:
    if not known:
        return Condition(False, f"Không có thông tin cụm, khối thi đua năm {year}", basis)
    if not province_run:
        return Condition(False, "Cụm, khối thi đua không do UBND tỉnh tổ chức", basis)
    if rank is None:
        return Condition(False, f"Chưa có kết quả xếp hạng trong cụm, khối năm {year}", basis)
    if rank != 1:
        return Condition(False, f"Xếp hạng {rank} trong cụm, khối thi đua năm {year}; chỉ đơn vị "
                                "dẫn đầu (hạng 1) được đề nghị", basis)
    return Condition(True, f"Dẫn đầu (hạng 1) cụm, khối thi đua do tỉnh tổ chức năm {year}", basis)

