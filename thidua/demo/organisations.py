"""Demo registry: the province office, Cụm thi đua số II's seven units, people, accounts.

Choices not fixed by the sources (written down in README): Sở Khoa học và Công nghệ led the
cluster in 2020 (it hosted the conference of 05/01/2021) with Sở Xây dựng as vice; the 2021
leadership is the one that conference elected (Sở Tài nguyên và Môi trường, Sở Giao thông Vận tải).
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from thidua.organisations import services
from thidua.organisations.models import (
    Cluster,
    ClusterKind,
    ClusterRole,
    Gender,
    Person,
    Role,
    RoleAssignment,
    Unit,
    UnitKind,
)

DEMO_PASSWORD = "thidua-demo"
CLUSTER_CODE = "CUM-II"
PROVINCE_CODE = "UBND-TINH"
OFFICE_CODE = "SNV-TDKT"

CLUSTER_UNITS = [
    ("SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN"),
    ("STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT"),
    ("SGTVT", "Sở Giao thông Vận tải", "Sở GTVT"),
    ("SXD", "Sở Xây dựng", "Sở XD"),
    ("SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"),
    ("SCT", "Sở Công thương", "Sở CT"),
    ("TTT", "Thanh tra tỉnh", "TTr tỉnh"),
]
LEADERSHIP = {
    2020: {"SKHCN": ClusterRole.LEADER, "SXD": ClusterRole.VICE},
    2021: {"STNMT": ClusterRole.LEADER, "SGTVT": ClusterRole.VICE},
}

FAMILY_NAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Hà", "Lương", "Nông", "Vi", "Lăng",
    "Triệu", "Đinh", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Chu", "Mông", "Hứa",
]
MIDDLE_NAMES = {
    Gender.MALE: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Mạnh", "Xuân", "Đình", "Công"],
    Gender.FEMALE: ["Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Minh", "Thị Thu", "Kim", "Phương"],
}
GIVEN_NAMES = {
    Gender.MALE: [
        "Hùng", "Dũng", "Tuấn", "Long", "Hải", "Sơn", "Thắng", "Cường", "Đạt", "Khánh",
        "Bình", "An", "Phúc", "Tùng", "Hiếu", "Quân", "Ước", "Yên", "Ân", "Định",
    ],
    Gender.FEMALE: [
        "Hà", "Lan", "Hương", "Mai", "Thảo", "Hằng", "Ngọc", "Trang", "Yến", "Linh",
        "Nhung", "Thủy", "Oanh", "Ánh", "Uyên", "Đào", "Ân",
    ],
}
POSITIONS = ["Giám đốc", "Phó Giám đốc", "Phó Giám đốc", "Chánh Văn phòng", "Trưởng phòng"]
PEOPLE_PER_UNIT = 30

# One account per role of the design; usernames are what the README lists.
ACCOUNTS = [
    ("admin", "Quản trị hệ thống", None),
    ("phongtdkt", "Phòng TĐKT – Sở Nội vụ", (Role.PROVINCE_OFFICE, OFFICE_CODE, None)),
    ("hoidong", "Thành viên Hội đồng TĐKT tỉnh", (Role.COUNCIL_MEMBER, None, None)),
    ("truongcum", "Trưởng cụm II (Sở KH&CN)", (Role.CLUSTER_LEADER, None, CLUSTER_CODE)),
    ("phocum", "Phó trưởng cụm II (Sở Xây dựng)", (Role.CLUSTER_VICE, None, CLUSTER_CODE)),
    ("canbo.skhcn", "Cán bộ TĐKT Sở KH&CN", (Role.UNIT_OFFICER, "SKHCN", None)),
    ("canbo.sct", "Cán bộ TĐKT Sở Công thương", (Role.UNIT_OFFICER, "SCT", None)),
    ("giamdoc.skhcn", "Giám đốc Sở KH&CN", (Role.UNIT_HEAD, "SKHCN", None)),
    ("khach", "Khách (chỉ xem trang công khai)", (Role.GUEST, None, None)),
]


@dataclass
class DemoAccount:
    username: str
    description: str


def _admin():
    user_model = get_user_model()
    admin, created = user_model.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    return admin


def _unit(actor, code: str, **fields) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        unit = services.unit_create(actor=actor, code=code, **fields)
    return unit


def _people(actor, unit: Unit, rng: random.Random, serial_base: int) -> None:
    existing = set(Person.objects.filter(unit=unit).values_list("personal_id", flat=True))
    for index in range(PEOPLE_PER_UNIT):
        gender = Gender.FEMALE if rng.random() < 0.45 else Gender.MALE
        ho = rng.choice(FAMILY_NAMES)
        chu_dem = rng.choice(MIDDLE_NAMES[gender])
        ten = rng.choice(GIVEN_NAMES[gender])
        birth = datetime.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        # Lạng Sơn's province code 020, then the century-and-gender digit, the year, a serial.
        century_gender = (0 if gender == Gender.MALE else 1) + (2 if birth.year >= 2000 else 0)
        personal_id = f"020{century_gender}{birth.year % 100:02d}{serial_base + index:06d}"
        position = POSITIONS[index] if index < len(POSITIONS) else rng.choice(
            ["Phó Trưởng phòng", "Chuyên viên", "Chuyên viên chính", "Chuyên viên", "Kế toán"]
        )
        if personal_id in existing:
            continue
        services.person_create(
            actor=actor,
            unit=unit,
            ho=ho,
            chu_dem=chu_dem,
            ten=ten,
            gender=gender,
            date_of_birth=birth,
            personal_id=personal_id,
            position=position,
            start_date=datetime.date(2018, 1, 1),
        )


def _account(actor, username: str, description: str, grant) -> DemoAccount:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created:
        user.first_name = description
        user.set_password(DEMO_PASSWORD)
        user.save()
    if grant is not None:
        role, unit_code, cluster_code = grant
        unit = Unit.objects.get(code=unit_code) if unit_code else None
        cluster = Cluster.objects.get(code=cluster_code) if cluster_code else None
        # The cluster grants follow the 2020 leadership that the demo story is about.
        year = 2020 if role in {Role.CLUSTER_LEADER, Role.CLUSTER_VICE} else None
        if not RoleAssignment.objects.filter(
            user=user, role=role, unit=unit, cluster=cluster, year=year
        ).exists():
            services.role_assign(actor=actor, user=user, role=role, unit=unit, cluster=cluster, year=year)
    return DemoAccount(username, description)


@transaction.atomic
def load() -> list[DemoAccount]:
    admin = _admin()
    province = _unit(
        admin, PROVINCE_CODE, name="Ủy ban nhân dân tỉnh Lạng Sơn", short_name="UBND tỉnh",
        kind=UnitKind.PROVINCE,
    )
    home_affairs = _unit(
        admin, "SNV", name="Sở Nội vụ", short_name="SNV", kind=UnitKind.DEPARTMENT, parent=province
    )
    _unit(
        admin, OFFICE_CODE, name="Phòng Thi đua, khen thưởng – Sở Nội vụ", short_name="Phòng TĐKT",
        kind=UnitKind.DIVISION, parent=home_affairs,
    )
    cluster = Cluster.objects.filter(code=CLUSTER_CODE).first() or services.cluster_create(
        actor=admin, code=CLUSTER_CODE, name="Cụm thi đua số II", kind=ClusterKind.CLUSTER,
        managing_body=home_affairs, established_on=datetime.date(2015, 1, 1),
    )
    rng = random.Random(20201231)  # fixed seed: the same people on every machine
    for index, (code, name, short_name) in enumerate(CLUSTER_UNITS):
        unit = _unit(
            admin, code, name=name, short_name=short_name, kind=UnitKind.DEPARTMENT,
            parent=province,
        )
        for year, roles in LEADERSHIP.items():
            services.membership_set(
                actor=admin, cluster=cluster, unit=unit, year=year,
                role=roles.get(code, ClusterRole.MEMBER),
            )
        _people(admin, unit, rng, serial_base=(index + 1) * 1000)
    _ensure_reference_person(admin)
    return [_account(admin, username, description, grant) for username, description, grant in ACCOUNTS]


def _ensure_reference_person(actor) -> None:
    """A name the guides and the browser test look for."""
    if not Person.objects.filter(personal_id="020185000001").exists():
        services.person_create(
            actor=actor, unit=Unit.objects.get(code="SKHCN"), ho="Nguyễn", chu_dem="Thị", ten="Hà",
            gender=Gender.FEMALE, date_of_birth=datetime.date(1985, 3, 8),
            personal_id="020185000001", position="Chuyên viên Văn phòng",
            start_date=datetime.date(2018, 1, 1),
        )
