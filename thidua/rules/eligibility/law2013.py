"""The Law on Emulation and Commendation 2003 (amended 2013) with Decree 91/2017: years up to 2023.

Decree 91/2017 expired on 01/01/2024; a year's awards are judged by the rules in force in that
year (domain.md §3a).
"""

from __future__ import annotations

from . import common
from .common import Basis, Rule
from .conditions import (
    after_award,
    initiative_this_year,
    initiatives_counted,
    judgment,
    rating,
    streak,
    title_this_year,
)
from .facts import Facts
from .model import HTTNV, Condition

LAW = "Luật TĐKT 2003 (sửa đổi 2013)"
DECREE = "NĐ 91/2017/NĐ-CP"

BASIS: Basis = {
    "discipline": f"{LAW}; {DECREE} và hướng dẫn của Bộ Nội vụ (không xét khen thưởng trong thời "
                  "gian bị kỷ luật)",
    "LDTT": f"{LAW}, Điều 24",
    "LDTT.tenure": f"Hướng dẫn thi hành {DECREE} của Bộ Nội vụ",
    "CSTDCS": f"{LAW}, Điều 23; {DECREE}, Điều 9, khoản 3",
    "CSTD_TINH": f"{LAW}, Điều 22; {DECREE}, Điều 9",
    "CSTD_TQ": f"{LAW}, Điều 21; {DECREE}, Điều 9",
    "TTLDTT": f"{LAW}, Điều 28",
    "TTLDXS": f"{LAW}, Điều 27",
    "TTLDXS.discipline": f"{LAW}, Điều 27",
    "CO_TINH": f"{LAW}, Điều 26; {DECREE}",
    "CO_CP": f"{LAW}, Điều 25; {DECREE}, Điều 11, khoản 1",
    "GIAY_KHEN": f"{LAW}; {DECREE}, Điều 40",
    "BK_TINH": f"{DECREE}, Điều 39, khoản 1",
    "BK_TINH.collective": f"{DECREE}, Điều 39, khoản 2",
    "BK_TTG": f"{DECREE}, Điều 38, khoản 1, điểm c",
    "BK_TTG.collective": f"{DECREE}, Điều 38, khoản 2 (tiêu chuẩn cho tập thể chưa xác minh)",
    "HCLD3": f"{DECREE}, Điều 24",
    "HCLD3.collective": f"{DECREE}, Điều 24 (tiêu chuẩn cho tập thể chưa xác minh)",
}


def ldtt(b: Basis) -> Rule:
    basis = b["LDTT"]
    conduct = judgment("Chấp hành tốt chủ trương, chính sách, pháp luật; tích cực học tập chính "
                       "trị, văn hóa, chuyên môn, nghiệp vụ; có đạo đức, lối sống lành mạnh", basis)
    tenure = judgment("Không phải người mới tuyển dụng dưới 10 tháng", b["LDTT.tenure"])

    def rule(f: Facts) -> list[Condition]:
        return [rating(f, HTTNV, basis), conduct, tenure]

    return rule


def cstdcs(b: Basis) -> Rule:
    # Before 2024 an initiative (or an applied research project) was required: HTXSNV alone
    # was not a ground, and the unit's CSTĐCS were capped at 15% of its LĐTT.
    basis = b["CSTDCS"]
    quota = judgment("Nằm trong tỷ lệ không quá 15% số cá nhân đạt LĐTT của đơn vị", basis)
    project = judgment("Có đề tài nghiên cứu khoa học đã nghiệm thu, được áp dụng tại cơ quan, đơn "
                       "vị", basis, 2)
    note = " (trước năm 2024, xếp loại HTXSNV không thay được sáng kiến)"

    def rule(f: Facts) -> list[Condition]:
        return [
            title_this_year(f, "LDTT", basis),
            quota,
            initiative_this_year(f, basis, 1, note if f.rated_htxsnv & 1 else ""),
            project,
        ]

    return rule


def ttldtt(b: Basis) -> Rule:
    # Luật TĐKT 2003: more than half of the members LĐTT.
    return common.ttldtt(b, "50+")


def bk_tinh(b: Basis) -> common.ByKind:
    # No "2 consecutive CSTĐCS" ground before Law 06/2022.
    basis = b["BK_TINH"]
    conduct = judgment("Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
                       "nước", basis)
    others = [
        judgment("Có thành tích xuất sắc được bình xét trong phong trào thi đua", basis, 2),
        judgment("Lập được thành tích đột xuất hoặc nhiều thành tích có phạm vi ảnh hưởng trong "
                 "tỉnh", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        excellent, n = streak(f, f.rated_htxsnv, 2, "xếp loại HTXSNV", basis, ground=1,
                              bound=f.prior_award("BK_TINH"), bound_code="BK_TINH")
        return [conduct, excellent, initiatives_counted(f, "CO_SO", n, 2, basis, 1), *others]

    return common.ByKind(rule, common.bk_tinh_collective(b))


def bk_ttg(b: Basis) -> common.ByKind:
    basis = b["BK_TTG"]
    conduct = judgment("Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
                       "nước", basis)
    others = [
        judgment("Có thành tích xuất sắc tiêu biểu trong phong trào thi đua", basis, 2),
        judgment("Lập được thành tích đột xuất có phạm vi ảnh hưởng trong tỉnh, ngành", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        conds, n = after_award(f, "BK_TINH", 5, f.rated_htxsnv, "xếp loại HTXSNV", "BK_TTG",
                               basis, 1)
        return [conduct, *conds, initiatives_counted(f, "CO_SO", n, 5, basis, 1), *others]

    return common.ByKind(rule, common.bk_ttg_collective(b))


def hcld3(b: Basis) -> common.ByKind:
    basis = b["HCLD3"]
    others = [
        judgment("Lập được thành tích đột xuất đặc biệt xuất sắc", basis, 2),
        judgment("Có quá trình cống hiến lâu dài giữ chức vụ lãnh đạo, quản lý (đủ thời gian theo "
                 "quy định)", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        conds, n = after_award(f, "BK_TTG", 5, f.rated_htxsnv, "xếp loại HTXSNV", "HCLD3",
                               basis, 1)
        return [*conds, initiatives_counted(f, "TINH", n, 2, basis, 1), *others]

    return common.ByKind(rule, common.hcld3_collective(b))


def cstd_tq(b: Basis) -> Rule:
    # Under Decree 91 the national title was considered the year after the second CSTĐ tỉnh.
    return common.cstd_tq(b, (1,))


def co_cp(b: Basis) -> Rule:
    return common.co_cp(
        b,
        selection="Là tập thể tiêu biểu xuất sắc nhất được lựa chọn trong số tập thể được tặng Cờ "
                  "thi đua cấp tỉnh; số lượng đề nghị không quá 20%",
        other="",
    )


BUILDERS = {
    "LDTT": ldtt,
    "CSTDCS": cstdcs,
    "CSTD_TINH": common.cstd_tinh,
    "CSTD_TQ": cstd_tq,
    "TTLDTT": ttldtt,
    "TTLDXS": common.ttldxs,
    "CO_TINH": common.co_tinh,
    "CO_CP": co_cp,
    "GIAY_KHEN": common.giay_khen,
    "BK_TINH": bk_tinh,
    "BK_TTG": bk_ttg,
    "HCLD3": hcld3,
}
