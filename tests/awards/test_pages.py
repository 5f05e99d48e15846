"""Award pages: history by hand, who qualifies (with export), import, catalogue; and refusals."""

import datetime
import io

import openpyxl
from django.urls import reverse

from tests.test_permissions import refused
from thidua.awards.models import AwardRecord, Initiative, Parameter, YearResult
from thidua.organisations.models import Discipline


def test_officer_records_history_of_own_people_only(client_for, users, registry):
    client = client_for(users["officer"])
    ha, dung = registry["ha"], registry["dung"]
    url = reverse("person-history", args=[ha.pk])
    client.post(url, {"action": "rating", "rating-year": 2024, "rating-rating": "HTXSNV"})
    client.post(url, {"action": "award", "award-award": "CSTDCS", "award-year": 2024, "award-decision_number": "15/QĐ-SKHCN",
                      "award-decision_date": "20/01/2025", "award-signer": "Giám đốc"})
    client.post(url, {"action": "initiative", "initiative-year": 2024, "initiative-title": "Số hoá hồ sơ", "initiative-scope": "CO_SO"})
    client.post(url, {"action": "discipline", "discipline-form": "khien_trach", "discipline-starts_on": "01/02/2025"})
    assert YearResult.objects.get(person=ha, year=2024).rating == "HTXSNV"
    assert AwardRecord.objects.get(person=ha).decision_number == "15/QĐ-SKHCN"
    assert Initiative.objects.get(person=ha).scope == "CO_SO"
    assert Discipline.objects.get(person=ha).starts_on == datetime.date(2025, 2, 1)
    page = client.get(reverse("person-detail", args=[ha.pk])).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page and "QĐ số 15/QĐ-SKHCN ngày 20/01/2025" in page and "Kỷ luật khiển trách" in page
    refused(client, "post", reverse("person-history", args=[dung.pk]), {"action": "rating", "rating-year": 2024, "rating-rating": "HTXSNV"})
    refused(client, "post", reverse("unit-history", args=[registry["trade"].pk]), {"action": "rating", "rating-year": 2024, "rating-rating": "HTXSNV"})


def test_a_title_for_the_wrong_kind_of_subject_is_refused(client_for, users, registry):
    client = client_for(users["office"])
    response = client.post(reverse("unit-history", args=[registry["trade"].pk]),
                           {"action": "award", "award-award": "CSTDCS", "award-year": 2024, "award-decision_number": "1",
                            "award-decision_date": "20/01/2025"})
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not AwardRecord.objects.exists()


def test_collective_member_counts_cannot_exceed_the_total(client_for, users, registry):
    client = client_for(users["office"])
    page = client.post(reverse("unit-history", args=[registry["trade"].pk]),
                       {"action": "rating", "rating-year": 2024, "rating-rating": "HTXSNV", "rating-members_total": 10,
                        "rating-members_ldtt": 12}).content.decode()
    assert "Không được lớn hơn tổng số thành viên (10)." in page
    assert not YearResult.objects.exists()


def _history(person, years, titles):
    for year in years:
        YearResult.objects.create(person=person, year=year, rating="HTXSNV")
        for code in titles:
            AwardRecord.objects.create(person=person, award_id=code, year=year, decision_number="1",
                                       decision_date=datetime.date(year + 1, 1, 10))


def test_eligibility_page_explains_and_exports(client_for, users, registry):
    _history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    client = client_for(users["office"])
    params = {"year": 2024, "unit": registry["science"].pk, "candidate": "BK_TINH", "kind": "individual"}
    page = client.get(reverse("award-eligibility"), params).content.decode()
    assert "Nguyễn Thị Hà" in page and "Đủ điều kiện" in page
    assert "2023, 2024" in page  # the condition names the years it checked
    response = client.get(reverse("award-eligibility"), {**params, "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:5] == ["Cá nhân", "Nguyễn Thị Hà", "Sở Khoa học và Công nghệ", "Bằng khen của Chủ tịch UBND tỉnh", "Đủ điều kiện"]
    not_yet = client.get(reverse("award-eligibility"), {**params, "verdict": "not"}).content.decode()
    assert "Nguyễn Thị Hà" not in not_yet


def test_an_officer_sees_only_their_own_units(client_for, users, registry):
    client = client_for(users["officer"])
    own = client.get(reverse("award-eligibility"), {"year": 2024, "unit": registry["science"].pk}).content.decode()
    assert "Nguyễn Thị Hà" in own
    other = client.get(reverse("award-eligibility"), {"year": 2024, "unit": registry["trade"].pk}).content.decode()
    assert "Trần Văn Dũng" not in other and "Hãy chọn một lựa chọn hợp lệ" in other
    province = client.get(reverse("award-eligibility"), {"year": 2024}).content.decode()
    assert "Trần Văn Dũng" not in province
    refused(client_for(users["guest"]), "get", reverse("award-eligibility"))


def test_catalogue_parameters_by_the_office_only(client_for, users):
    data = {"key": "base_salary", "value": "2600000", "effective_from": "01/07/2027", "legal_basis": "NĐ mới"}
    refused(client_for(users["officer"]), "post", reverse("award-catalogue"), data)
    page = client_for(users["office"]).get(reverse("award-catalogue")).content.decode()
    assert "Bằng khen của Chủ tịch UBND tỉnh" in page and "2340000" in page
    client_for(users["office"]).post(reverse("award-catalogue"), data)
    assert Parameter.objects.filter(key="base_salary", effective_from=datetime.date(2027, 7, 1)).exists()


def test_import_page(client_for, users, registry):
    from tests.awards.test_history_and_import import row, workbook

    client = client_for(users["office"])
    upload = io.BytesIO(workbook([row(personal_id="020185000001", year=2024, code="LDTT")]))
    upload.name = "khen-thuong.xlsx"
    response = client.post(reverse("award-import"), {"file": upload}, follow=True)
    assert "thêm 1 khen thưởng" in response.content.decode()
    refused(client_for(users["council"]), "get", reverse("award-import"))
    template = client_for(users["office"]).get(reverse("award-import-template"))
    assert openpyxl.load_workbook(io.BytesIO(template.content)).active["A1"].value == "Số định danh cá nhân"
