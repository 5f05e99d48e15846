"""Law 06/2022/QH15 (in force 01/01/2024) with Decree 98/2023 and, from 01/07/2025, Decree 152/2025.

The two decrees leave the machine-checkable standards of the law unchanged (domain.md §3–§4),
so both rule sets share these functions and differ only in what they cite.
"""

from __future__ import annotations

from . import common
from .common import Basis, Rule
from .conditions import (
    after_award,
    htxsnv_in_window,
    initiative_this_year,
    initiatives_counted,
    judgment,
    rating,
    streak,
    title_this_year,
    titles_in_window,
)
from .facts import Facts
from .model import HTTNV, HTXSNV, Condition

LAW = "Luật TĐKT 2022"

_BASIS = {
    "LDTT": f"{LAW}, Điều 24, khoản 1",
    "CSTDCS": f"{LAW}, Điều 23",
    "CSTD_TINH": f"{LAW}, Điều 22",
    "CSTD_TQ": f"{LAW}, Điều 21",
    "TTLDTT": f"{LAW}, Điều 28, khoản 1",
    "TTLDXS": f"{LAW}, Điều 27",
    # UNCERTAIN: domain.md does not list it for Art. 27; kept because Art. 28.1 demands it even
    # of TTLĐTT and the 2003 law's Art. 27 had it.
    "TTLDXS.discipline": f"{LAW}, Điều 27 và Điều 28, khoản 1 (chưa đối chiếu văn bản gốc)",
    "CO_TINH": f"{LAW}, Điều 26",
    "CO_CP": f"{LAW}, Điều 25",
    "GIAY_KHEN": f"{LAW}, Điều 75",
    "BK_TINH": f"{LAW}, Điều 74, khoản 1",
    "BK_TINH.collective": f"{LAW}, Điều 74, khoản 2",
    "BK_TTG": f"{LAW}, Điều 73, khoản 1",
    "BK_TTG.collective": f"{LAW}, Điều 73, khoản 2 (tiêu chuẩn cho tập thể chưa xác minh)",
    "HCLD3.collective": f"{LAW}, Điều 44 (tiêu chuẩn cho tập thể chưa xác minh)",
}

BASIS_ND98: Basis = {
    **_BASIS,
    "discipline": f"{LAW}, Điều 5; NĐ 98/2023/NĐ-CP",
    "LDTT.tenure": "TT 01/2024/TT-BNV",
    "HCLD3": f"{LAW}, Điều 44; NĐ 98/2023/NĐ-CP",
}

BASIS_ND152: Basis = {
    **_BASIS,
    "discipline": f"{LAW}, Điều 5; NĐ 152/2025/NĐ-CP, Điều 4",
    "LDTT.tenure": "TT 01/2024/TT-BNV (chưa xác minh TT 15/2025/TT-BNV còn giữ quy định này)",
    "HCLD3": f"{LAW}, Điều 44; NĐ 152/2025/NĐ-CP",
}


def ldtt(b: Basis) -> Rule:
    basis = b["LDTT"]
    spirit = judgment("Có tinh thần tự lực, tự cường, đoàn kết, tương trợ, tích cực tham gia phong "
                      "trào thi đua", basis)
    tenure = judgment("Không phải người mới tuyển dụng dưới 6 tháng (thời gian nghỉ thai sản, điều "
                      "trị tai nạn lao động, đi học dưới 1 năm vẫn được tính)", b["LDTT.tenure"])

    def rule(f: Facts) -> list[Condition]:
        return [rating(f, HTTNV, basis), spirit, tenure]

    return rule


def cstdcs(b: Basis) -> Rule:
    # Art. 23 made HTXSNV a ground of its own: no initiative is needed any more.
    basis = b["CSTDCS"]
    project = judgment("Có đề tài khoa học, đề án khoa học, công trình khoa học và công nghệ đã "
                       "được nghiệm thu", basis, 3)

    def rule(f: Facts) -> list[Condition]:
        return [
            title_this_year(f, "LDTT", basis),
            rating(f, HTXSNV, basis, 1),
            initiative_this_year(f, basis, 2),
            project,
        ]

    return rule


def ttldtt(b: Basis) -> Rule:
    # Luật TĐKT 2022: at least 70% of the members LĐTT.
    return common.ttldtt(b, "70")


def bk_tinh(b: Basis) -> common.ByKind:
    basis = b["BK_TINH"]
    conduct = judgment("Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
                       "nước", basis)
    others = [
        judgment("Có thành tích xuất sắc được bình xét trong phong trào thi đua do tỉnh phát động",
                 basis, 3),
        judgment("Lập được thành tích đột xuất hoặc nhiều thành tích có phạm vi ảnh hưởng trong "
                 "tỉnh", basis, 4),
        judgment("Có đóng góp vào phát triển kinh tế - xã hội, hoạt động nhân đạo, từ thiện",
                 basis, 5),
    ]

    def rule(f: Facts) -> list[Condition]:
        used = f.prior_award("BK_TINH")
        twice, _ = streak(f, f.titles.get("CSTDCS", 0), 2, "đạt CSTĐCS", basis, ground=1,
                          bound=used, bound_code="BK_TINH")
        excellent, n = streak(f, f.rated_htxsnv, 2, "xếp loại HTXSNV", basis, ground=2,
                              bound=used, bound_code="BK_TINH")
        return [conduct, twice, excellent, initiatives_counted(f, "CO_SO", n, 2, basis, 2), *others]

    return common.ByKind(rule, common.bk_tinh_collective(b))


def bk_ttg(b: Basis) -> common.ByKind:
    basis = b["BK_TTG"]
    conduct = judgment("Gương mẫu chấp hành tốt chủ trương của Đảng, chính sách, pháp luật của Nhà "
                       "nước", basis)
    others = [
        judgment("Có thành tích xuất sắc tiêu biểu trong phong trào thi đua do Thủ tướng Chính phủ "
                 "phát động", basis, 2),
        judgment("Lập được thành tích đột xuất có phạm vi ảnh hưởng trong tỉnh, hoặc đạt giải "
                 "thưởng khu vực, quốc tế", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        conds, n = after_award(f, "BK_TINH", 5, f.rated_httnv, "xếp loại từ HTTNV trở lên",
                               "BK_TTG", basis, 1)
        return [conduct, *conds, titles_in_window(f, "CSTDCS", n, 3, basis, 1), *others]

    return common.ByKind(rule, common.bk_ttg_collective(b))


def hcld3(b: Basis) -> common.ByKind:
    basis = b["HCLD3"]
    others = [
        judgment("Lập được thành tích đột xuất đặc biệt xuất sắc", basis, 2),
        judgment("Có quá trình cống hiến lâu dài giữ chức vụ lãnh đạo, quản lý (đủ thời gian theo "
                 "quy định)", basis, 3),
    ]

    def rule(f: Facts) -> list[Condition]:
        conds, n = after_award(f, "BK_TTG", 5, f.rated_httnv, "xếp loại từ HTTNV trở lên",
                               "HCLD3", basis, 1)
        return [
            *conds,
            htxsnv_in_window(f, n, basis, 1),
            titles_in_window(f, "CSTDCS", n, 3, basis, 1),
            *others,
        ]

    return common.ByKind(rule, common.hcld3_collective(b))


def cstd_tq(b: Basis) -> Rule:
    # UNCERTAIN: the 2022 texts fix no timing; accept the year of the second CSTĐ tỉnh (the
    # file format's "ends at the year inclusive") and the year after it (old practice).
    return common.cstd_tq(b, (0, 1))


def co_cp(b: Basis) -> Rule:
    return common.co_cp(
        b,
        selection="Là tập thể tiêu biểu xuất sắc nhất được lựa chọn; số lượng đề nghị trong tỷ lệ "
                  "quy định hiện hành (trước đây không quá 20%, chưa xác minh tỷ lệ hiện nay)",
        other="Dẫn đầu cụm, khối thi đua do Trung ương tổ chức, hoặc dẫn đầu phong trào thi đua "
              "theo chuyên đề kéo dài",
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
