"""Units, clusters and people through the API: the same rights and search as the pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api import as_error, call
from tests.conftest import make_person, make_user
from thidua.organisations.models import ClusterMembership, Role, Unit


def test_units_list_search_and_kind(client, users, registry):
    office = users["office"]
    page = call(client, "get", "/units", user=office).json()
    assert page["count"] == 4 and {u["code"] for u in page["items"]} == {"UBND", "SNV", "SKHCN", "SCT"}
    science = next(u for u in page["items"] if u["code"] == "SKHCN")
    assert science["kind_label"] == "Sở" and science["parent"]["code"] == "UBND"
    # Accent-insensitive, every word must be there.
    found = call(client, "get", "/units", user=office, params={"q": "so khoa hoc"}).json()
    assert [u["code"] for u in found["items"]] == ["SKHCN"]
    assert call(client, "get", "/units", user=office, params={"kind": "tinh"}).json()["count"] == 1


def test_unit_detail(client, users, registry):
    response = call(client, "get", f"/units/{registry['science'].pk}", user=users["officer"])
    assert response.status_code == 200
    unit = response.json()
    assert unit["name"] == "Sở Khoa học và Công nghệ" and unit["short_name"] == "Sở KH&CN"
    assert unit["memberships"][0]["cluster"]["code"] == "CUM-II"
    assert unit["memberships"][0]["role_label"] == "Trưởng cụm"
    province = call(client, "get", f"/units/{registry['province'].pk}", user=users["officer"]).json()
    assert {c["code"] for c in province["children"]} == {"SNV", "SKHCN", "SCT"}


def test_pagination_has_a_ceiling(client, users, registry):
    office = users["office"]
    page = call(client, "get", "/units", user=office, params={"limit": 2, "offset": 1}).json()
    assert page["count"] == 4 and len(page["items"]) == 2
    payload = as_error(call(client, "get", "/units", user=office, params={"limit": 201}), 422)
    assert payload["errors"] == ["Tham số “limit”: phải nhỏ hơn hoặc bằng 200."]
    payload = as_error(call(client, "get", "/units", user=office, params={"offset": "abc"}), 422)
    assert payload["errors"] == ["Tham số “offset”: phải là số nguyên."]


def test_clusters_and_their_members_by_year(client, users, registry):
    office, cluster, year = users["office"], registry["cluster"], registry["year"]
    clusters = call(client, "get", "/clusters", user=office, params={"q": "cum thi dua"}).json()
    assert clusters["count"] == 1 and clusters["items"][0]["member_count"] == 2
    detail = call(client, "get", f"/clusters/{cluster.pk}", user=office).json()
    assert detail["membership_years"] == [year] and detail["managing_body"]["code"] == "SNV"
    members = call(client, "get", f"/clusters/{cluster.pk}/members", user=office).json()
    assert members["year"] == year
    assert [(m["unit"]["code"], m["role"]) for m in members["members"]] == [
        ("SCT", "thanh_vien"), ("SKHCN", "truong_cum"),
    ]
    empty = call(client, "get", f"/clusters/{cluster.pk}/members", user=office, params={"year": 2001}).json()
    assert empty == {"cluster": {"id": cluster.pk, "code": "CUM-II", "name": "Cụm thi đua số II"}, "year": 2001, "members": []}


@pytest.mark.parametrize("query", ["nguyen thi ha", "NGUYEN THI HA", "Nguyễn Thị Hà", "thi ha"])
def test_people_search_is_accent_insensitive(client, users, registry, query):
    make_person(registry["trade"], "Nguyễn", "Văn", "Hải")
    page = call(client, "get", "/people", user=users["council"], params={"q": query}).json()
    assert [p["full_name"] for p in page["items"]] == ["Nguyễn Thị Hà"]


def test_control_characters_in_a_search_are_ignored(client, users, registry):
    # PostgreSQL refuses NUL in a string: the search must not turn it into a server error.
    page = call(client, "get", "/people", user=users["office"], params={"q": "nguyen\x00 thi ha"}).json()
    assert [p["full_name"] for p in page["items"]] == ["Nguyễn Thị Hà"]


def test_people_are_sorted_the_vietnamese_way_and_filtered_by_unit(client, users, registry):
    make_person(registry["science"], "Lê", "Văn", "An")
    people = call(client, "get", "/people", user=users["office"]).json()["items"]
    assert [p["ten"] for p in people] == ["An", "Dũng", "Hà"]
    own = call(client, "get", "/people", user=users["office"], params={"unit": registry["science"].pk}).json()
    assert [p["full_name"] for p in own["items"]] == ["Lê Văn An", "Nguyễn Thị Hà"]
    as_error(call(client, "get", "/people", user=users["office"], params={"unit": 987654}), 404)


def test_person_detail_shows_the_personal_id_only_to_who_manages_the_person(client, users, registry):
    url = f"/people/{registry['ha'].pk}"
    own = call(client, "get", url, user=users["officer"]).json()
    assert own["personal_id"] == "020185000001" and own["unit"]["code"] == "SKHCN"
    assert own["positions"][0]["unit"]["code"] == "SKHCN"
    other = call(client, "get", url, user=make_user("officer.sct", Role.UNIT_OFFICER, unit=registry["trade"])).json()
    assert other["full_name"] == "Nguyễn Thị Hà" and other["personal_id"] is None


@pytest.mark.parametrize("who", ["guest", "nobody"])
@pytest.mark.parametrize("path", ["/units", "/units/{unit}", "/clusters", "/clusters/{cluster}",
                                  "/clusters/{cluster}/members", "/people", "/people/{person}",
                                  "/units/{unit}/awards", "/people/{person}/awards"])
def test_registry_is_refused_to_who_holds_no_role(client, users, registry, who, path):
    url = path.format(unit=registry["science"].pk, cluster=registry["cluster"].pk, person=registry["ha"].pk)
    payload = as_error(call(client, "get", url, user=users[who]), 403)
    assert "quyền" in payload["detail"]


def test_missing_records_are_404_in_vietnamese(client, users, registry):
    for path, message in [("/units/999999", "Không tìm thấy đơn vị."), ("/clusters/999999", "Không tìm thấy cụm, khối thi đua."),
                          ("/people/999999", "Không tìm thấy cá nhân.")]:
        assert as_error(call(client, "get", path, user=users["office"]), 404)["detail"] == message
    payload = as_error(call(client, "get", "/units/0", user=users["office"]), 422)
    assert payload["errors"] == ["Tham số đường dẫn “unit_id”: phải lớn hơn hoặc bằng 1."]
    as_error(call(client, "get", f"/units/{2**64}", user=users["office"]), 422)


def test_lists_cost_the_same_queries_whatever_the_rows(client, users, registry):
    office = users["office"]
    paths = ["/units", "/clusters", "/people", f"/clusters/{registry['cluster'].pk}/members"]
    call(client, "get", "/units", user=office)  # the token's first use writes last_used_at

    def cost():
        counts = []
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                assert call(client, "get", path, user=office).status_code == 200
            counts.append(len(captured))
        return counts

    few = cost()
    for index in range(20):
        unit = Unit.objects.create(code=f"U{index}", name=f"Đơn vị {index}", kind="so", parent=registry["province"])
        ClusterMembership.objects.create(
            cluster=registry["cluster"], unit=unit, year=registry["year"],
            valid_from=f"{registry['year']}-01-01", valid_to=f"{registry['year']}-12-31",
        )
        make_person(unit, "Trần", "Văn", f"B{index}")
    assert cost() == few
