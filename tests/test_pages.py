"""Every registry page renders for the province office, with Vietnamese text and dates."""

import datetime
import re

import pytest
from django.urls import reverse


@pytest.fixture
def office(client_for, users):
    return client_for(users["office"])


def test_home_shows_the_users_units_and_clusters(client_for, users, registry):
    page = client_for(users["officer"]).get(reverse("home")).content.decode()
    assert "Sở Khoa học và Công nghệ" in page
    assert "Cụm thi đua số II" in page


def test_anonymous_home_invites_login(client):
    page = client.get(reverse("home")).content.decode()
    assert "Đăng nhập" in page


@pytest.mark.parametrize(
    "name",
    ["unit-list", "unit-create", "unit-import", "cluster-list", "cluster-create", "person-list",
     "person-create", "person-import", "password_change"],
)
def test_pages_without_arguments_render(office, name):
    response = office.get(reverse(name))
    assert response.status_code == 200
    assert b'lang="vi"' in response.content


def test_detail_pages_render(office, registry):
    for name, pk in [
        ("unit-detail", registry["science"].pk),
        ("unit-edit", registry["science"].pk),
        ("cluster-detail", registry["cluster"].pk),
        ("cluster-edit", registry["cluster"].pk),
        ("person-detail", registry["ha"].pk),
        ("person-edit", registry["ha"].pk),
        ("person-move", registry["ha"].pk),
    ]:
        response = office.get(reverse(name, args=[pk]))
        assert response.status_code == 200, name


def test_dates_are_shown_dd_mm_yyyy(office, registry):
    page = office.get(reverse("person-detail", args=[registry["ha"].pk])).content.decode()
    assert "17/05/1980" in page


def test_person_search_partial_for_htmx(office, registry):
    response = office.get(reverse("person-list"), {"q": "nguyen thi ha"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Nguyễn Thị Hà" in page and "Trần Văn Dũng" not in page


def test_missing_record_is_a_vietnamese_404(office):
    response = office.get(reverse("person-detail", args=[999999]))
    assert response.status_code == 404
    assert "Không tìm thấy cá nhân." in response.content.decode()


def test_static_assets_are_local(office):
    page = office.get(reverse("home")).content.decode()
    assert "/static/vendor/bootstrap/bootstrap.min.css" in page
    assert "htmx" in page
    # Every script and stylesheet comes from this server. Only addresses are checked: the CSRF
    # token in the page is random text that may well contain the letters "cdn".
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"', page)
    assert assets and all(url.startswith("/") and not url.startswith("//") for url in assets), assets
    assert not any("cdn" in url.lower() for url in re.findall(r'\b(?:src|href)="([^"]*)"', page))


def test_login_and_logout_round_trip(client, users):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("person-list")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("person-list")).status_code == 302


def test_create_unit_through_the_form(office):
    response = office.post(
        reverse("unit-create"),
        {"code": "SYT", "name": "Sở Y tế", "kind": "so", "valid_from": "01/01/2020"},
    )
    assert response.status_code == 302
    from thidua.organisations.models import Unit

    unit = Unit.objects.get(code="SYT")
    assert unit.valid_from == datetime.date(2020, 1, 1)
