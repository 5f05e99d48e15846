"""Accounts and role grants: managed by the system admin and the province office only."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.test_permissions import refused, snapshot
from thidua.organisations.models import Role, RoleAssignment

User = get_user_model()


@pytest.mark.parametrize("who", ["officer", "head", "council", "leader", "guest", "nobody"])
def test_accounts_page_and_actions_are_refused_without_the_right(client_for, users, registry, who):
    client = client_for(users[who])
    grant = RoleAssignment.objects.first()
    accounts_before = list(User.objects.values_list("username", "is_active"))
    refused(client, "get", reverse("account-list"))
    refused(client, "post", reverse("account-create"), {"username": "x", "full_name": "X", "password": "mat-khau-dai-1"})
    refused(client, "post", reverse("grant-create"), {"user": users["nobody"].pk, "role": Role.COUNCIL_MEMBER})
    refused(client, "post", reverse("grant-delete", args=[grant.pk]))
    refused(client, "post", reverse("account-lock", args=[users["officer"].pk]), {"active": "0"})
    assert list(User.objects.values_list("username", "is_active")) == accounts_before


def test_office_creates_an_account_grants_and_revokes_a_role(client_for, users, registry):
    client = client_for(users["office"])
    response = client.post(
        reverse("account-create"),
        {"username": "canbo.syt", "full_name": "Lò Thị Mai", "email": "", "password": "Lang-Son-2026"},
    )
    assert response.status_code == 302
    account = User.objects.get(username="canbo.syt")
    assert account.check_password("Lang-Son-2026") and account.first_name == "Lò Thị Mai"
    assert account.history.first().history_user == users["office"]

    client.post(reverse("grant-create"), {"user": account.pk, "role": Role.UNIT_OFFICER, "unit": registry["trade"].pk})
    grant = RoleAssignment.objects.get(user=account)
    assert (grant.role, grant.unit, grant.year) == (Role.UNIT_OFFICER, registry["trade"], None)
    page = client.get(reverse("account-list"), {"q": "canbo.syt"}).content.decode()
    assert "Cán bộ TĐKT đơn vị – Sở Công thương – mọi năm" in page

    client.post(reverse("grant-delete", args=[grant.pk]))
    assert not RoleAssignment.objects.filter(user=account).exists()


def test_a_unit_role_without_a_unit_is_refused_with_a_message(client_for, users, registry):
    client = client_for(users["office"])
    before = snapshot()
    response = client.post(reverse("grant-create"), {"user": users["nobody"].pk, "role": Role.UNIT_OFFICER}, follow=True)
    assert "Vai trò này phải gắn với một đơn vị." in response.content.decode()
    assert snapshot() == before


def test_weak_or_taken_passwords_and_usernames_are_refused(client_for, users):
    client = client_for(users["office"])
    page = client.post(
        reverse("account-create"), {"username": "OFFICER", "full_name": "X", "password": "12345678"}
    ).content.decode()
    assert "đã có người dùng" in page and "Mật khẩu:" in page
    assert not User.objects.filter(username="OFFICER").exists()


def test_the_office_cannot_make_another_province_office(users):
    from thidua.core.errors import Forbidden
    from thidua.organisations import services

    with pytest.raises(Forbidden):
        services.role_assign(actor=users["office"], user=users["nobody"], role=Role.PROVINCE_OFFICE)


def test_locked_account_cannot_log_in(client_for, users, client):
    from tests.conftest import PASSWORD

    client_for(users["office"]).post(reverse("account-lock", args=[users["officer"].pk]), {"active": "0"})
    client.logout()
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 200 and "không đúng" in response.content.decode()


def test_unit_tree_lists_children_under_their_parent(client_for, users, registry):
    page = client_for(users["council"]).get(reverse("unit-tree")).content.decode()
    order = [page.index(name) for name in ["UBND tỉnh Lạng Sơn", "Sở Công thương", "Sở Khoa học và Công nghệ", "Sở Nội vụ"]]
    assert order == sorted(order)
    assert 'class="depth-1"' in page
