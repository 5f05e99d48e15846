"""The movements and campaigns pages: what each role sees and does, and the XLSX export."""

import datetime
import io

import openpyxl
from django.urls import reverse

from tests.movements.conftest import answer, forms, movement_fields, pdf
from thidua.awards.models import AwardRecord
from thidua.movements import services
from thidua.movements.models import Campaign, Movement, UnitResponse

DATES = {
    "plan_date": "10/02/2020", "starts_on": "10/02/2020", "ends_on": "31/12/2020", "answer_deadline": "10/03/2020",
    "mid_review_on": "15/07/2020", "mid_report_deadline": "05/07/2020", "final_review_on": "20/12/2020",
    "final_report_deadline": "10/12/2020",
}


def movement_post(registry, **overrides) -> dict:
    data = {
        "name": "Phong trào thi đua chuyển đổi số năm 2020", "kind": "chuyen_de", "plan_number": "88/KH-UBND",
        "plan_signer": "Hồ Tiến Thiệu", "criteria": "Số hoá hồ sơ", "target_units": [registry["science"].pk, registry["trade"].pk],
        "allowed_forms": ["GIAY_KHEN", "BK_TINH"], **DATES,
    }
    data.update(overrides)
    return data


def test_the_office_creates_launches_and_closes_a_movement(client_for, users, registry):
    office = client_for(users["office"])
    response = office.post(reverse("movement-create"), {**movement_post(registry), "plan_file": pdf()})
    movement = Movement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("movement-detail", args=[movement.pk])
    assert movement.kind == "chuyen_de" and movement.answer_deadline == datetime.date(2020, 3, 10) and movement.plan_file
    office.post(reverse("movement-edit", args=[movement.pk]), movement_post(registry, target_units=[registry["science"].pk]))
    assert list(movement.target_units.all()) == [registry["science"]]
    page = office.get(reverse("movement-detail", args=[movement.pk])).content.decode()
    assert "Phát động" in page and "88/KH-UBND" in page and "Lịch sử thay đổi" in page
    office.post(reverse("movement-launch", args=[movement.pk]))
    movement.refresh_from_db()
    assert movement.state == "launched"
    file = office.get(reverse("movement-plan-file", args=[movement.pk]))
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF")
    office.post(reverse("movement-close", args=[movement.pk]))
    movement.refresh_from_db()
    assert movement.state == "closed"


def test_bad_input_shows_vietnamese_messages_naming_the_field(client_for, users, registry):
    office = client_for(users["office"])
    response = office.post(reverse("movement-create"), movement_post(registry, ends_on="01/01/2020"))
    page = response.content.decode()
    assert response.status_code == 200 and not Movement.objects.exists()
    assert "Kết thúc ngày: phải từ ngày bắt đầu trở về sau." in page
    response = office.post(reverse("movement-create"), {**movement_post(registry), "plan_file": pdf("kh.exe")})
    assert "Tệp kế hoạch: tệp “kh.exe” không được nhận" in response.content.decode() and not Movement.objects.exists()
    response = office.post(reverse("movement-create"), movement_post(registry, plan_number=""))
    assert "Số kế hoạch phát động" in response.content.decode() and not Movement.objects.exists()


def test_unit_staff_see_only_launched_movements_targeting_their_unit(client_for, users, registry, draft):
    other = services.movement_create(actor=users["office"], **movement_fields(
        registry, name="Phong trào chỉ cho Sở Công thương", target_units=[registry["trade"]]))
    services.movement_launch(actor=users["office"], movement=other)
    officer = client_for(users["officer"])
    page = officer.get(reverse("movement-list")).content.decode()
    assert draft.name not in page and other.name not in page
    services.movement_launch(actor=users["office"], movement=draft)
    page = officer.get(reverse("movement-list")).content.decode()
    assert draft.name in page and other.name not in page
    assert officer.get(reverse("movement-detail", args=[other.pk])).status_code == 404


def test_the_officer_sends_the_units_plan_from_its_answer_page(client_for, users, registry, movement):
    officer = client_for(users["officer"])
    url = reverse("movement-respond", args=[movement.pk, registry["science"].pk])
    assert "Kế hoạch hưởng ứng" in officer.get(url).content.decode()
    response = officer.post(url, {"kind": "ke_hoach", "ke_hoach-number": "15/KH-SKHCN", "ke_hoach-issued_on": "01/03/2020",
                                  "ke_hoach-signer": "Nguyễn Văn An", "ke_hoach-content": "Triển khai", "ke_hoach-file": pdf("kh.pdf")})
    assert response.status_code == 302
    sent = UnitResponse.objects.get()
    assert (sent.unit, sent.kind, sent.number, sent.submitted_by) == (registry["science"], "ke_hoach", "15/KH-SKHCN", users["officer"])
    file = officer.get(reverse("movement-response-file", args=[movement.pk, registry["science"].pk, "ke_hoach"]))
    assert file.status_code == 200
    bad = officer.post(url, {"kind": "so_ket", "so_ket-number": "", "so_ket-issued_on": "32/13/2020", "so_ket-signer": ""})
    assert bad.status_code == 400 and UnitResponse.objects.count() == 1
    assert "Ngày văn bản" in bad.content.decode() or "Nhập một ngày hợp lệ" in bad.content.decode()


def test_the_answers_page_and_its_export_show_who_has_not_answered(client_for, users, registry, movement):
    answer(users, movement, registry["science"], on=datetime.date(2020, 3, 12))
    office = client_for(users["office"])
    page = office.get(reverse("movement-answers", args=[movement.pk])).content.decode()
    assert "Trễ hạn 2 ngày" in page and "Chưa gửi (quá hạn)" in page
    export = office.get(reverse("movement-answers", args=[movement.pk]) + "?export=xlsx")
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = {row[2]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["Sở Khoa học và Công nghệ"][4] == "Trễ hạn (2 ngày)"
    assert rows["Sở Công thương"][4] == "Chưa gửi (quá hạn)"
    assert client_for(users["council"]).get(reverse("movement-answers", args=[movement.pk])).status_code == 200


def test_the_office_records_campaign_commendations_from_the_page(client_for, users, registry, movement):
    office = client_for(users["office"])
    response = office.post(reverse("campaign-create"), {
        "name": "Đợt thi đua 6 tháng cuối năm", "movement": movement.pk, "starts_on": "01/07/2020",
        "ends_on": "30/11/2020", "allowed_forms": ["BK_TINH"],
    })
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and campaign.movement == movement and campaign.organiser is None
    response = office.post(reverse("campaign-commend", args=[campaign.pk]), {
        "award": "BK_TINH", "commendation_type": "PHONG_TRAO", "decision_number": "2150/QĐ-UBND",
        "decision_date": "15/12/2020", "signer": "Hồ Tiến Thiệu", "people": [registry["ha"].pk], "units": [registry["trade"].pk],
    })
    assert response.status_code == 302
    assert AwardRecord.objects.filter(commendation_type="PHONG_TRAO", decision_number="2150/QĐ-UBND").count() == 2
    page = office.get(reverse("campaign-detail", args=[campaign.pk])).content.decode()
    assert "Nguyễn Thị Hà" in page and "Theo phong trào thi đua, chuyên đề" in page
    again = office.post(reverse("campaign-commend", args=[campaign.pk]), {
        "award": "BK_TINH", "commendation_type": "PHONG_TRAO", "decision_number": "2151/QĐ-UBND",
        "decision_date": "16/12/2020", "signer": "Hồ Tiến Thiệu", "people": [registry["ha"].pk],
    })
    assert again.status_code == 400 and "đã được Bằng khen" in again.content.decode()
    timeline = office.get(reverse("person-detail", args=[registry["ha"].pk])).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in timeline and "Theo phong trào thi đua, chuyên đề" in timeline


def test_the_navigation_links_to_movements_for_role_holders(client_for, users):
    assert reverse("movement-list") in client_for(users["officer"]).get(reverse("home")).content.decode()


def test_the_movement_list_keeps_its_queries_flat(client_for, users, registry, django_assert_max_num_queries):
    for number in range(5):
        services.movement_create(actor=users["office"], **movement_fields(registry, name=f"Phong trào {number}"))
    office = client_for(users["office"])
    office.get(reverse("movement-list"))
    with django_assert_max_num_queries(12):
        assert office.get(reverse("movement-list")).status_code == 200


def test_every_page_opens_for_the_roles_that_use_it(client_for, users, registry, movement):
    campaign = services.campaign_create(actor=users["office"], name="Đợt thi đua quý III", movement=movement,
                                        starts_on=datetime.date(2020, 7, 1), ends_on=datetime.date(2020, 9, 30),
                                        allowed_forms=forms("BK_TINH"))
    pages = {
        "office": [reverse("movement-list"), reverse("movement-create"), reverse("movement-detail", args=[movement.pk]),
                   reverse("movement-edit", args=[movement.pk]), reverse("movement-answers", args=[movement.pk]),
                   reverse("movement-respond", args=[movement.pk, registry["trade"].pk]), reverse("campaign-list"),
                   reverse("campaign-create") + f"?phong_trao={movement.pk}", reverse("campaign-detail", args=[campaign.pk])],
        "officer": [reverse("movement-list"), reverse("movement-detail", args=[movement.pk]),
                    reverse("movement-respond", args=[movement.pk, registry["science"].pk]), reverse("campaign-list"),
                    reverse("campaign-create"), reverse("campaign-detail", args=[campaign.pk])],
        "council": [reverse("movement-list"), reverse("movement-detail", args=[movement.pk]),
                    reverse("movement-answers", args=[movement.pk]), reverse("campaign-detail", args=[campaign.pk])],
        "head": [reverse("movement-list"), reverse("movement-detail", args=[movement.pk]), reverse("campaign-list")],
    }
    for name, urls in pages.items():
        client = client_for(users[name])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (name, url, response.status_code)
            assert 'style="' not in response.content.decode() and "<script>" not in response.content.decode()
