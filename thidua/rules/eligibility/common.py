"""Rules whose machine-checkable shape is the same under the 2013 and the 2022 law.

Every rule is written as a builder: given a rule set's citations (`b`, key -> legal basis) it
returns the function that judges one subject. Conditions that never vary (the judgment-only
ones) are made once when the rule set is built, so the per-subject function only reads bits.
One builder serves both eras when only the cited articles differ; rules that changed live in
law2013.py and law2022.py.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import NamedTuple

from .conditions import (
    after_award,
    cluster_leader,
    fmt_span,
    initiative_in_window,
    judgment,
    members_count,
    members_share,
    memo,
    rating,
    streak,
    title_this_year,
)
from .facts import FAR, Facts, highest, window
from .model import HTTNV, HTXSNV, INDIVIDUAL, LABELS, Condition

Basis = Mapping[str, str]
Rule = Callable[[Facts], list[Condition]]

# A CSTĐ tỉnh block is 3 CSTĐCS years, so two awards are "consecutive" when the later one comes
# at most 3 years after the earlier (back-to-back blocks, or closer when blocks may overlap).
_BLOCK = 3


def cstd_tinh(b: Basis) -> Rule:
    basis = b["CSTD_TINH"]
    chosen = judgment("Có thành tích xuất sắc tiêu biểu, được lựa chọn trong số cá nhân 3 lần liên "
                      "tục đạt CSTĐCS", basis)
    project = judgment("Có đề tài khoa học, đề án khoa học, công trình khoa học và công nghệ đã "
                       "nghiệm thu, áp dụng hiệu quả, có phạm vi ảnh hưởng trong tỉnh", basis, 2)

    def rule(f: Facts) -> list[Condition]:
        run, _ = streak(f, f.titles.get("CSTDCS", 0), 3, "đạt CSTĐCS", basis,
                        bound=f.prior_award("CSTD_TINH"), bound_code="CSTD_TINH")
        # The Chủ tịch UBND tỉnh recognises the provincial effect; the record carries its scope.
        return [run, chosen, initiative_in_window(f, "TINH", f.year - 2, basis, 1), project]

    return rule


def cstd_tq(b: Basis, lags: tuple[int, ...]) -> Rule:
    """`lags`: how many years after the second CSTĐ tỉnh the national title may be considered."""
    basis = b["CSTD_TQ"]
    lags = tuple(sorted(lags))
    chosen = judgment("Có thành tích xuất sắc tiêu biểu, được lựa chọn trong số cá nhân 2 lần liên "
                      "tục đạt CSTĐ cấp tỉnh", basis)
    project = judgment("Có đề tài khoa học, đề án khoa học, công trình khoa học và công nghệ đã "
                       "nghiệm thu, áp dụng hiệu quả, có phạm vi ảnh hưởng trong toàn quốc",
                       basis, 2)

    def rule(f: Facts) -> list[Condition]:
        tinh = f.titles.get("CSTD_TINH", 0)
        q = f.prior_award("CSTD_TQ")
        usable = tinh & window(q)
        best: tuple[int, int] | None = None  # (earlier, later) offsets; the widest window wins
        latest = -1
        for lag in lags:
            if usable >> lag & 1:
                if latest < 0:
                    latest = lag
                earlier = usable & ~window(lag + 1) & window(lag + 1 + _BLOCK)
                if earlier and (best is None or highest(earlier) > best[0]):
                    best = (highest(earlier), lag)
        year = f.year
        spent_until = 0
        if best is None and latest >= 0 and q < FAR:
            before = window(latest + 1 + _BLOCK) & ~window(latest + 1)
            if tinh & before & ~window(q):
                spent_until = year - q
        pair = _tq_pair(year, lags, (year - best[0], year - best[1]) if best else None,
                        year - latest if latest >= 0 else 0, spent_until, basis)
        first = year - best[0] - (_BLOCK - 1) if best else year - 2 * _BLOCK + 1
        return [pair, chosen, initiative_in_window(f, "TOAN_QUOC", first, basis, 1), project]

    return rule


@memo
def _tq_pair(year: int, lags: tuple[int, ...], pair: tuple[int, int] | None, latest: int,
             spent_until: int, basis: str) -> Condition:
    label = LABELS["CSTD_TINH"]
    if pair:
        return Condition(True, f"Có 2 lần liên tục đạt {label} ({pair[0]}, {pair[1]})", basis)
    if not latest:
        when = " hoặc ".join(str(year - lag) for lag in lags)
        timing = ("năm xét là năm liền sau lần thứ hai" if lags == (1,)
                  else "lần thứ hai phải vào năm xét hoặc năm liền trước")
        return Condition(False, f"Không đạt {label} năm {when} ({timing})", basis)
    text = (f"Có 1/2 lần liên tục đạt {label} ({latest}); không có lần đạt trong các năm "
            f"{fmt_span(latest - _BLOCK, latest - 1)} liền trước")
    if spent_until:
        text += (f"; thành tích đến năm {spent_until} đã được tính cho {LABELS['CSTD_TQ']} "
                 f"năm {spent_until}")
    return Condition(False, text, basis)


def ttldtt(b: Basis, ldtt_share: str) -> Rule:
    """TTLĐTT: the share of members with LĐTT changed between the laws (above 50%, then ≥70%)."""
    basis = b["TTLDTT"]
    movement = judgment("Có phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội bộ đoàn "
                        "kết, chấp hành tốt chủ trương, chính sách, pháp luật", basis)

    def rule(f: Facts) -> list[Condition]:
        return [
            rating(f, HTTNV, basis),
            members_share(f, "ldtt", "đạt LĐTT", ldtt_share, basis),
            members_count(f, "disciplined", basis),
            movement,
        ]

    return rule


def ttldxs(b: Basis) -> Rule:
    basis = b["TTLDXS"]
    discipline_basis = b["TTLDXS.discipline"]
    movement = judgment("Có phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội bộ đoàn "
                        "kết, gương mẫu chấp hành chủ trương, chính sách, pháp luật", basis)

    def rule(f: Facts) -> list[Condition]:
        return [
            rating(f, HTXSNV, basis),
            members_share(f, "completed", "hoàn thành nhiệm vụ", "100", basis),
            members_share(f, "ldtt", "đạt LĐTT", "70", basis),
            members_count(f, "cstdcs", basis),
            members_count(f, "disciplined", discipline_basis),
            movement,
        ]

    return rule


def co_tinh(b: Basis) -> Rule:
    basis = b["CO_TINH"]
    typical = judgment("Hoàn thành vượt mức các chỉ tiêu thi đua và nhiệm vụ được giao, là tập thể "
                       "tiêu biểu xuất sắc của tỉnh; tổ chức đảng, đoàn thể hoàn thành xuất sắc "
                       "nhiệm vụ; thực hành tiết kiệm, chống lãng phí, tham nhũng", basis)

    def rule(f: Facts) -> list[Condition]:
        # "Hoàn thành vượt mức các chỉ tiêu": the record's nearest proxy is the top rating.
        return [cluster_leader(f, basis), rating(f, HTXSNV, basis), typical]

    return rule


def co_cp(b: Basis, selection: str, other: str) -> Rule:
    basis = b["CO_CP"]
    selected = judgment(selection, basis)
    tail = [judgment(other, basis, 2)] if other else []

    def rule(f: Facts) -> list[Condition]:
        return [rating(f, HTXSNV, basis), selected, title_this_year(f, "CO_TINH", basis, 1), *tail]

    return rule


def giay_khen(b: Basis) -> Rule:
    basis = b["GIAY_KHEN"]
    person = judgment("Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
                      "nước", basis)
    unit = judgment("Nội bộ đoàn kết, gương mẫu chấp hành chủ trương, chính sách, pháp luật", basis)
    grounds = [
        judgment("Có thành tích được bình xét trong phong trào thi đua", basis, 1),
        judgment("Lập được nhiều thành tích có phạm vi ảnh hưởng trong lĩnh vực của cơ quan, đơn "
                 "vị, hoặc lập được thành tích đột xuất", basis, 2),
    ]

    def rule(f: Facts) -> list[Condition]:
        return [rating(f, HTTNV, basis), person if f.kind == INDIVIDUAL else unit, *grounds]

    return rule


def bk_tinh_collective(b: Basis) -> Rule:
    basis = b["BK_TINH.collective"]
    democracy = judgment("Thực hiện tốt quy chế dân chủ ở cơ sở, chăm lo đời sống cán bộ, thực "
                         "hành tiết kiệm, chống lãng phí; nội bộ đoàn kết", basis, 1)
    others = [
        judgment("Có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động",
                 basis, 2),
        judgment("Lập được thành tích đột xuất hoặc nhiều thành tích có phạm vi ảnh hưởng trong "
                 "tỉnh", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        excellent = f.rated_htxsnv | f.titles.get("TTLDXS", 0)
        run, _ = streak(f, excellent, 2, "xếp loại HTXSNV hoặc đạt TTLĐXS", basis, ground=1,
                        bound=f.prior_award("BK_TINH"), bound_code="BK_TINH")
        return [run, democracy, *others]

    return rule


def bk_ttg_collective(b: Basis) -> Rule:
    # domain.md: the collective standard was not retrieved; the reading below mirrors the
    # individual one ("holds Bằng khen tỉnh, then 5 consecutive excellent years") and says so.
    basis = b["BK_TTG.collective"]
    unverified = judgment("Tiêu chuẩn Bằng khen của Thủ tướng Chính phủ cho tập thể chưa được đối "
                          "chiếu với văn bản gốc; cần kiểm tra trước khi đề nghị", basis, 1)
    others = [
        judgment("Có thành tích xuất sắc tiêu biểu trong phong trào thi đua theo chuyên đề do Thủ "
                 "tướng Chính phủ phát động", basis, 2),
        judgment("Lập được thành tích đột xuất có phạm vi ảnh hưởng trong tỉnh, ngành", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        conds, _ = after_award(f, "BK_TINH", 5, f.rated_htxsnv | f.titles.get("TTLDXS", 0),
                               "xếp loại HTXSNV hoặc đạt TTLĐXS", "BK_TTG", basis, 1)
        return [*conds, unverified, *others]

    return rule


def hcld3_collective(b: Basis) -> Rule:
    # domain.md gives no collective standard; mirror the individual shape and flag it.
    basis = b["HCLD3.collective"]
    unverified = judgment("Tiêu chuẩn Huân chương Lao động hạng Ba cho tập thể chưa được đối chiếu "
                          "với văn bản gốc; cần kiểm tra trước khi đề nghị", basis, 1)
    sudden = judgment("Lập được thành tích đột xuất đặc biệt xuất sắc", basis, 2)

    def rule(f: Facts) -> list[Condition]:
        conds, _ = after_award(f, "BK_TTG", 5, f.rated_htxsnv | f.titles.get("TTLDXS", 0),
                               "xếp loại HTXSNV hoặc đạt TTLĐXS", "HCLD3", basis, 1)
        return [*conds, unverified, sudden]

    return rule


class ByKind(NamedTuple):
    """One code, two standards (Bằng khen, Huân chương): the rule for each kind of subject."""

    individual: Rule
    collective: Rule
