"""The eligibility engine: a table of cases taken from the law for every code in both eras,
boundary cases, and properties. Pure Python, no database."""

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules.eligibility import (
    APPLIES_TO,
    CODES,
    DEFAULT_CANDIDATES,
    RATING_RANK,
    ClusterInfo,
    DisciplinePeriod,
    Members,
    Options,
    Subject,
    YearRecord,
    decide,
    evaluate,
    evaluate_many,
    ruleset_for,
)
from thidua.rules.eligibility.model import Condition

# --- building subjects --------------------------------------------------------------------------


def rec(rating="HTTNV", titles=(), initiatives=(), members=None):
    return YearRecord(rating, frozenset(titles), tuple(initiatives), members)


def person(history=None, discipline=(), id="p"):
    return Subject(id, "individual", history or {}, tuple(discipline))


def unit(history=None, discipline=(), cluster=None, id="c"):
    return Subject(id, "collective", history or {}, tuple(discipline), cluster)


def years(first, last, rating="HTTNV", titles=(), initiatives=()):
    """The same record for every year from `first` to `last`."""
    return {y: rec(rating, titles, initiatives) for y in range(first, last + 1)}


def merge(*histories):
    """Later histories add titles and initiatives to, and replace the rating of, earlier ones."""
    out = {}
    for history in histories:
        for y, r in history.items():
            old = out.get(y)
            if old is None:
                out[y] = r
            else:
                out[y] = rec(r.rating or old.rating, old.titles | r.titles,
                             old.initiatives + r.initiatives, r.members or old.members)
    return out


def at(y, rating=None, titles=(), initiatives=()):
    return {y: rec(rating, titles, initiatives)}


def members(total=20, completed=20, ldtt=14, cstdcs=1, disciplined=0):
    return Members(total, completed, ldtt, cstdcs, disciplined)


def running(start):
    return DisciplinePeriod(dt.date.fromisoformat(start), None)


def period(start, end):
    return DisciplinePeriod(dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def texts(verdict):
    return "\n".join(c.text for c in verdict.conditions)


LDTT_CSTDCS = ("LDTT", "CSTDCS")
GOOD_UNIT_2025 = {2025: rec("HTXSNV", (), (), members())}

# --- the table: (id, subject, code, year, eligible, fragments expected in the texts) ---------------

CASES = [
    # LĐTT: Luật 2022 Đ24.1 / Luật 2003 Đ24 — rating from HTTNV up; spirit is judgment-only.
    ("ldtt-2022-httnv", person(at(2025, "HTTNV")), "LDTT", 2025, True, ["xếp loại HTTNV"]),
    ("ldtt-2022-htnv", person(at(2025, "HTNV")), "LDTT", 2025, False, ["chưa đạt từ HTTNV"]),
    ("ldtt-2022-unrated", person(at(2025, None)), "LDTT", 2025, False, ["chưa có xếp loại"]),
    ("ldtt-2022-no-record", person(at(2024, "HTTNV")), "LDTT", 2025, False,
     ["Không có dữ liệu năm 2025"]),
    ("ldtt-2022-6-months", person(at(2024, "HTXSNV")), "LDTT", 2024, True, ["dưới 6 tháng"]),
    ("ldtt-2013-httnv", person(at(2023, "HTTNV")), "LDTT", 2023, True, ["dưới 10 tháng"]),
    ("ldtt-2013-khtnv", person(at(2020, "KHTNV")), "LDTT", 2020, False, ["xếp loại KHTNV"]),

    # CSTĐCS: from 2024 HTXSNV alone is a ground (Luật 2022 Đ23); up to 2023 an initiative is
    # required (Luật 2003 Đ23, NĐ 91 Đ9.3).
    ("cstdcs-2022-htxsnv", person(at(2024, "HTXSNV", ["LDTT"])), "CSTDCS", 2024, True,
     ["Năm 2024 xếp loại HTXSNV"]),
    ("cstdcs-2013-htxsnv-alone", person(at(2023, "HTXSNV", ["LDTT"])), "CSTDCS", 2023, False,
     ["HTXSNV không thay được sáng kiến"]),
    ("cstdcs-2013-initiative", person(at(2023, "HTTNV", ["LDTT"], ["CO_SO"])), "CSTDCS", 2023,
     True, ["Có 1 sáng kiến được công nhận năm 2023"]),
    ("cstdcs-2022-initiative", person(at(2025, "HTTNV", ["LDTT"], ["TINH"])), "CSTDCS", 2025,
     True, ["Có 1 sáng kiến"]),
    ("cstdcs-2022-no-ldtt", person(at(2025, "HTXSNV")), "CSTDCS", 2025, False,
     ["Chưa đạt LĐTT năm 2025"]),
    ("cstdcs-2022-httnv-no-initiative", person(at(2025, "HTTNV", ["LDTT"])), "CSTDCS", 2025,
     False, ["Không có sáng kiến được công nhận năm 2025"]),

    # CSTĐ tỉnh: 3 consecutive CSTĐCS + initiative of provincial effect (Đ22, both laws).
    ("cstd-tinh-2022", person(merge(years(2023, 2025, "HTXSNV", LDTT_CSTDCS), at(2024, initiatives=["TINH"]))),
     "CSTD_TINH", 2025, True, ["Có 3/3 năm liên tục đạt CSTĐCS (2023, 2024, 2025)"]),
    ("cstd-tinh-streak-broken", person(merge(years(2024, 2025, "HTXSNV", LDTT_CSTDCS), at(2023, "HTXSNV", ["LDTT"]),
                                             at(2024, initiatives=["TINH"]))),
     "CSTD_TINH", 2025, False, ["Có 2/3 năm liên tục đạt CSTĐCS (2024, 2025); thiếu 2023"]),
    ("cstd-tinh-initiative-too-narrow", person(years(2023, 2025, "HTXSNV", LDTT_CSTDCS, ["CO_SO"])),
     "CSTD_TINH", 2025, False, ["Không có sáng kiến có phạm vi ảnh hưởng cấp tỉnh trở lên"]),
    ("cstd-tinh-national-initiative-is-wider", person(merge(years(2023, 2025, "HTTNV", LDTT_CSTDCS),
                                                            at(2023, initiatives=["TOAN_QUOC"]))),
     "CSTD_TINH", 2025, True, ["Có sáng kiến có phạm vi ảnh hưởng cấp tỉnh trở lên được công nhận (2023)"]),
    ("cstd-tinh-2013", person(merge(years(2019, 2021, "HTTNV", LDTT_CSTDCS, ["CO_SO"]), at(2020, initiatives=["TINH"]))),
     "CSTD_TINH", 2021, True, ["(2019, 2020, 2021)"]),
    ("cstd-tinh-blocks-do-not-overlap", person(merge(years(2021, 2025, "HTXSNV", LDTT_CSTDCS, ["TINH"]),
                                                     at(2023, titles=["CSTD_TINH"]))),
     "CSTD_TINH", 2025, False, ["đã được tính cho CSTĐ cấp tỉnh năm 2023"]),
    ("cstd-tinh-next-block", person(merge(years(2021, 2026, "HTXSNV", LDTT_CSTDCS, ["TINH"]),
                                          at(2023, titles=["CSTD_TINH"]))),
     "CSTD_TINH", 2026, True, ["(2024, 2025, 2026)"]),
    ("cstd-tinh-discipline-breaks-streak", person(years(2023, 2025, "HTXSNV", LDTT_CSTDCS, ["TINH"]),
                                                  [period("2024-02-01", "2024-08-01")]),
     "CSTD_TINH", 2025, False, ["năm 2024 có kỷ luật nên không được tính"]),

    # CSTĐ toàn quốc: 2 consecutive CSTĐ tỉnh + initiative of national effect (Đ21); NĐ 91: the
    # year after the second CSTĐ tỉnh.
    ("cstd-tq-2022-same-year", person(merge(years(2020, 2025, "HTXSNV", LDTT_CSTDCS),
                                            at(2022, titles=["CSTD_TINH"]), at(2025, titles=["CSTD_TINH"]),
                                            at(2024, initiatives=["TOAN_QUOC"]))),
     "CSTD_TQ", 2025, True, ["Có 2 lần liên tục đạt CSTĐ cấp tỉnh (2022, 2025)"]),
    ("cstd-tq-2022-year-after", person(merge(years(2019, 2024, "HTXSNV", LDTT_CSTDCS),
                                             at(2021, titles=["CSTD_TINH"]), at(2024, titles=["CSTD_TINH"]),
                                             at(2019, initiatives=["TOAN_QUOC"]))),
     "CSTD_TQ", 2025, True, ["(2021, 2024)"]),
    ("cstd-tq-2013-year-after", person(merge(at(2019, titles=["CSTD_TINH"]), at(2022, titles=["CSTD_TINH"]),
                                             at(2021, initiatives=["TOAN_QUOC"]), at(2023, "HTXSNV"))),
     "CSTD_TQ", 2023, True, ["(2019, 2022)"]),
    ("cstd-tq-2013-not-same-year", person(merge(at(2019, titles=["CSTD_TINH"]), at(2022, titles=["CSTD_TINH"]),
                                                at(2021, initiatives=["TOAN_QUOC"]))),
     "CSTD_TQ", 2022, False, ["năm xét là năm liền sau lần thứ hai"]),
    ("cstd-tq-not-consecutive", person(merge(at(2018, titles=["CSTD_TINH"]), at(2025, titles=["CSTD_TINH"]),
                                             at(2025, initiatives=["TOAN_QUOC"]))),
     "CSTD_TQ", 2025, False, ["không có lần đạt trong các năm 2022–2024 liền trước"]),
    ("cstd-tq-provincial-initiative-too-narrow", person(merge(at(2022, titles=["CSTD_TINH"]),
                                                              at(2025, titles=["CSTD_TINH"]),
                                                              at(2024, initiatives=["TINH"]))),
     "CSTD_TQ", 2025, False, ["Không có sáng kiến có phạm vi ảnh hưởng toàn quốc"]),

    # TTLĐTT: ≥70% LĐTT from 2024 (Luật 2022 Đ28.1), >50% before (Luật 2003 Đ28); nobody
    # disciplined at "cảnh cáo" or above in both.
    ("ttldtt-2022-70", unit({2025: rec("HTTNV", members=members(ldtt=14))}), "TTLDTT", 2025, True,
     ["14/20 thành viên đạt LĐTT (70%"]),
    ("ttldtt-2022-65", unit({2025: rec("HTTNV", members=members(ldtt=13))}), "TTLDTT", 2025, False,
     ["13/20 thành viên đạt LĐTT (65%; cần từ 70% trở lên)"]),
    ("ttldtt-2022-55", unit({2025: rec("HTTNV", members=members(ldtt=11))}), "TTLDTT", 2025, False,
     ["(55%"]),
    ("ttldtt-2013-55", unit({2023: rec("HTTNV", members=members(ldtt=11))}), "TTLDTT", 2023, True,
     ["(55%; cần trên 50%)"]),
    ("ttldtt-2013-exactly-half", unit({2023: rec("HTTNV", members=members(ldtt=10))}), "TTLDTT", 2023,
     False, ["10/20"]),
    ("ttldtt-2022-disciplined-member", unit({2025: rec("HTXSNV", members=members(ldtt=20, disciplined=1))}),
     "TTLDTT", 2025, False, ["Có 1 thành viên bị kỷ luật từ hình thức cảnh cáo trở lên"]),
    ("ttldtt-2013-disciplined-member", unit({2022: rec("HTXSNV", members=members(ldtt=20, disciplined=2))}),
     "TTLDTT", 2022, False, ["Có 2 thành viên bị kỷ luật"]),
    ("ttldtt-no-member-counts", unit({2025: rec("HTTNV")}), "TTLDTT", 2025, False,
     ["Thiếu số liệu thành viên năm 2025"]),
    ("ttldtt-rated-htnv", unit({2025: rec("HTNV", members=members())}), "TTLDTT", 2025, False,
     ["chưa đạt từ HTTNV"]),

    # TTLĐXS (Đ27): HTXSNV; 100% complete; ≥70% LĐTT; ≥1 CSTĐCS; nobody disciplined.
    ("ttldxs-2022", unit(GOOD_UNIT_2025), "TTLDXS", 2025, True, ["Có 1 thành viên đạt CSTĐCS"]),
    ("ttldxs-2013", unit({2023: rec("HTXSNV", members=members())}), "TTLDXS", 2023, True, ["20/20"]),
    ("ttldxs-one-not-completed", unit({2025: rec("HTXSNV", members=members(completed=19))}), "TTLDXS",
     2025, False, ["Có 19/20 thành viên hoàn thành nhiệm vụ (95%; cần 100%)"]),
    ("ttldxs-no-cstdcs", unit({2025: rec("HTXSNV", members=members(cstdcs=0))}), "TTLDXS", 2025, False,
     ["Không có thành viên nào đạt CSTĐCS"]),
    ("ttldxs-httnv", unit({2025: rec("HTTNV", members=members())}), "TTLDXS", 2025, False,
     ["chưa đạt HTXSNV"]),
    ("ttldxs-disciplined", unit({2025: rec("HTXSNV", members=members(disciplined=1))}), "TTLDXS", 2025,
     False, ["bị kỷ luật"]),
    ("ttldxs-2-in-3", unit({2025: rec("HTXSNV", members=members(total=3, completed=3, ldtt=2))}),
     "TTLDXS", 2025, False, ["2/3 thành viên đạt LĐTT (66,7%"]),

    # Cờ thi đua UBND tỉnh (Đ26): leader of a province-run cluster, HTXSNV.
    ("co-tinh-leader", unit(GOOD_UNIT_2025, cluster=ClusterInfo(1, True)), "CO_TINH", 2025, True,
     ["Dẫn đầu (hạng 1) cụm, khối thi đua do tỉnh tổ chức năm 2025"]),
    ("co-tinh-second", unit(GOOD_UNIT_2025, cluster=ClusterInfo(2, True)), "CO_TINH", 2025, False,
     ["Xếp hạng 2"]),
    ("co-tinh-not-province-run", unit(GOOD_UNIT_2025, cluster=ClusterInfo(1, False)), "CO_TINH", 2025,
     False, ["không do UBND tỉnh tổ chức"]),
    ("co-tinh-no-cluster", unit(GOOD_UNIT_2025), "CO_TINH", 2025, False,
     ["Không có thông tin cụm, khối thi đua năm 2025"]),
    ("co-tinh-unranked", unit(GOOD_UNIT_2025, cluster=ClusterInfo(None, True)), "CO_TINH", 2025, False,
     ["Chưa có kết quả xếp hạng"]),
    ("co-tinh-httnv", unit({2025: rec("HTTNV")}, cluster=ClusterInfo(1, True)), "CO_TINH", 2025, False,
     ["chưa đạt HTXSNV"]),
    ("co-tinh-2013", unit({2021: rec("HTXSNV")}, cluster=ClusterInfo(1, True)), "CO_TINH", 2021, True,
     ["Dẫn đầu"]),

    # Cờ thi đua Chính phủ (Đ25): chosen among the year's Cờ tỉnh holders.
    ("co-cp-2022", unit({2025: rec("HTXSNV", ["CO_TINH"])}), "CO_CP", 2025, True,
     ["Đã đạt Cờ thi đua của UBND tỉnh năm 2025"]),
    ("co-cp-2022-without-co-tinh", unit({2025: rec("HTXSNV")}), "CO_CP", 2025, False,
     ["Chưa đạt Cờ thi đua của UBND tỉnh năm 2025"]),
    ("co-cp-2013", unit({2020: rec("HTXSNV", ["CO_TINH"])}), "CO_CP", 2020, True, ["không quá 20%"]),

    # Giấy khen (Luật 2022 Đ75; NĐ 91 Đ40): HTTNV; the achievement itself is judgment-only.
    ("giay-khen-person", person(at(2025, "HTTNV")), "GIAY_KHEN", 2025, True, ["phong trào thi đua"]),
    ("giay-khen-person-htnv", person(at(2025, "HTNV")), "GIAY_KHEN", 2025, False, ["chưa đạt"]),
    ("giay-khen-unit", unit({2022: rec("HTTNV")}), "GIAY_KHEN", 2022, True, ["Nội bộ đoàn kết"]),

    # Bằng khen tỉnh, individual: from 2024 2× CSTĐCS or 2 years HTXSNV + 2 initiatives
    # (Luật 2022 Đ74.1); up to 2023 only the latter (NĐ 91 Đ39.1).
    ("bk-tinh-2022-two-cstdcs", person(years(2024, 2025, "HTTNV", LDTT_CSTDCS)), "BK_TINH", 2025, True,
     ["Có 2/2 năm liên tục đạt CSTĐCS (2024, 2025)"]),
    ("bk-tinh-2013-two-cstdcs-is-not-a-ground", person(years(2022, 2023, "HTTNV", LDTT_CSTDCS, ["CO_SO"])),
     "BK_TINH", 2023, False, ["Có 0/2 năm liên tục xếp loại HTXSNV"]),
    ("bk-tinh-bnv-worked-example", person(merge(at(2023, "HTXSNV", ["LDTT"], ["CO_SO"]),
                                                at(2024, "HTXSNV", LDTT_CSTDCS, ["CO_SO"]))),
     "BK_TINH", 2024, True, ["Có 2/2 sáng kiến phạm vi cơ sở trở lên được công nhận trong các năm 2023–2024"]),
    ("bk-tinh-one-initiative", person(merge(years(2024, 2025, "HTXSNV", ["LDTT"]), at(2025, initiatives=["CO_SO"]))),
     "BK_TINH", 2025, False, ["Có 1/2 sáng kiến"]),
    ("bk-tinh-2013-excellent-with-initiatives", person(years(2022, 2023, "HTXSNV", ["LDTT"], ["CO_SO"])),
     "BK_TINH", 2023, True, ["Có 2/2 năm liên tục xếp loại HTXSNV (2022, 2023)"]),
    ("bk-tinh-cstdcs-counted-once", person(merge(years(2023, 2025, "HTTNV", LDTT_CSTDCS), at(2024, titles=["BK_TINH"]))),
     "BK_TINH", 2025, False, ["đã được tính cho Bằng khen của Chủ tịch UBND tỉnh năm 2024"]),
    ("bk-tinh-new-pair", person(merge(years(2023, 2026, "HTTNV", LDTT_CSTDCS), at(2024, titles=["BK_TINH"]))),
     "BK_TINH", 2026, True, ["(2025, 2026)"]),

    # Bằng khen tỉnh, collective: 2 consecutive years HTXSNV or TTLĐXS (Đ74.2; NĐ 91 Đ39.2).
    ("bk-tinh-unit-mixed", unit(merge(at(2024, "HTXSNV"), at(2025, "HTTNV", ["TTLDXS"])).copy()),
     "BK_TINH", 2025, True, ["Có 2/2 năm liên tục xếp loại HTXSNV hoặc đạt TTLĐXS (2024, 2025)"]),
    ("bk-tinh-unit-one-year", unit({2024: rec("HTTNV"), 2025: rec("HTXSNV")}), "BK_TINH", 2025, False,
     ["thiếu 2024"]),

    # Bằng khen Thủ tướng, individual: holds Bằng khen tỉnh, then ≥5 years ≥HTTNV with 3×
    # CSTĐCS (Luật 2022 Đ73.1); NĐ 91 Đ38.1c: 5 years HTXSNV with 5 initiatives.
    ("bk-ttg-2022", person(merge(at(2020, "HTXSNV", ["BK_TINH"]), years(2021, 2025, "HTTNV", ["LDTT"]),
                                 at(2021, titles=["CSTDCS"]), at(2023, titles=["CSTDCS"]), at(2025, titles=["CSTDCS"]))),
     "BK_TTG", 2025, True, ["Đã được tặng Bằng khen của Chủ tịch UBND tỉnh (năm 2020)",
                            "Có 3/3 lần đạt CSTĐCS trong các năm 2021–2025 (2021, 2023, 2025)"]),
    ("bk-ttg-2022-award-too-recent", person(merge(at(2021, "HTXSNV", ["BK_TINH"]), years(2021, 2025, "HTTNV", LDTT_CSTDCS))),
     "BK_TTG", 2025, False, ["Chưa được tặng Bằng khen của Chủ tịch UBND tỉnh vào năm 2020 hoặc trước đó"]),
    ("bk-ttg-2022-two-cstdcs", person(merge(at(2020, "HTXSNV", ["BK_TINH"]), years(2021, 2025, "HTTNV", ["LDTT"]),
                                            at(2023, titles=["CSTDCS"]), at(2025, titles=["CSTDCS"]))),
     "BK_TTG", 2025, False, ["Có 2/3 lần đạt CSTĐCS"]),
    ("bk-ttg-2022-run-broken", person(merge(at(2020, "HTXSNV", ["BK_TINH"]), years(2021, 2025, "HTTNV", LDTT_CSTDCS),
                                            at(2023, "HTNV"))),
     "BK_TTG", 2025, False, ["Có 2/5 năm liên tục xếp loại từ HTTNV trở lên (2024, 2025); thiếu 2023"]),
    ("bk-ttg-2013", person(merge(at(2017, "HTXSNV", ["BK_TINH"]), years(2018, 2022, "HTXSNV", ["LDTT"], ["CO_SO"]))),
     "BK_TTG", 2022, True, ["Có 5/5 sáng kiến"]),
    ("bk-ttg-2013-httnv-is-not-enough", person(merge(at(2017, "HTXSNV", ["BK_TINH"]),
                                                     years(2018, 2022, "HTTNV", LDTT_CSTDCS, ["CO_SO"]))),
     "BK_TTG", 2022, False, ["Có 0/5 năm liên tục xếp loại HTXSNV"]),

    # HCLĐ hạng Ba, individual: holds Bằng khen Thủ tướng, then ≥5 years ≥HTTNV with an HTXSNV
    # year and 3× CSTĐCS (Luật 2022 Đ44); NĐ 91 Đ24: 5 years HTXSNV + 2 provincial initiatives.
    ("hcld3-2022", person(merge(at(2019, "HTXSNV", ["BK_TTG"]), years(2020, 2025, "HTTNV", LDTT_CSTDCS),
                                at(2022, "HTXSNV"))),
     "HCLD3", 2025, True, ["Có năm xếp loại HTXSNV trong các năm 2020–2025 (2022)"]),
    ("hcld3-2022-no-htxsnv", person(merge(at(2019, "HTXSNV", ["BK_TTG"]), years(2020, 2025, "HTTNV", LDTT_CSTDCS))),
     "HCLD3", 2025, False, ["Không có năm nào xếp loại HTXSNV trong các năm 2020–2025"]),
    ("hcld3-2013", person(merge(at(2016, "HTXSNV", ["BK_TTG"]), years(2017, 2021, "HTXSNV", ["LDTT"]),
                                at(2018, initiatives=["TINH"]), at(2020, initiatives=["TOAN_QUOC"]))),
     "HCLD3", 2021, True, ["Có 2/2 sáng kiến có phạm vi ảnh hưởng cấp tỉnh trở lên"]),
    ("hcld3-2013-unit-level-initiatives", person(merge(at(2016, "HTXSNV", ["BK_TTG"]),
                                                       years(2017, 2021, "HTXSNV", ["LDTT"], ["CO_SO"]))),
     "HCLD3", 2021, False, ["Có 0/2 sáng kiến có phạm vi ảnh hưởng cấp tỉnh trở lên"]),

    # Collective Bằng khen Thủ tướng and HCLĐ III: UNCERTAIN standards, mirrored and flagged.
    ("bk-ttg-unit", unit(merge(at(2020, "HTXSNV", ["BK_TINH"]), years(2021, 2025, "HTXSNV"))),
     "BK_TTG", 2025, True, ["chưa được đối chiếu với văn bản gốc"]),
    ("hcld3-unit", unit(merge(at(2020, "HTXSNV", ["BK_TTG"]), years(2021, 2025, "HTTNV", ["TTLDXS"]))),
     "HCLD3", 2025, True, ["(2021–2025)"]),
]


@pytest.mark.parametrize(
    "subject, code, year, eligible, fragments",
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_the_law_table(subject, code, year, eligible, fragments):
    verdict = evaluate(subject, code, year)
    assert verdict.eligible is eligible, texts(verdict)
    assert verdict.ruleset == ("2013/ND91" if year <= 2023 else "2022/ND98" if year == 2024
                               else "2022/ND152")
    for fragment in fragments:
        assert fragment in texts(verdict), texts(verdict)
    for condition in verdict.conditions:
        assert condition.basis and condition.text
        assert condition.needs_review is (condition.ok is None)


def test_every_code_in_both_eras_is_in_the_table():
    covered = {(case[2], case[3] <= 2023) for case in CASES}
    for code in CODES:
        for old in (True, False):
            assert (code, old) in covered, (code, "2013" if old else "2022")


# --- bases cited ------------------------------------------------------------------------------

@pytest.mark.parametrize("code, year, basis", [
    ("CSTDCS", 2025, "Luật TĐKT 2022, Điều 23"),
    ("CSTDCS", 2023, "Luật TĐKT 2003 (sửa đổi 2013), Điều 23; NĐ 91/2017/NĐ-CP, Điều 9, khoản 3"),
    ("CSTD_TINH", 2025, "Luật TĐKT 2022, Điều 22"),
    ("CSTD_TQ", 2025, "Luật TĐKT 2022, Điều 21"),
    ("TTLDTT", 2025, "Luật TĐKT 2022, Điều 28, khoản 1"),
    ("TTLDTT", 2023, "Luật TĐKT 2003 (sửa đổi 2013), Điều 28"),
    ("BK_TINH", 2025, "Luật TĐKT 2022, Điều 74, khoản 1"),
    ("BK_TINH", 2023, "NĐ 91/2017/NĐ-CP, Điều 39, khoản 1"),
    ("BK_TTG", 2023, "NĐ 91/2017/NĐ-CP, Điều 38, khoản 1, điểm c"),
    ("HCLD3", 2024, "Luật TĐKT 2022, Điều 44; NĐ 98/2023/NĐ-CP"),
    ("HCLD3", 2025, "Luật TĐKT 2022, Điều 44; NĐ 152/2025/NĐ-CP"),
])
def test_conditions_cite_the_article_of_their_era(code, year, basis):
    subject = person(at(year, "HTTNV")) if "individual" in APPLIES_TO[code] else unit(at(year, "HTTNV"))
    verdict = evaluate(subject, code, year)
    assert basis in {c.basis for c in verdict.conditions[1:]}


def test_rule_sets_follow_the_year():
    assert [ruleset_for(y).id for y in (2010, 2017, 2023, 2024, 2025, 2030)] == [
        "2013/ND91", "2013/ND91", "2013/ND91", "2022/ND98", "2022/ND152", "2022/ND152"]


# --- discipline ---------------------------------------------------------------------------------

EXCELLENT_2025 = merge(years(2023, 2025, "HTXSNV", LDTT_CSTDCS, ["TINH"]))


@pytest.mark.parametrize("discipline, blocked", [
    pytest.param([running("2025-03-01")], True, id="still-running"),
    pytest.param([running("2022-03-01")], True, id="running-since-earlier-years"),
    pytest.param([period("2025-01-10", "2025-06-30")], True, id="within-the-year"),
    pytest.param([period("2024-06-01", "2025-01-01")], True, id="ends-on-new-year-day"),
    pytest.param([period("2024-06-01", "2024-12-31")], False, id="ended-before-the-year"),
    pytest.param([running("2026-01-05")], False, id="starts-after-the-year"),
])
def test_discipline_in_the_year_blocks_every_code(discipline, blocked):
    subject = person(EXCELLENT_2025, discipline)
    for verdict in evaluate_many([subject], None, 2025):
        head = verdict.conditions[0]
        assert head.ok is not blocked
        if blocked:
            assert not verdict.eligible and not verdict.needs_review
            assert head.text.startswith("Đang trong thời gian kỷ luật trong năm 2025")
        else:
            assert head.text == "Không bị kỷ luật trong năm 2025"


def test_running_discipline_is_named_with_its_dates():
    verdict = evaluate(person(EXCELLENT_2025, [running("2025-03-01")]), "CSTDCS", 2025)
    assert verdict.conditions[0].text == ("Đang trong thời gian kỷ luật trong năm 2025 (từ "
                                          "01/03/2025, chưa kết thúc): không xét khen thưởng cho "
                                          "năm này")
    assert "Luật TĐKT 2022, Điều 5" in verdict.conditions[0].basis


def test_discipline_of_a_collective_blocks_it_too():
    verdict = evaluate(unit(GOOD_UNIT_2025, [running("2025-05-01")]), "TTLDXS", 2025)
    assert not verdict.eligible and verdict.conditions[0].ok is False


def test_achievements_count_again_after_the_discipline_year():
    subject = person(merge(years(2022, 2026, "HTXSNV", LDTT_CSTDCS, ["TINH"])),
                     [period("2023-03-01", "2023-09-30")])
    assert not evaluate(subject, "CSTD_TINH", 2025).eligible
    assert evaluate(subject, "CSTD_TINH", 2026).eligible


def test_results_after_the_year_are_ignored():
    subject = person(merge(years(2024, 2026, "HTXSNV", LDTT_CSTDCS)))
    assert "thiếu 2023" in texts(evaluate(subject, "CSTD_TINH", 2025))


def test_reuse_of_a_year_is_a_setting():
    subject = person(merge(years(2021, 2025, "HTXSNV", LDTT_CSTDCS, ["TINH"]), at(2023, titles=["CSTD_TINH"])))
    assert not evaluate(subject, "CSTD_TINH", 2025).eligible
    assert evaluate(subject, "CSTD_TINH", 2025, options=Options(count_achievement_once=False)).eligible


# --- kinds, codes, verdict shape ----------------------------------------------------------------

def test_a_code_of_the_other_kind_gets_one_failing_condition():
    verdict = evaluate(person(at(2025, "HTXSNV")), "CO_TINH", 2025)
    assert not verdict.eligible and not verdict.needs_review
    assert [c.text for c in verdict.conditions] == [
        "Cờ thi đua của UBND tỉnh chỉ xét cho tập thể, không xét cho cá nhân"]
    verdict = evaluate(unit(GOOD_UNIT_2025), "CSTDCS", 2025)
    assert verdict.conditions[0].text == "CSTĐCS chỉ xét cho cá nhân, không xét cho tập thể"


def test_unknown_code_is_refused():
    with pytest.raises(ValueError, match="ABC"):
        evaluate(person(), "ABC", 2025)
    with pytest.raises(ValueError, match="ABC"):
        evaluate_many([person()], ["LDTT", "ABC"], 2025)


def test_evaluate_many_orders_by_subject_then_candidate_and_defaults_by_kind():
    subjects = [person(at(2025, "HTTNV"), id="a"), unit(GOOD_UNIT_2025, id="b")]
    verdicts = evaluate_many(subjects, None, 2025)
    assert [(v.subject, v.candidate) for v in verdicts] == (
        [("a", code) for code in DEFAULT_CANDIDATES["individual"]]
        + [("b", code) for code in DEFAULT_CANDIDATES["collective"]])
    assert DEFAULT_CANDIDATES["individual"] == (
        "LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "GIAY_KHEN", "BK_TINH", "BK_TTG", "HCLD3")
    assert DEFAULT_CANDIDATES["collective"] == (
        "TTLDTT", "TTLDXS", "CO_TINH", "CO_CP", "GIAY_KHEN", "BK_TINH", "BK_TTG", "HCLD3")
    explicit = evaluate_many(subjects, ["BK_TINH", "LDTT"], 2025)
    assert [(v.subject, v.candidate) for v in explicit] == [
        ("a", "BK_TINH"), ("a", "LDTT"), ("b", "BK_TINH"), ("b", "LDTT")]


def test_needs_review_only_when_a_person_still_decides():
    # CSTĐCS on HTXSNV: the record decides everything.
    verdict = evaluate(person(at(2025, "HTXSNV", ["LDTT"])), "CSTDCS", 2025)
    assert verdict.eligible and not verdict.needs_review
    # LĐTT: eligible on the record, the spirit criterion is a person's call.
    verdict = evaluate(person(at(2025, "HTTNV")), "LDTT", 2025)
    assert verdict.eligible and verdict.needs_review
    # CSTĐCS before 2024 without an initiative: an accepted research project could still qualify.
    verdict = evaluate(person(at(2023, "HTXSNV", ["LDTT"])), "CSTDCS", 2023)
    assert not verdict.eligible and verdict.needs_review
    # A failing requirement settles it.
    verdict = evaluate(person(at(2025, "HTXSNV")), "CSTDCS", 2025)
    assert not verdict.eligible and not verdict.needs_review


@pytest.mark.parametrize("flags, expected", [
    ([(True, 0)], (True, False)),
    ([(True, 0), (None, 0)], (True, True)),
    ([(False, 0), (None, 0), (True, 1)], (False, False)),
    ([(True, 0), (False, 1), (True, 2)], (True, False)),
    ([(True, 0), (False, 1), (None, 2)], (False, True)),
    ([(True, 0), (False, 1), (False, 2)], (False, False)),
    ([(True, 0), (True, 1), (None, 1)], (True, True)),
    ([(True, 0), (True, 1), (None, 1), (True, 2)], (True, False)),
    ([(True, 0), (None, 1), (None, 2)], (True, True)),
])
def test_decide(flags, expected):
    conditions = [Condition(ok, "x", "y", ok is None, g) for ok, g in flags]
    assert decide(conditions) == expected


def test_verdicts_and_conditions_are_immutable():
    verdict = evaluate(person(at(2025, "HTTNV")), "LDTT", 2025)
    with pytest.raises(AttributeError):
        verdict.eligible = False
    with pytest.raises(AttributeError):
        verdict.conditions[0].ok = False
    record = rec()
    with pytest.raises(AttributeError):
        record.rating = "HTXSNV"


def test_model_refuses_bad_values():
    with pytest.raises(ValueError):
        YearRecord("ABC")
    with pytest.raises(ValueError):
        YearRecord("HTTNV", frozenset({"XYZ"}))
    with pytest.raises(ValueError):
        YearRecord("HTTNV", frozenset(), ("HUYEN",))
    with pytest.raises(ValueError):
        Members(10, 11, 0, 0, 0)
    with pytest.raises(ValueError):
        period("2025-03-01", "2025-02-01")
    with pytest.raises(ValueError):
        Subject("x", "robot")


# --- properties ----------------------------------------------------------------------------------

YEAR = 2025
RATINGS = [None, *RATING_RANK]


@st.composite
def subjects(draw, kind=None, min_discipline=0, counted_year=None):
    """Random subjects around YEAR; `counted_year` forces a collective's member counts there."""
    kind = kind or draw(st.sampled_from(["individual", "collective"]))
    codes = sorted(c for c in CODES if kind in APPLIES_TO[c])
    history = {}
    chosen = draw(st.sets(st.integers(YEAR - 8, YEAR), max_size=9))
    if counted_year is not None:
        chosen.add(counted_year)
    for y in chosen:
        m = None
        if kind == "collective" and (y == counted_year or draw(st.booleans())):
            total = draw(st.integers(1, 30))
            m = Members(total, draw(st.integers(0, total)), draw(st.integers(0, total)),
                        draw(st.integers(0, total)), draw(st.integers(0, min(2, total))))
        history[y] = YearRecord(
            draw(st.sampled_from(RATINGS)),
            frozenset(draw(st.sets(st.sampled_from(codes), max_size=4))),
            tuple(draw(st.lists(st.sampled_from(["CO_SO", "TINH", "TOAN_QUOC"]), max_size=3))),
            m,
        )
    discipline = []
    for _ in range(draw(st.integers(min_discipline, 2))):
        start = dt.date(YEAR - 8, 1, 1) + dt.timedelta(days=draw(st.integers(0, 9 * 365)))
        end = None if draw(st.booleans()) else start + dt.timedelta(days=draw(st.integers(0, 500)))
        discipline.append(DisciplinePeriod(start, end))
    cluster = None
    if kind == "collective" and draw(st.booleans()):
        cluster = ClusterInfo(draw(st.none() | st.integers(1, 5)), draw(st.booleans()))
    return Subject("s", kind, history, tuple(discipline), cluster)


def eligible_codes(subject, year=YEAR, options=Options()):
    return {v.candidate for v in evaluate_many([subject], None, year, options=options) if v.eligible}


PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def replaced(subject, **changes):
    fields = {"id": subject.id, "kind": subject.kind, "history": dict(subject.history),
              "discipline": subject.discipline, "cluster": subject.cluster}
    fields.update(changes)
    return Subject(**fields)


@PROPERTY
@given(subjects(), st.data())
def test_adding_a_title_never_costs_another_form(subject, data):
    codes = sorted(c for c in CODES if subject.kind in APPLIES_TO[c])
    y = data.draw(st.integers(YEAR - 8, YEAR))
    title = data.draw(st.sampled_from(codes))
    history = dict(subject.history)
    old = history.get(y, YearRecord(None))
    history[y] = YearRecord(old.rating, old.titles | {title}, old.initiatives, old.members)
    before = eligible_codes(subject)
    after = eligible_codes(replaced(subject, history=history))
    # A title of the candidate's own form may mark years as already used (Options), so it is
    # the one exception.
    assert before - {title} <= after


@PROPERTY
@given(subjects(), st.data())
def test_a_better_rating_or_another_initiative_never_costs_eligibility(subject, data):
    y = data.draw(st.integers(YEAR - 8, YEAR))
    history = dict(subject.history)
    old = history.get(y, YearRecord(None))
    better = [r for r in RATINGS[1:] if old.rating is None or RATING_RANK[r] >= RATING_RANK[old.rating]]
    rating = data.draw(st.sampled_from(better))
    scope = data.draw(st.sampled_from(["CO_SO", "TINH", "TOAN_QUOC"]))
    history[y] = YearRecord(rating, old.titles, old.initiatives + (scope,), old.members)
    assert eligible_codes(subject) <= eligible_codes(replaced(subject, history=history))


@PROPERTY
@given(subjects(min_discipline=1), st.data())
def test_removing_discipline_never_makes_a_subject_ineligible(subject, data):
    kept = data.draw(st.lists(st.sampled_from(subject.discipline), unique=True,
                              max_size=len(subject.discipline) - 1))
    assert eligible_codes(subject) <= eligible_codes(replaced(subject, discipline=tuple(kept)))


@PROPERTY
@given(subjects("collective", counted_year=YEAR), st.data())
def test_better_member_counts_never_cost_eligibility(subject, data):
    y = YEAR
    old = subject.history[y]
    m = old.members
    better = Members(m.total, data.draw(st.integers(m.completed, m.total)),
                     data.draw(st.integers(m.ldtt, m.total)), data.draw(st.integers(m.cstdcs, m.total)),
                     data.draw(st.integers(0, m.disciplined)))
    history = dict(subject.history)
    history[y] = YearRecord(old.rating, old.titles, old.initiatives, better)
    assert eligible_codes(subject) <= eligible_codes(replaced(subject, history=history))


@settings(max_examples=100, deadline=None)
@given(st.lists(subjects(), min_size=1, max_size=3), st.permutations(CODES),
       st.integers(2016, 2027))
def test_evaluation_is_deterministic_and_independent_of_candidate_order(people, order, year):
    people = [replaced(s, id=f"s{i}") for i, s in enumerate(people)]
    forward = evaluate_many(people, list(CODES), year)
    shuffled = evaluate_many(people, list(order), year)
    assert sorted(forward) == sorted(shuffled)
    assert forward == evaluate_many(people, list(CODES), year)
    singles = [evaluate(s, code, year) for s, code in itertools.product(people, CODES)]
    assert singles == forward


@PROPERTY
@given(subjects(), st.sampled_from(CODES), st.integers(2016, 2027))
def test_verdict_invariants(subject, code, year):
    verdict = evaluate(subject, code, year)
    required = [c for c in verdict.conditions if c.ground == 0]
    if verdict.eligible:
        assert all(c.ok is not False for c in required)
    if any(c.ok is False for c in required):
        assert not verdict.eligible and not verdict.needs_review
    assert verdict.ruleset == ruleset_for(year).id
    for c in verdict.conditions:
        assert c.needs_review is (c.ok is None)
        assert c.text == c.text.strip() and "  " not in c.text
