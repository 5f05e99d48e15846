"""Shared fixtures: a small real registry and one user per role, in the real test database."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from thidua.organisations.models import (
    Cluster,
    ClusterMembership,
    ClusterRole,
    Gender,
    Person,
    PositionHistory,
    Role,
    RoleAssignment,
    Unit,
    UnitKind,
)

PASSWORD = "mat-khau-thu-nghiem-2026"


@pytest.fixture
def registry(db):
    """A province, the home-affairs office, two departments in one cluster, a few people."""
    province = Unit.objects.create(code="UBND", name="UBND tỉnh Lạng Sơn", kind=UnitKind.PROVINCE)
    office = Unit.objects.create(code="SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, parent=province)
    science = Unit.objects.create(
        code="SKHCN", name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN",
        kind=UnitKind.DEPARTMENT, parent=province,
    )
    trade = Unit.objects.create(code="SCT", name="Sở Công thương", kind=UnitKind.DEPARTMENT, parent=province)
    cluster = Cluster.objects.create(code="CUM-II", name="Cụm thi đua số II", kind="cum", managing_body=office)
    year = datetime.date.today().year
    ClusterMembership.objects.create(
        cluster=cluster, unit=science, year=year, role=ClusterRole.LEADER,
        valid_from=datetime.date(year, 1, 1), valid_to=datetime.date(year, 12, 31),
    )
    ClusterMembership.objects.create(
        cluster=cluster, unit=trade, year=year, role=ClusterRole.MEMBER,
        valid_from=datetime.date(year, 1, 1), valid_to=datetime.date(year, 12, 31),
    )
    ha = make_person(science, "Nguyễn", "Thị", "Hà", Gender.FEMALE, personal_id="020185000001")
    dung = make_person(trade, "Trần", "Văn", "Dũng", Gender.MALE)
    return {
        "province": province, "office": office, "science": science, "trade": trade,
        "cluster": cluster, "year": year, "ha": ha, "dung": dung,
    }


def make_person(unit, ho, chu_dem, ten, gender=Gender.MALE, **extra) -> Person:
    person = Person.objects.create(
        unit=unit, ho=ho, chu_dem=chu_dem, ten=ten, gender=gender,
        date_of_birth=extra.pop("date_of_birth", datetime.date(1980, 5, 17)), **extra,
    )
    PositionHistory.objects.create(
        person=person, unit=unit, position=person.position, start_date=datetime.date(2015, 1, 1)
    )
    return person


def make_user(username, role=None, unit=None, cluster=None, year=None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        RoleAssignment.objects.create(user=user, role=role, unit=unit, cluster=cluster, year=year)
    return user


@pytest.fixture
def users(registry):
    """One user per role; `officer` is the emulation officer of Sở KH&CN."""
    return {
        "admin": make_user("admin", is_superuser=True, is_staff=True),
        "office": make_user("office", Role.PROVINCE_OFFICE, unit=registry["office"]),
        "council": make_user("council", Role.COUNCIL_MEMBER),
        "leader": make_user("leader", Role.CLUSTER_LEADER, cluster=registry["cluster"]),
        "officer": make_user("officer", Role.UNIT_OFFICER, unit=registry["science"]),
        "head": make_user("head", Role.UNIT_HEAD, unit=registry["science"]),
        "guest": make_user("guest", Role.GUEST),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # The production hasher is slow on purpose; tests only need passwords to work.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Uploads and the demo's generated photos go to the test's own folder, never to var/media.
    settings.MEDIA_ROOT = tmp_path
