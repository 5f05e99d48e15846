"""Proposals, award history and eligibility verdicts through the API."""

import datetime

import pytest

from tests.api import as_error, call
from tests.conftest import make_user
from thidua.awards import services
from thidua.awards.models import AwardKind, AwardRecord, Initiative, YearResult
from thidua.organisations.models import Discipline, Role


def history(person, years, titles, rating="HTXSNV"):
    for year in years:
        YearResult.objects.create(person=person, year=year, rating=rating)
        for code in titles:
            AwardRecord.objects.create(person=person, award_id=code, year=year, decision_number=f"{year}/QĐ",
                                       decision_date=datetime.date(year + 1, 1, 10))


@pytest.fixture
def proposals(users, registry):
    """A dossier of Sở KH&CN with Hà proposed for Bằng khen, and one of Sở Công thương."""
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    own = services.proposal_create(actor=users["officer"], proposing_unit=registry["science"], year=2024,
                                   title="Đề nghị khen thưởng năm 2024", number="45/TTr-SKHCN")
    services.item_add(actor=users["officer"], proposal=own, person=registry["ha"], award=AwardKind.objects.get(code="BK_TINH"))
    other = services.proposal_create(actor=users["office"], proposing_unit=registry["trade"], year=2024,
                                     title="Đề nghị của Sở Công thương")
    return {"own": own, "other": other}


def test_office_and_council_see_every_proposal(client, users, proposals):
    for who in ("office", "council"):
        page = call(client, "get", "/proposals", user=users[who]).json()
        assert page["count"] == 2
    filtered = call(client, "get", "/proposals", user=users["office"], params={"unit": proposals["other"].proposing_unit_id}).json()
    assert [p["title"] for p in filtered["items"]] == ["Đề nghị của Sở Công thương"]
    assert call(client, "get", "/proposals", user=users["office"], params={"state": "submitted"}).json()["count"] == 0
    assert call(client, "get", "/proposals", user=users["office"], params={"year": 2023}).json()["count"] == 0


def test_unit_staff_see_their_units_proposals_only(client, users, proposals):
    for who in ("officer", "head"):
        page = call(client, "get", "/proposals", user=users[who]).json()
        assert [p["id"] for p in page["items"]] == [proposals["own"].pk]
    # Another unit's dossier is "not found", like on the pages.
    as_error(call(client, "get", f"/proposals/{proposals['other'].pk}", user=users["officer"]), 404)
    as_error(call(client, "get", "/proposals", user=users["guest"]), 403)


def test_proposal_detail_with_items_and_verdicts(client, users, proposals):
    detail = call(client, "get", f"/proposals/{proposals['own'].pk}", user=users["officer"]).json()
    assert detail["state"] == "draft" and detail["state_label"] == "Dự thảo" and detail["number"] == "45/TTr-SKHCN"
    assert detail["decision"] is None and detail["proposing_unit"]["code"] == "SKHCN"
    (item,) = detail["items"]
    assert item["person"]["full_name"] == "Nguyễn Thị Hà" and item["unit"] is None
    assert item["award"] == {"code": "BK_TINH", "name": AwardKind.objects.get(code="BK_TINH").name}
    assert item["eligible"] is True
    assert all(set(c) == {"ok", "text", "basis"} for c in item["verdict"])
    assert any("2023, 2024" in c["text"] for c in item["verdict"])


def test_a_persons_award_history(client, users, registry):
    ha = registry["ha"]
    history(ha, [2023], ["LDTT"])
    record = AwardRecord.objects.get(person=ha, award_id="LDTT")
    Initiative.objects.create(person=ha, year=2023, title="Sổ tay điện tử", scope="CO_SO", used_for=record)
    Discipline.objects.create(person=ha, form="khien_trach", starts_on=datetime.date(2021, 3, 1), ends_on=datetime.date(2021, 12, 31))
    response = call(client, "get", f"/people/{ha.pk}/awards", user=users["council"])
    assert response.status_code == 200
    data = response.json()
    assert data["subject"] == {"kind": "individual", "id": ha.pk, "name": "Nguyễn Thị Hà"}
    years = {entry["year"]: entry for entry in data["years"]}
    assert list(years) == [2023, 2021]
    assert years[2023]["rating"] == {"code": "HTXSNV", "label": "Hoàn thành xuất sắc nhiệm vụ"}
    assert years[2023]["awards"][0]["award"]["code"] == "LDTT" and years[2023]["awards"][0]["decision_number"] == "2023/QĐ"
    assert years[2023]["initiatives"][0]["used_for"].endswith("năm 2023")
    assert years[2021]["discipline"][0]["form_label"] == "Khiển trách"


def test_a_units_award_history(client, users, registry):
    AwardRecord.objects.create(unit=registry["science"], award_id="CO_TINH", year=2022, decision_number="7/QĐ",
                               decision_date=datetime.date(2023, 2, 1))
    data = call(client, "get", f"/units/{registry['science'].pk}/awards", user=users["officer"]).json()
    assert data["subject"]["kind"] == "collective"
    assert data["years"][0]["year"] == 2022 and data["years"][0]["awards"][0]["award"]["code"] == "CO_TINH"


def test_eligibility_of_a_person(client, users, registry):
    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    url = f"/people/{registry['ha'].pk}/eligibility"
    data = call(client, "get", url, user=users["officer"], params={"year": 2024, "candidate": "BK_TINH"}).json()
    assert data["subject"]["name"] == "Nguyễn Thị Hà" and data["year"] == 2024 and data["ruleset"] == "2022/ND98"
    (verdict,) = data["verdicts"]
    assert verdict["candidate"] == "BK_TINH" and verdict["eligible"] is True
    assert verdict["conditions"][0]["ok"] is True  # the first condition is always discipline
    assert all(c["text"] and c["basis"] for c in verdict["conditions"])
    every = call(client, "get", url, user=users["officer"], params={"year": 2024}).json()
    codes = [v["candidate"] for v in every["verdicts"]]
    assert "CSTDCS" in codes and "CO_TINH" not in codes  # only forms that apply to a person
    old = call(client, "get", url, user=users["officer"], params={"year": 2020, "candidate": "LDTT"}).json()
    assert old["ruleset"] == "2013/ND91"


def test_eligibility_of_a_unit(client, users, registry):
    url = f"/units/{registry['science'].pk}/eligibility"
    data = call(client, "get", url, user=users["head"], params={"year": 2024, "candidate": "TTLDXS"}).json()
    (verdict,) = data["verdicts"]
    assert data["subject"]["kind"] == "collective" and verdict["eligible"] is False
    assert any(c["ok"] is False for c in verdict["conditions"])
    refusal = call(client, "get", url, user=users["head"], params={"year": 2024, "candidate": "LDTT"}).json()
    assert refusal["verdicts"][0]["eligible"] is False  # LĐTT is for people only, and says so


def test_eligibility_of_another_units_people_is_refused(client, users, registry):
    other = make_user("officer.sct", Role.UNIT_OFFICER, unit=registry["trade"])
    payload = as_error(call(client, "get", f"/people/{registry['ha'].pk}/eligibility", user=other), 403)
    assert "thuộc đơn vị mình" in payload["detail"]
    as_error(call(client, "get", f"/units/{registry['science'].pk}/eligibility", user=other), 403)
    as_error(call(client, "get", f"/units/{registry['science'].pk}/eligibility", user=users["guest"]), 403)
    # The council sees every unit's people.
    assert call(client, "get", f"/people/{registry['ha'].pk}/eligibility", user=users["council"]).status_code == 200


def test_an_unknown_candidate_or_year_is_422_naming_the_parameter(client, users, registry):
    url = f"/people/{registry['ha'].pk}/eligibility"
    payload = as_error(call(client, "get", url, user=users["office"], params={"candidate": "XYZ"}), 422)
    assert payload["errors"][0].startswith("Tham số “candidate”: phải là một trong các giá trị:")
    payload = as_error(call(client, "get", url, user=users["office"], params={"year": 99999}), 422)
    assert payload["errors"] == ["Tham số “year”: phải nhỏ hơn hoặc bằng 2100."]
