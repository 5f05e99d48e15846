"""The home page's "Việc sắp đến hạn": each user sees what they must do, and nothing of others."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_user
from tests.reminders.conftest import REGISTRATION_DUE, at_phase
from thidua.cycles import services
from thidua.organisations.models import Cluster, ClusterMembership, Role, Unit, UnitKind
from thidua.reminders.selectors import deadlines_for

TODAY = datetime.date(2020, 2, 20)


@pytest.fixture
def registering(scheduled):
    at_phase(scheduled, "registration")
    return scheduled


def summary(user, as_of=TODAY):
    return [(line.kind, line.mine, tuple(line.units)) for line in deadlines_for(user, as_of)]


def test_an_officer_sees_only_their_own_units_deadlines(registering, users):
    assert summary(users["officer"]) == [("cycle_registration", True, ("Sở Khoa học và Công nghệ",)),
                                         ("cycle_registration", False, ("Sở Công thương", "Sở Khoa học và Công nghệ", "Sở Xây dựng"))]
    # The officer of SKHCN also follows the cluster: SKHCN leads it in 2020. Another unit's officer
    # sees only their unit.
    assert summary(registering["officers"]["SCT"]) == [("cycle_registration", True, ("Sở Công thương",))]
    assert summary(registering["officers"]["SXD"]) == [("cycle_registration", True, ("Sở Xây dựng",))]


def test_a_unit_that_is_done_drops_out_for_its_officer_and_from_the_group(registering):
    cy, sct = registering["cy"], registering["units"]["SCT"]
    services.registration_save(actor=registering["officers"]["SCT"], cluster_year=cy, unit=sct, titles=[], targets="Đăng ký", submit=True)
    assert summary(registering["officers"]["SCT"]) == []
    assert summary(registering["office"]) == [("cycle_registration", False, ("Sở Khoa học và Công nghệ", "Sở Xây dựng"))]


def test_the_office_and_the_leader_follow_every_member_grouped(registering, users):
    grouped = [("cycle_registration", False, ("Sở Công thương", "Sở Khoa học và Công nghệ", "Sở Xây dựng"))]
    assert summary(users["office"]) == grouped
    assert summary(users["admin"]) == grouped
    assert summary(users["leader"]) == grouped


def test_roles_without_a_stake_see_nothing(registering, users, registry):
    other = Cluster.objects.create(code="CUM-III", name="Cụm thi đua số III", kind="cum", managing_body=registry["office"])
    other_leader = make_user("leader.iii", Role.CLUSTER_LEADER, cluster=other)
    outsider = Unit.objects.create(code="STC", name="Sở Tài chính", kind=UnitKind.DEPARTMENT, parent=registry["province"])
    outside_officer = make_user("officer.stc", Role.UNIT_OFFICER, unit=outsider)
    last_year_officer = make_user("officer.sct.2019", Role.UNIT_OFFICER, unit=registering["units"]["SCT"], year=2019)
    for user in [users["council"], users["guest"], users["nobody"], other_leader, outside_officer, last_year_officer]:
        assert deadlines_for(user, TODAY) == [], user.username


def test_the_leaders_own_deadline_is_the_dossier(scheduled, users):
    at_phase(scheduled, "consolidation")
    assert summary(users["leader"]) == [("cycle_dossier", True, ())]
    assert summary(users["officer"]) == [("cycle_dossier", True, ())]  # officer of the leading unit
    assert summary(users["office"]) == [("cycle_dossier", False, ())]
    assert summary(scheduled["officers"]["SCT"]) == []


def test_home_page_shows_days_left_and_overdue_with_links(client_for, registering, users):
    client = client_for(registering["officers"]["SCT"])
    with time_machine.travel(datetime.datetime(2020, 2, 21, 9, 0), tick=False):
        page = client.get(reverse("home")).content.decode()
    assert "Việc sắp đến hạn" in page and "còn 7 ngày" in page and "28/02/2020" in page
    url = reverse("year-registration", args=[registering["cy"].pk, registering["units"]["SCT"].pk])
    assert f'href="{url}"' in page
    with time_machine.travel(datetime.datetime(2020, 3, 3, 9, 0), tick=False):
        page = client.get(reverse("home")).content.decode()
    assert "quá hạn 4 ngày" in page and "text-bg-danger" in page
    assert REGISTRATION_DUE == datetime.date(2020, 2, 28)


def test_home_page_has_no_deadline_card_content_for_others(client_for, registering, users):
    with time_machine.travel(datetime.datetime(2020, 2, 21, 9, 0), tick=False):
        page = client_for(users["guest"]).get(reverse("home")).content.decode()
    assert "Không có việc nào đang chờ đến hạn." in page and "Gửi đăng ký thi đua" not in page


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("home")).status_code == 200
    return len(captured)


def test_home_page_queries_do_not_grow_with_units_and_clusters(client_for, registering, users, registry):
    office_client = client_for(users["office"])
    with time_machine.travel(datetime.datetime(2020, 2, 21, 9, 0), tick=False):
        few = queries(office_client)
        officer_few = queries(client_for(users["officer"]))
        office_client = client_for(users["office"])
        for index in range(6):
            cluster = Cluster.objects.create(code=f"CUM-X{index}", name=f"Cụm {index}", kind="cum", managing_body=registry["office"])
            for n in range(4):
                unit = Unit.objects.create(code=f"U{index}-{n}", name=f"Đơn vị {index}-{n}", kind=UnitKind.DEPARTMENT, parent=registry["province"])
                ClusterMembership.objects.create(cluster=cluster, unit=unit, year=2020, valid_from="2020-01-01", valid_to="2020-12-31")
            cy = services.cluster_year_create(actor=users["office"], cluster=cluster, year=2020)
            services.schedule_set(actor=users["office"], cluster_year=cy, phase="registration", starts_on=None, due_on=REGISTRATION_DUE)
            services.phase_move(actor=users["office"], cluster_year=cy, to_phase="registration")
        many = queries(office_client)
        officer_many = queries(client_for(users["officer"]))
    assert len(deadlines_for(users["office"], TODAY)) == 7
    assert (many, officer_many) == (few, officer_few)
