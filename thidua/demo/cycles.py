"""Demo of Cụm thi đua số II's 2020 year, scored so that the published outcome comes out:
Sở Công thương first, Sở Khoa học và Công nghệ second, Sở Xây dựng third.

Every write goes through the services, as the officers themselves would make it: each unit's
officer self-scores and cross-scores, the Trưởng cụm (Sở KH&CN in 2020) moves the phases.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from thidua.cycles import services
from thidua.cycles.models import ClusterYear, CriterionKind, ScoreKind
from thidua.demo.organisations import CLUSTER_UNITS, DEMO_PASSWORD
from thidua.organisations import services as org_services
from thidua.organisations.models import Cluster, Person, Role, RoleAssignment, Unit

YEAR = 2020
# The quality of each unit's year, in points out of 100, that the cross scores reproduce.
QUALITY = {
    "SCT": Decimal("96.5"),
    "SKHCN": Decimal("95.0"),
    "SXD": Decimal("93.5"),
    "STNMT": Decimal("92.0"),
    "SGTVT": Decimal("91.0"),
    "SNNPTNT": Decimal("90.5"),
    "TTT": Decimal("89.0"),
}
BONUS = {"SCT": Decimal("1")}
PENALTY = {"SXD": Decimal("0.5")}

CRITERIA = [
    ("1", "Thực hiện nhiệm vụ chính trị, chuyên môn được giao", [
        ("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ kế hoạch năm của ngành", 20, True),
        ("1.2", "Tham mưu UBND tỉnh ban hành văn bản đúng tiến độ, chất lượng", 20, True),
    ]),
    ("2", "Công tác thi đua, khen thưởng", [
        ("2.1", "Phát động, tổ chức các phong trào thi đua; đăng ký và ký giao ước đúng hạn", 10, False),
        ("2.2", "Khen thưởng kịp thời, đúng đối tượng; hồ sơ đầy đủ, đúng thời hạn", 10, True),
    ]),
    ("3", "Cải cách hành chính, chuyển đổi số", [
        ("3.1", "Chỉ số cải cách hành chính; giải quyết thủ tục hành chính đúng hạn", 10, True),
        ("3.2", "Ứng dụng công nghệ thông tin, dịch vụ công trực tuyến", 10, False),
    ]),
    ("4", "Xây dựng tổ chức Đảng, đoàn thể, cơ quan văn hoá", [
        ("4.1", "Tổ chức Đảng, đoàn thể đạt trong sạch, vững mạnh", 10, False),
        ("4.2", "Thực hành tiết kiệm, phòng chống tham nhũng, lãng phí", 10, False),
    ]),
]
BONUS_CRITERIA = ("T", "Điểm thưởng", [("T1", "Được tặng Cờ thi đua, Bằng khen cấp Bộ, Chính phủ trong năm", 5, True)])
PENALTY_CRITERIA = ("P", "Điểm trừ", [("P1", "Chậm báo cáo, vi phạm được cơ quan có thẩm quyền kết luận", 5, False)])
# Cross scores vary by scorer around each unit's quality; the pattern sums to zero, so the
# mean of the six cross scores is exactly the quality share.
SPREAD = [Decimal(-1), Decimal(1), Decimal(0), Decimal(0), Decimal(-1), Decimal(1)]

PACT_TEXT = (
    "Các đơn vị thành viên Cụm thi đua số II cam kết: thực hiện tốt các phong trào thi đua do "
    "UBND tỉnh phát động; hoàn thành toàn diện nhiệm vụ chính trị, chuyên môn được giao; đẩy "
    "mạnh cải cách hành chính, chuyển đổi số; thực hiện đúng quy định về công tác thi đua, khen "
    "thưởng; tích cực tham gia các hoạt động chung của Cụm."
)


def _officers() -> dict[str, object]:
    """One emulation officer account per member unit (the two of organisations.ACCOUNTS included)."""
    admin = get_user_model().objects.get(username="admin")
    users = {}
    for code, name, short_name in CLUSTER_UNITS:
        username = f"canbo.{code.lower()}"
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": f"Cán bộ TĐKT {short_name}"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        unit = Unit.objects.get(code=code)
        if not RoleAssignment.objects.filter(user=user, role=Role.UNIT_OFFICER, unit=unit).exists():
            org_services.role_assign(actor=admin, user=user, role=Role.UNIT_OFFICER, unit=unit)
        users[code] = user
    return users


def _head_name(unit: Unit) -> tuple[str, str]:
    head = Person.objects.filter(unit=unit, position="Giám đốc").first() or Person.objects.filter(unit=unit).first()
    return (head.full_name, head.position) if head else ("", "")


def _share(quality: Decimal, max_points: int) -> Decimal:
    return (Decimal(max_points) * quality / 100).quantize(Decimal("0.01"))


@transaction.atomic
def load() -> None:
    if ClusterYear.objects.filter(cluster__code="CUM-II", year=YEAR).exists():
        return
    admin = get_user_model().objects.get(username="admin")
    officers = _officers()
    cluster = Cluster.objects.get(code="CUM-II")
    units = {code: Unit.objects.get(code=code) for code, _, _ in CLUSTER_UNITS}

    cluster_year = services.cluster_year_create(actor=admin, cluster=cluster, year=YEAR)
    services.cluster_year_configure(
        actor=admin, cluster_year=cluster_year, tie_breaks=["group:1", "fewer_penalty", "more_bonus"]
    )
    for phase, starts, due in [
        ("registration", datetime.date(2020, 1, 6), datetime.date(2020, 2, 28)),
        ("self_scoring", datetime.date(2020, 11, 16), datetime.date(2020, 11, 30)),
        ("cross_scoring", datetime.date(2020, 12, 1), datetime.date(2020, 12, 10)),
        ("consolidation", datetime.date(2020, 12, 11), datetime.date(2020, 12, 25)),
        ("conference", datetime.date(2021, 1, 5), datetime.date(2021, 1, 5)),
    ]:
        services.schedule_set(actor=admin, cluster_year=cluster_year, phase=phase, starts_on=starts, due_on=due)

    table = services.table_create(actor=admin, cluster_year=cluster_year, name="Bảng tiêu chí chấm điểm thi đua năm 2020 – khối Sở, ngành")
    criteria = []
    for position, (group_code, group_name, items) in enumerate([*CRITERIA, BONUS_CRITERIA, PENALTY_CRITERIA]):
        group = services.group_save(actor=admin, table=table, code=group_code, name=group_name, position=position)
        kind = {"T": CriterionKind.BONUS, "P": CriterionKind.PENALTY}.get(group_code, CriterionKind.SCORE)
        for index, (code, text, max_points, evidence) in enumerate(items):
            criteria.append(
                services.criterion_save(
                    actor=admin, group=group, code=code, text=text, kind=kind,
                    max_points=Decimal(max_points), evidence_required=evidence, position=index,
                )
            )

    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="registration")
    services.pact_save(
        actor=admin, cluster_year=cluster_year, title="Giao ước thi đua năm 2020", text=PACT_TEXT,
        signed_at_place="Sở Khoa học và Công nghệ",
    )
    for code, unit in units.items():
        services.registration_save(
            actor=officers[code], cluster_year=cluster_year, unit=unit,
            titles=["TTLDXS", "CO_TINH"], targets="Hoàn thành xuất sắc nhiệm vụ năm 2020.", submit=True,
        )
        name, position = _head_name(unit)
        services.pact_sign(
            actor=admin, cluster_year=cluster_year, unit=unit, signer_name=name, signer_position=position,
            signed_at=timezone.make_aware(datetime.datetime(2020, 2, 20, 9, 0)),
        )

    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="in_progress")
    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="self_scoring")
    for code, unit in units.items():
        for criterion in criteria:
            services.score_save(
                actor=officers[code], cluster_year=cluster_year, criterion=criterion, unit=unit,
                kind=ScoreKind.SELF, points=_points(code, criterion, scorer_index=None),
                note="Có báo cáo kèm theo." if criterion.evidence_required else "",
            )

    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="cross_scoring")
    codes = list(units)
    for code, unit in units.items():
        scorers = [c for c in codes if c != code]
        for scorer_index, scorer_code in enumerate(scorers):
            for criterion in criteria:
                services.score_save(
                    actor=officers[scorer_code], cluster_year=cluster_year, criterion=criterion, unit=unit,
                    kind=ScoreKind.CROSS, scorer=units[scorer_code],
                    points=_points(code, criterion, scorer_index=scorer_index),
                )
    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="consolidation")


def _points(code: str, criterion, scorer_index: int | None) -> Decimal:
    if criterion.kind == CriterionKind.BONUS:
        return BONUS.get(code, Decimal(0))
    if criterion.kind == CriterionKind.PENALTY:
        return PENALTY.get(code, Decimal(0))
    base = _share(QUALITY[code], int(criterion.max_points))
    if scorer_index is None:
        # Units score themselves a little higher than their peers do.
        return min(criterion.max_points, base + criterion.max_points / 50)
    return base + SPREAD[scorer_index] * criterion.max_points / 40


CONFERENCE = {
    "held_on": datetime.date(2021, 1, 5),
    "starts_at": datetime.time(8, 0),
    "ended_at": datetime.time(11, 30),
    "place": "Hội trường Sở Khoa học và Công nghệ tỉnh Lạng Sơn",
    "guests": "Đại diện lãnh đạo Sở Nội vụ (Ban Thi đua – Khen thưởng)",
    "agenda": "Tổng kết công tác thi đua, khen thưởng năm 2020; chấm điểm, xếp hạng; biểu quyết đề nghị "
              "khen thưởng; bầu Trưởng cụm, Phó trưởng cụm năm 2021; ký giao ước thi đua năm 2021.",
    "achievements": "Các đơn vị trong Cụm đã triển khai đồng bộ các phong trào thi đua do UBND tỉnh phát động, "
                    "hoàn thành và hoàn thành vượt mức các chỉ tiêu, nhiệm vụ năm 2020.",
    "limitations": "Một số đơn vị gửi báo cáo, hồ sơ chậm so với thời hạn; việc phát hiện, nhân rộng điển hình "
                   "tiên tiến còn hạn chế.",
    "measures": "Tiếp tục đổi mới nội dung, hình thức phát động thi đua; nâng cao chất lượng chấm điểm chéo; "
                "chú trọng khen thưởng người trực tiếp lao động, công tác.",
    "conclusions": "Hội nghị thống nhất kết quả xếp hạng, đề nghị UBND tỉnh tặng Cờ thi đua cho Sở Công thương, "
                   "Bằng khen của Chủ tịch UBND tỉnh cho Sở Khoa học và Công nghệ và Sở Xây dựng.",
    "minutes_number": "01",
    "proposal_number": "02",
    "report_number": "03",
}


@transaction.atomic
def load_conference() -> None:
    """The conference of 05/01/2021: votes on the proposals, the election, the 2021 pact."""
    cluster_year = ClusterYear.objects.get(cluster__code="CUM-II", year=YEAR)
    if cluster_year.phase != "consolidation":
        return
    admin = get_user_model().objects.get(username="admin")
    officers = _officers()
    units = {code: Unit.objects.get(code=code) for code, _, _ in CLUSTER_UNITS}
    services.proposals_draft(actor=admin, cluster_year=cluster_year)
    chair, _ = _head_name(units["SKHCN"])
    secretary = Person.objects.filter(unit=units["SKHCN"], position="Chánh Văn phòng").first()
    conference = services.conference_save(
        actor=admin, cluster_year=cluster_year, host=units["SKHCN"], chair=f"{chair}, Giám đốc Sở Khoa học và Công nghệ",
        secretary=f"{secretary.full_name}, Chánh Văn phòng Sở Khoa học và Công nghệ" if secretary else "", **CONFERENCE,
    )
    for code, unit in units.items():
        name, position = _head_name(unit)
        services.attendee_add(actor=admin, conference=conference, name=name, position=position, unit=unit)
    cluster_year = services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="conference")
    for proposal in cluster_year.proposals.order_by("rank"):
        vote = services.vote_open_for_proposal(actor=admin, proposal=proposal)
        approve = vote.options.get(approves=True)
        for code, unit in units.items():
            services.ballot_cast(actor=officers[code], vote=vote, unit=unit, option=approve)
        services.vote_close(actor=admin, vote=vote)
    for role, winner in [("leader", "STNMT"), ("vice", "SGTVT")]:
        vote = services.vote_open_for_election(
            actor=admin, cluster_year=cluster_year, role=role, candidates=[units["STNMT"], units["SGTVT"], units["SXD"]]
        )
        choice = vote.options.get(unit=units[winner])
        for code, unit in units.items():
            services.ballot_cast(actor=officers[code], vote=vote, unit=unit, option=choice)
        services.vote_close(actor=admin, vote=vote)
    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="submitted")
    _next_year_pact(admin, units)


def _next_year_pact(admin, units) -> None:
    cluster = Cluster.objects.get(code="CUM-II")
    cluster_year = ClusterYear.objects.filter(cluster=cluster, year=YEAR + 1).first()
    if cluster_year is None:
        cluster_year = services.cluster_year_create(actor=admin, cluster=cluster, year=YEAR + 1)
    source = ClusterYear.objects.get(cluster=cluster, year=YEAR).tables.first()
    services.table_copy(actor=admin, source=source, cluster_year=cluster_year)
    services.phase_move(actor=admin, cluster_year=cluster_year, to_phase="registration")
    services.pact_save(
        actor=admin, cluster_year=cluster_year, title="Giao ước thi đua năm 2021",
        text=PACT_TEXT.replace("2020", "2021"), signed_at_place="Sở Khoa học và Công nghệ",
    )
    for unit in units.values():
        name, position = _head_name(unit)
        services.pact_sign(
            actor=admin, cluster_year=cluster_year, unit=unit, signer_name=name, signer_position=position,
            signed_at=timezone.make_aware(datetime.datetime(2021, 1, 5, 11, 0)),
        )
