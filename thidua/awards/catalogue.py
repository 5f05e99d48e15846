"""The catalogue of titles and forms and the default provincial parameters (domain.md §3–§5).

Loaded by a data migration; the province office edits parameters afterwards (new rows with a
later effective date), so a 2020 case is still judged with 2020's numbers.
"""

import datetime
from decimal import Decimal

# code, name, short name, category, applies to, authority, legal basis, full council review
AWARD_KINDS = [
    ("LDTT", "Lao động tiên tiến", "LĐTT", "title", "individual",
     "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã", "Luật TĐKT 2022, Điều 24", False),
    ("CSTDCS", "Chiến sĩ thi đua cơ sở", "CSTĐCS", "title", "individual",
     "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã", "Luật TĐKT 2022, Điều 23", False),
    ("CSTD_TINH", "Chiến sĩ thi đua cấp tỉnh", "CSTĐ tỉnh", "title", "individual",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 22", True),
    ("CSTD_TQ", "Chiến sĩ thi đua toàn quốc", "CSTĐ toàn quốc", "title", "individual",
     "Thủ tướng Chính phủ", "Luật TĐKT 2022, Điều 21", True),
    ("TTLDTT", "Tập thể lao động tiên tiến", "TTLĐTT", "title", "collective",
     "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã", "Luật TĐKT 2022, Điều 28", False),
    ("TTLDXS", "Tập thể lao động xuất sắc", "TTLĐXS", "title", "collective",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 27", False),
    ("CO_TINH", "Cờ thi đua của UBND tỉnh", "Cờ thi đua tỉnh", "title", "collective",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 26", True),
    ("CO_CP", "Cờ thi đua của Chính phủ", "Cờ thi đua Chính phủ", "title", "collective",
     "Thủ tướng Chính phủ", "Luật TĐKT 2022, Điều 25", True),
    ("GIAY_KHEN", "Giấy khen", "Giấy khen", "form", "both",
     "Giám đốc sở; thủ trưởng đơn vị; Chủ tịch UBND xã", "Luật TĐKT 2022, Điều 75", False),
    ("BK_TINH", "Bằng khen của Chủ tịch UBND tỉnh", "Bằng khen tỉnh", "form", "both",
     "Chủ tịch UBND tỉnh", "Luật TĐKT 2022, Điều 74", False),
    ("BK_TTG", "Bằng khen của Thủ tướng Chính phủ", "Bằng khen Thủ tướng", "form", "both",
     "Thủ tướng Chính phủ", "Luật TĐKT 2022, Điều 73", True),
    ("HCLD3", "Huân chương Lao động hạng Ba", "HCLĐ hạng Ba", "form", "both",
     "Chủ tịch nước", "Luật TĐKT 2022, Điều 44", True),
]

BASE_SALARIES = [
    (datetime.date(2019, 7, 1), Decimal(1_490_000), "NĐ 38/2019/NĐ-CP"),
    (datetime.date(2023, 7, 1), Decimal(1_800_000), "NĐ 24/2023/NĐ-CP"),
    (datetime.date(2024, 7, 1), Decimal(2_340_000), "NĐ 73/2024/NĐ-CP"),
    (datetime.date(2026, 7, 1), Decimal(2_530_000), "NĐ 161/2026/NĐ-CP"),
]

# code -> (individual multiple, collective multiple), NĐ 152/2025 Đ50 (domain.md §3, §4)
CASH_MULTIPLES = {
    "LDTT": ("0.3", None), "CSTDCS": ("1.0", None), "CSTD_TINH": ("3.0", None), "CSTD_TQ": ("4.5", None),
    "TTLDTT": (None, "0.8"), "TTLDXS": (None, "1.5"), "CO_TINH": (None, "8.0"), "CO_CP": (None, "12.0"),
    "GIAY_KHEN": ("0.3", "0.6"), "BK_TINH": ("1.5", "3.0"), "BK_TTG": ("3.5", "7.0"), "HCLD3": ("4.5", "9.0"),
}
CASH_FROM = datetime.date(2025, 7, 1)
CASH_BASIS = "NĐ 152/2025/NĐ-CP, Điều 50"

# Share of all council members that must approve (NĐ 98/2023 Đ30.7; carried on, UNCERTAIN under NĐ 152).
COUNCIL_THRESHOLDS = {"CSTD_TINH": 90, "CSTD_TQ": 90, "CO_TINH": 80, "CO_CP": 80, "BK_TTG": 80, "HCLD3": 80}
COUNCIL_FROM = datetime.date(2024, 1, 1)
COUNCIL_BASIS = "NĐ 98/2023/NĐ-CP, Điều 30 khoản 7"
COUNCIL_MEMBERS = 15


def load(apps) -> None:
    """Create what is missing; never overwrite what the province has changed."""
    AwardKind = apps.get_model("awards", "AwardKind")
    Parameter = apps.get_model("awards", "Parameter")
    for position, (code, name, short, category, applies_to, authority, basis, council) in enumerate(AWARD_KINDS):
        AwardKind.objects.get_or_create(
            code=code,
            defaults=dict(name=name, short_name=short, category=category, applies_to=applies_to,
                          authority=authority, legal_basis=basis, council_review=council, position=position),
        )
    for effective_from, value, basis in BASE_SALARIES:
        Parameter.objects.get_or_create(
            key="base_salary", award=None, subject_kind="", effective_from=effective_from,
            defaults={"value": value, "legal_basis": basis},
        )
    for code, (individual, collective) in CASH_MULTIPLES.items():
        for kind, multiple in [("individual", individual), ("collective", collective)]:
            if multiple is not None:
                Parameter.objects.get_or_create(
                    key="cash_multiple", award_id=code, subject_kind=kind, effective_from=CASH_FROM,
                    defaults={"value": Decimal(multiple), "legal_basis": CASH_BASIS},
                )
    for code, share in COUNCIL_THRESHOLDS.items():
        Parameter.objects.get_or_create(
            key="council_threshold", award_id=code, subject_kind="", effective_from=COUNCIL_FROM,
            defaults={"value": Decimal(share), "legal_basis": COUNCIL_BASIS},
        )
    Parameter.objects.get_or_create(
        key="council_members", award=None, subject_kind="", effective_from=COUNCIL_FROM,
        defaults={"value": Decimal(COUNCIL_MEMBERS), "legal_basis": "Quyết định kiện toàn Hội đồng TĐKT tỉnh"},
    )
