"""Every movements permission rule, refused for a user without it: 403 (or 404 where the page
hides the object) and nothing changes in the database."""

import datetime

import pytest
from django.urls import reverse

from tests.conftest import make_user
from tests.movements.conftest import answer, forms, pdf
from thidua.awards.models import AwardRecord
from thidua.movements import services
from thidua.movements.models import Campaign, CampaignCommendation, Movement, UnitResponse
from thidua.organisations.models import Role

MODELS = (Movement, UnitResponse, Campaign, CampaignCommendation, AwardRecord, Movement.history.model,
          UnitResponse.history.model, Campaign.history.model, AwardRecord.history.model)


def snapshot():
    return {model.__name__: sorted(model.objects.values_list(), key=repr) for model in MODELS}


def refused(client, method, url, data=None, status=403):
    before = snapshot()
    response = getattr(client, method)(url, data or {})
    assert response.status_code == status, (url, response.status_code)
    assert snapshot() == before
    return response


@pytest.fixture
def world(users, registry, movement):
    campaign = services.campaign_create(
        actor=users["office"], name="Đợt thi đua cao điểm", movement=movement,
        starts_on=datetime.date(2020, 5, 1), ends_on=datetime.date(2020, 9, 30), allowed_forms=forms("BK_TINH"),
    )
    unit_campaign = services.campaign_create(
        actor=users["officer"], name="Đợt thi đua của Sở KH&CN", movement=movement, organiser=registry["science"],
        starts_on=datetime.date(2020, 5, 1), ends_on=datetime.date(2020, 9, 30), allowed_forms=forms("GIAY_KHEN"),
    )
    other_officer = make_user("canbo.sct", Role.UNIT_OFFICER, unit=registry["trade"])
    outsider = make_user("canbo.snv", Role.UNIT_OFFICER, unit=registry["office"])
    return {"movement": movement, "campaign": campaign, "unit_campaign": unit_campaign,
            "other_officer": other_officer, "outsider": outsider}


def commend_data(registry, award="BK_TINH"):
    return {"award": award, "commendation_type": "PHONG_TRAO", "decision_number": "1/QĐ", "decision_date": "01/10/2020",
            "signer": "A", "people": [registry["ha"].pk]}


def movement_data(registry):
    return {"name": "X", "kind": "chuyen_de", "plan_number": "1/KH", "plan_date": "01/01/2020", "starts_on": "01/01/2020",
            "ends_on": "31/12/2020", "answer_deadline": "01/02/2020", "target_units": [registry["science"].pk]}


def test_anonymous_users_are_sent_to_log_in(client, world):
    response = client.get(reverse("movement-list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("name", ["guest", "nobody", "leader"])
def test_users_without_a_unit_or_province_role_cannot_open_movements(client_for, users, world, name):
    client = client_for(users[name])
    m = world["movement"]
    for url in (reverse("movement-list"), reverse("movement-detail", args=[m.pk]), reverse("campaign-list"),
                reverse("campaign-detail", args=[world["campaign"].pk]), reverse("movement-plan-file", args=[m.pk])):
        refused(client, "get", url)


@pytest.mark.parametrize("name", ["officer", "head", "council"])
def test_only_the_office_creates_edits_launches_and_closes(client_for, users, registry, world, draft, name):
    client = client_for(users[name])
    refused(client, "get", reverse("movement-create"))
    refused(client, "post", reverse("movement-create"), movement_data(registry))
    for target in (draft, world["movement"]):
        refused(client, "post", reverse("movement-edit", args=[target.pk]), movement_data(registry))
    refused(client, "post", reverse("movement-launch", args=[draft.pk]))
    refused(client, "post", reverse("movement-close", args=[world["movement"].pk]))


def test_a_draft_is_hidden_from_everyone_but_the_office(client_for, users, draft):
    for name in ("officer", "head", "council"):
        client = client_for(users[name])
        refused(client, "get", reverse("movement-detail", args=[draft.pk]), status=404)
        refused(client, "post", reverse("movement-launch", args=[draft.pk]), status=403)
    assert client_for(users["office"]).get(reverse("movement-detail", args=[draft.pk])).status_code == 200


def test_a_unit_not_targeted_does_not_see_the_movement(client_for, world):
    client = client_for(world["outsider"])
    refused(client, "get", reverse("movement-detail", args=[world["movement"].pk]), status=404)
    refused(client, "get", reverse("movement-plan-file", args=[world["movement"].pk]), status=404)


@pytest.mark.parametrize("name", ["officer", "head"])
def test_only_the_office_and_council_follow_the_answers(client_for, users, world, name):
    url = reverse("movement-answers", args=[world["movement"].pk])
    refused(client_for(users[name]), "get", url)
    refused(client_for(users[name]), "get", url + "?export=xlsx")


def test_an_officer_cannot_answer_for_another_unit_nor_read_its_answers(client_for, users, registry, world):
    movement = world["movement"]
    answer(users, movement, registry["trade"], file=pdf("kh.pdf"))
    client = client_for(users["officer"])
    url = reverse("movement-respond", args=[movement.pk, registry["trade"].pk])
    refused(client, "get", url, status=404)
    data = {"kind": "ke_hoach", "ke_hoach-number": "1", "ke_hoach-issued_on": "01/03/2020", "ke_hoach-signer": "A"}
    refused(client, "post", url, data, status=404)
    refused(client, "get", reverse("movement-response-file", args=[movement.pk, registry["trade"].pk, "ke_hoach"]), status=404)


def test_the_head_reads_but_does_not_send_the_units_answers(client_for, users, registry, world):
    url = reverse("movement-respond", args=[world["movement"].pk, registry["science"].pk])
    head = client_for(users["head"])
    assert head.get(url).status_code == 200
    data = {"kind": "ke_hoach", "ke_hoach-number": "1", "ke_hoach-issued_on": "01/03/2020", "ke_hoach-signer": "A"}
    refused(head, "post", url, data)


@pytest.mark.parametrize("name", ["officer", "head", "council"])
def test_only_the_office_commends_in_a_province_campaign(client_for, users, registry, world, name):
    refused(client_for(users[name]), "post", reverse("campaign-commend", args=[world["campaign"].pk]), commend_data(registry))


def test_only_the_units_officer_commends_in_its_campaign(client_for, users, registry, world):
    url = reverse("campaign-commend", args=[world["unit_campaign"].pk])
    refused(client_for(users["head"]), "post", url, commend_data(registry, "GIAY_KHEN"))
    refused(client_for(users["council"]), "post", url, commend_data(registry, "GIAY_KHEN"))
    # Another unit's officer does not even see the campaign.
    refused(client_for(world["other_officer"]), "post", url, commend_data(registry, "GIAY_KHEN"), status=404)
    refused(client_for(world["other_officer"]), "get", reverse("campaign-detail", args=[world["unit_campaign"].pk]), status=404)
    response = client_for(users["officer"]).post(url, commend_data(registry, "GIAY_KHEN"))
    assert response.status_code == 302 and AwardRecord.objects.get().award_id == "GIAY_KHEN"


def test_a_unit_officer_cannot_create_a_province_campaign_or_another_units(client_for, users, registry, world):
    client = client_for(users["officer"])
    data = {"name": "Đợt", "starts_on": "01/05/2020", "ends_on": "01/06/2020", "allowed_forms": ["GIAY_KHEN"]}
    response = client.post(reverse("campaign-create"), data)  # no organiser: the form requires one
    assert response.status_code == 200 and Campaign.objects.count() == 2
    response = client.post(reverse("campaign-create"), {**data, "organiser": registry["trade"].pk})
    assert response.status_code == 200 and Campaign.objects.count() == 2
    refused(client_for(users["head"]), "get", reverse("campaign-create"))
    refused(client_for(users["council"]), "post", reverse("campaign-create"), {**data, "allowed_forms": ["BK_TINH"]})
