"""Demo movements: the province's 2020 regular movement, answered by five of Cụm II's seven
units (two never sent their plan), with a campaign whose Bằng khen went into the history as
PHONG_TRAO awards; and a thematic movement of 2026 still running, so that the reminders have
something to say. Everything goes through the services an officer uses.

Idempotent: once the 2020 movement exists (by its plan number), a second run adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.awards.models import AwardKind, AwardRecord
from thidua.movements import services
from thidua.movements.models import Movement
from thidua.organisations.models import Person, Unit

PLAN_2020 = "124/KH-UBND"
CLUSTER_CODES = ["SKHCN", "STNMT", "SGTVT", "SXD", "SNNPTNT", "SCT", "TTT"]
# unit -> day its plan was sent (the deadline is 16/03/2020); SNNPTNT and TTT never answered.
PLANS_2020 = {
    "SKHCN": datetime.date(2020, 3, 5), "SCT": datetime.date(2020, 3, 9), "SXD": datetime.date(2020, 3, 12),
    "STNMT": datetime.date(2020, 3, 16), "SGTVT": datetime.date(2020, 3, 24),
}
MID_REPORTS_2020 = {"SKHCN": datetime.date(2020, 7, 1), "SCT": datetime.date(2020, 7, 3), "SXD": datetime.date(2020, 7, 9)}
FINAL_REPORTS_2020 = {"SKHCN": datetime.date(2020, 12, 10), "SCT": datetime.date(2020, 12, 11)}
PLANS_2026 = {"SKHCN": datetime.date(2026, 3, 20), "SCT": datetime.date(2026, 3, 27), "STNMT": datetime.date(2026, 4, 8)}
OFFICERS = {"SKHCN": "canbo.skhcn", "SCT": "canbo.sct"}
SIGNERS = {
    "SKHCN": "Giám đốc Sở KH&CN", "STNMT": "Giám đốc Sở TN&MT", "SGTVT": "Giám đốc Sở GTVT", "SXD": "Giám đốc Sở Xây dựng",
    "SCT": "Giám đốc Sở Công thương",
}


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))


def _answer(users, office, movement, unit, kind, day, number) -> None:
    actor = users.get(unit.code, office)
    services.response_submit(
        actor=actor, movement=movement, unit=unit, kind=kind, number=number, issued_on=day,
        signer=SIGNERS.get(unit.code, "Thủ trưởng đơn vị"), now=_moment(day),
        content="Triển khai tới toàn thể cán bộ, công chức; đăng ký chỉ tiêu thi đua của đơn vị." if kind == "ke_hoach" else
        "Kết quả thực hiện các chỉ tiêu thi đua; đề xuất khen thưởng.",
    )


@transaction.atomic
def load() -> None:
    if Movement.objects.filter(plan_number=PLAN_2020).exists():
        return
    User = get_user_model()
    office = User.objects.get(username="phongtdkt")
    users = {code: User.objects.get(username=name) for code, name in OFFICERS.items()}
    units = {u.code: u for u in Unit.objects.filter(code__in=CLUSTER_CODES)}
    targets = [units[code] for code in CLUSTER_CODES]
    forms = {k.code: k for k in AwardKind.objects.filter(code__in=["GIAY_KHEN", "BK_TINH", "CO_TINH"])}

    regular = services.movement_create(
        actor=office, name="Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội năm 2020",
        kind="thuong_xuyen", plan_number=PLAN_2020, plan_date=datetime.date(2020, 2, 14), plan_signer="Chủ tịch UBND tỉnh",
        starts_on=datetime.date(2020, 2, 14), ends_on=datetime.date(2020, 12, 31),
        criteria="1. Hoàn thành vượt mức các chỉ tiêu kinh tế - xã hội được giao.\n"
                 "2. Đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin.\n"
                 "3. Thực hành tiết kiệm, chống lãng phí; phòng, chống tham nhũng.",
        target_units=targets, allowed_forms=[forms["GIAY_KHEN"], forms["BK_TINH"], forms["CO_TINH"]],
        answer_deadline=datetime.date(2020, 3, 16), mid_review_on=datetime.date(2020, 7, 15),
        mid_report_deadline=datetime.date(2020, 7, 6), final_review_on=datetime.date(2020, 12, 25),
        final_report_deadline=datetime.date(2020, 12, 14),
    )
    regular = services.movement_launch(actor=office, movement=regular)
    for code, day in PLANS_2020.items():
        _answer(users, office, regular, units[code], "ke_hoach", day, f"{10 + len(code)}/KH-{code}")
    for code, day in MID_REPORTS_2020.items():
        _answer(users, office, regular, units[code], "so_ket", day, f"{80 + len(code)}/BC-{code}")
    for code, day in FINAL_REPORTS_2020.items():
        _answer(users, office, regular, units[code], "tong_ket", day, f"{190 + len(code)}/BC-{code}")

    campaign = services.campaign_create(
        actor=office, movement=regular,
        name="Đợt thi đua cao điểm chào mừng Đại hội đại biểu Đảng bộ tỉnh lần thứ XVII",
        starts_on=datetime.date(2020, 5, 1), ends_on=datetime.date(2020, 10, 15), allowed_forms=[forms["BK_TINH"]],
        description="Thi đua lập thành tích chào mừng Đại hội; sơ kết, khen thưởng sau Đại hội.",
    )
    bk = forms["BK_TINH"]
    awarded_2020 = set(AwardRecord.objects.filter(award=bk, year=2020).values_list("person_id", "unit_id"))
    people = []
    for code in ("STNMT", "SGTVT", "SCT"):
        person = (
            Person.objects.filter(unit=units[code]).exclude(pk__in=[p for p, _ in awarded_2020 if p]).order_by("sort_key").first()
        )
        if person is not None:
            people.append(person)
    collectives = [units["STNMT"]] if (None, units["STNMT"].pk) not in awarded_2020 else []
    services.campaign_commend(
        actor=office, campaign=campaign, award=bk, commendation_type="PHONG_TRAO", decision_number="2150/QĐ-UBND",
        decision_date=datetime.date(2020, 10, 28), signer="Phó Chủ tịch UBND tỉnh", people=people, units=collectives,
    )
    services.movement_close(actor=office, movement=regular)

    thematic = services.movement_create(
        actor=office, name="Thi đua đẩy mạnh chuyển đổi số, xây dựng chính quyền số năm 2026",
        kind="chuyen_de", plan_number="56/KH-UBND", plan_date=datetime.date(2026, 3, 2), plan_signer="Chủ tịch UBND tỉnh",
        starts_on=datetime.date(2026, 3, 2), ends_on=datetime.date(2026, 12, 31),
        criteria="Tỷ lệ hồ sơ thủ tục hành chính trực tuyến toàn trình; số hoá hồ sơ, kết quả giải quyết.",
        target_units=targets, allowed_forms=[forms["GIAY_KHEN"], forms["BK_TINH"]],
        answer_deadline=datetime.date(2026, 3, 31), mid_review_on=datetime.date(2026, 7, 15),
        mid_report_deadline=datetime.date(2026, 7, 6), final_review_on=datetime.date(2026, 12, 28),
        final_report_deadline=datetime.date(2026, 12, 15),
    )
    thematic = services.movement_launch(actor=office, movement=thematic)
    for code, day in PLANS_2026.items():
        _answer(users, office, thematic, units[code], "ke_hoach", day, f"{20 + len(code)}/KH-{code}")
