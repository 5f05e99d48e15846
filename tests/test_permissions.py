"""Every permission rule, refused for a user without it: HTTP 403 and no change in the database."""

import pytest
from django.urls import reverse

from thidua.core.errors import Forbidden
from thidua.organisations import services
from thidua.organisations.models import (
    Cluster,
    ClusterMembership,
    Person,
    PositionHistory,
    Role,
    RoleAssignment,
    Unit,
)


def snapshot():
    """Every registry row and its full state, to prove a refused request changed nothing."""
    return {
        model.__name__: sorted(model.objects.values_list(), key=repr)
        for model in (Unit, Cluster, ClusterMembership, Person, PositionHistory, RoleAssignment)
    }


def refused(client, method, url, data=None):
    before = snapshot()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == 403, (url, response.status_code)
    assert snapshot() == before
    return response


REGISTRY_MANAGEMENT = ["officer", "head", "council", "leader", "guest", "nobody"]


@pytest.mark.parametrize("who", REGISTRY_MANAGEMENT)
def test_only_the_province_office_creates_units(client_for, users, who):
    client = client_for(users[who])
    refused(client, "get", reverse("unit-create"))
    response = refused(client, "post", reverse("unit-create"), {"code": "SYT", "name": "Sở Y tế", "kind": "so"})
    assert "Phòng Thi đua" in response.content.decode()


@pytest.mark.parametrize("who", REGISTRY_MANAGEMENT)
def test_only_the_province_office_changes_clusters(client_for, users, registry, who):
    client = client_for(users[who])
    cluster = registry["cluster"]
    refused(client, "post", reverse("cluster-create"), {"code": "CUM-X", "name": "X", "kind": "cum"})
    refused(client, "post", reverse("cluster-edit", args=[cluster.pk]), {"code": "CUM-X", "name": "X", "kind": "cum"})
    refused(
        client, "post", reverse("membership-save", args=[cluster.pk]),
        {"unit": registry["office"].pk, "year": registry["year"], "role": "thanh_vien"},
    )
    membership = cluster.memberships.first()
    refused(client, "post", reverse("membership-delete", args=[cluster.pk, membership.pk]))


@pytest.mark.parametrize("who", REGISTRY_MANAGEMENT)
def test_only_the_province_office_imports_units(client_for, users, who):
    refused(client_for(users[who]), "get", reverse("unit-import"))


def test_an_officer_edits_only_their_own_units_profile(client_for, users, registry):
    client = client_for(users["officer"])
    own, other = registry["science"], registry["trade"]
    response = client.post(reverse("unit-edit", args=[own.pk]), {"short_name": "KHCN", "note": ""})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.short_name == "KHCN"
    refused(client, "post", reverse("unit-edit", args=[other.pk]), {"short_name": "X", "note": ""})


def test_an_officer_cannot_change_their_units_code_or_parent(client_for, users, registry):
    own = registry["science"]
    client = client_for(users["officer"])
    client.post(reverse("unit-edit", args=[own.pk]), {"short_name": "KHCN", "code": "HACKED", "parent": ""})
    own.refresh_from_db()
    assert own.code == "SKHCN" and own.parent == registry["province"]
    with pytest.raises(Forbidden):
        services.unit_update(actor=users["officer"], unit=own, code="HACKED")


def test_an_officer_edits_only_people_of_their_own_unit(client_for, users, registry):
    client = client_for(users["officer"])
    ha, dung = registry["ha"], registry["dung"]
    form = {"ho": "Nguyễn", "chu_dem": "Thị", "ten": "Hà", "gender": "nu", "date_of_birth": "17/05/1980"}
    assert client.post(reverse("person-edit", args=[ha.pk]), {**form, "ten": "Hải"}).status_code == 302
    ha.refresh_from_db()
    assert ha.ten == "Hải"
    refused(client, "post", reverse("person-edit", args=[dung.pk]), {**form, "ho": "Trần"})
    refused(client, "get", reverse("person-move", args=[dung.pk]))


def test_an_officer_cannot_move_a_person_into_another_unit(users, registry):
    with pytest.raises(Forbidden):
        services.person_move(
            actor=users["officer"], person=registry["ha"], unit=registry["trade"],
            position="Chuyên viên", start_date=registry["ha"].date_of_birth.replace(year=2030),
        )
    assert Person.objects.get(pk=registry["ha"].pk).unit == registry["science"]


@pytest.mark.parametrize("who", ["head", "council", "leader", "guest", "nobody"])
def test_people_are_created_and_imported_only_by_officers_and_the_office(client_for, users, who):
    client = client_for(users[who])
    refused(client, "get", reverse("person-create"))
    refused(client, "get", reverse("person-import"))


@pytest.mark.parametrize("who", ["guest", "nobody"])
def test_guests_see_no_internal_registry(client_for, users, registry, who):
    client = client_for(users[who])
    for url in [
        reverse("person-list"),
        reverse("person-detail", args=[registry["ha"].pk]),
        reverse("unit-list"),
        reverse("unit-detail", args=[registry["science"].pk]),
        reverse("cluster-list"),
        reverse("cluster-detail", args=[registry["cluster"].pk]),
    ]:
        refused(client, "get", url)


def test_anonymous_users_are_sent_to_login(client, registry):
    response = client.get(reverse("person-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_personal_id_is_shown_only_to_who_may_edit_the_person(client_for, users, registry):
    url = reverse("person-detail", args=[registry["ha"].pk])
    assert "020185000001" in client_for(users["officer"]).get(url).content.decode()
    assert "020185000001" not in client_for(users["council"]).get(url).content.decode()


@pytest.mark.parametrize("who", ["office", "officer", "council", "guest"])
def test_django_admin_is_for_system_admins_only(client_for, users, who):
    users[who].is_staff = True
    users[who].save()
    response = client_for(users[who]).get("/quan-tri/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_system_admin_opens_django_admin(client_for, users):
    assert client_for(users["admin"]).get("/quan-tri/").status_code == 200


def test_role_grants_only_by_admin_or_office(users, registry):
    for who in ["officer", "council", "leader", "guest"]:
        with pytest.raises(Forbidden):
            services.role_assign(actor=users[who], user=users["nobody"], role=Role.COUNCIL_MEMBER)
    with pytest.raises(Forbidden):
        services.role_assign(actor=users["office"], user=users["nobody"], role=Role.PROVINCE_OFFICE)
    assert not RoleAssignment.objects.filter(user=users["nobody"]).exists()
    services.role_assign(actor=users["office"], user=users["nobody"], role=Role.COUNCIL_MEMBER)
    assert RoleAssignment.objects.filter(user=users["nobody"], role=Role.COUNCIL_MEMBER).exists()


def test_a_grant_for_another_year_does_not_apply(registry):
    from tests.conftest import make_user
    from thidua.organisations import permissions

    last_year = make_user("old", Role.UNIT_OFFICER, unit=registry["trade"], year=registry["year"] - 1)
    assert not permissions.can_edit_people_of(last_year, registry["trade"])
    this_year = make_user("new", Role.UNIT_OFFICER, unit=registry["trade"], year=registry["year"])
    assert permissions.can_edit_people_of(this_year, registry["trade"])
