"""The proposal pages from the unit's draft to the decision's documents, with refusals."""

import datetime
import io
import os

import docx
import pytest
from django.urls import reverse

from tests.awards.test_proposals import history
from tests.test_permissions import refused
from thidua.awards.models import AwardRecord, Proposal
from thidua.documents.render import soffice_path


def test_unit_drafts_submits_office_decides_and_documents_come_out(client_for, users, registry):
    ha = registry["ha"]
    history(ha, [2023, 2024], ["LDTT", "CSTDCS"])
    officer = client_for(users["officer"])
    officer.post(reverse("proposal-list"), {"proposing_unit": registry["science"].pk, "year": 2024,
                                            "title": "Đề nghị tặng Bằng khen năm 2024", "number": "45/TTr-SKHCN"})
    proposal = Proposal.objects.get()
    url = reverse("proposal-detail", args=[proposal.pk])
    page = officer.post(url, {"action": "item", "person": ha.pk, "award": "BK_TINH"}, follow=True).content.decode()
    assert "Đã thêm vào danh sách đề nghị." in page and "Đủ điều kiện" in page
    officer.post(reverse("proposal-action", args=[proposal.pk, "move"]), {"target": "submitted"})
    refused(officer, "post", reverse("proposal-action", args=[proposal.pk, "move"]), {"target": "received"})
    office = client_for(users["office"])
    office.post(reverse("proposal-action", args=[proposal.pk, "move"]), {"target": "received"})
    office.post(reverse("proposal-action", args=[proposal.pk, "move"]), {"target": "appraised", "note": "Đủ hồ sơ"})
    office.post(reverse("proposal-action", args=[proposal.pk, "decide"]),
                {"number": "512/QĐ-UBND", "date": "01/03/2025", "signer": "Lương Trọng Quỳnh", "signer_title": "KT. CHỦ TỊCH – PHÓ CHỦ TỊCH"})
    assert AwardRecord.objects.get(person=ha, award_id="BK_TINH").decision_number == "512/QĐ-UBND"
    response = office.get(reverse("proposal-decision", args=[proposal.pk, "quyet-dinh.docx"]))
    document = docx.Document(io.BytesIO(response.content))
    assert [c.text for c in document.tables[0].rows[1].cells] == ["Số: 512/QĐ-UBND", "Lạng Sơn, ngày 01 tháng 3 năm 2025"]
    rows = [[c.text for c in r.cells] for r in document.tables[-1].rows]
    assert rows[1] == ["1", "Bà Nguyễn Thị Hà", "Sở Khoa học và Công nghệ", "Bằng khen của Chủ tịch UBND tỉnh"]
    refused(client_for(users["guest"]), "get", reverse("proposal-decision", args=[proposal.pk, "quyet-dinh.docx"]))


def test_a_not_eligible_candidate_shows_the_refusal_and_needs_a_reason(client_for, users, registry):
    officer = client_for(users["officer"])
    officer.post(reverse("proposal-list"), {"proposing_unit": registry["science"].pk, "year": 2024, "title": "Đề nghị"})
    proposal = Proposal.objects.get()
    url = reverse("proposal-detail", args=[proposal.pk])
    page = officer.post(url, {"action": "item", "person": registry["ha"].pk, "award": "BK_TINH"}).content.decode()
    assert "chưa đủ điều kiện" in page and "Nếu vẫn đề nghị, hãy ghi lý do." in page
    assert not proposal.items.exists()
    officer.post(url, {"action": "item", "person": registry["ha"].pk, "award": "BK_TINH", "override_reason": "Thành tích đột xuất"})
    assert proposal.items.get().override_reason == "Thành tích đột xuất"


def test_other_units_cannot_see_or_touch_a_proposal(client_for, users, registry):
    from tests.conftest import make_user
    from thidua.organisations.models import Role

    officer = client_for(users["officer"])
    officer.post(reverse("proposal-list"), {"proposing_unit": registry["science"].pk, "year": 2024, "title": "Đề nghị"})
    proposal = Proposal.objects.get()
    stranger = client_for(make_user("officer.sct", Role.UNIT_OFFICER, unit=registry["trade"]))
    assert stranger.get(reverse("proposal-detail", args=[proposal.pk])).status_code == 404
    assert stranger.post(reverse("proposal-action", args=[proposal.pk, "move"]), {"target": "submitted"}).status_code == 404
    assert Proposal.objects.get().state == "draft"
    refused(client_for(users["guest"]), "get", reverse("proposal-list"))


@pytest.mark.skipif(soffice_path() is None and os.environ.get("THIDUA_REQUIRE_OFFICE") != "1", reason="LibreOffice is not installed")
def test_certificates_are_one_printable_pdf(client_for, users, registry):
    from thidua.awards import services
    from thidua.awards.models import AwardKind

    history(registry["ha"], [2023, 2024], ["LDTT", "CSTDCS"])
    history(registry["dung"], [2023, 2024], ["LDTT", "CSTDCS"])
    proposal = services.proposal_create(actor=users["office"], proposing_unit=registry["science"], year=2024, title="BK")
    for person in (registry["ha"], registry["dung"]):
        services.item_add(actor=users["office"], proposal=proposal, person=person, award=AwardKind.objects.get(code="BK_TINH"))
    for target in ["submitted", "received", "appraised"]:
        proposal = services.proposal_move(actor=users["office"], proposal=proposal, target=target)
    services.decision_issue(actor=users["office"], proposal=proposal, number="9/QĐ-UBND", date=datetime.date(2025, 3, 1), signer="X")
    response = client_for(users["office"]).get(reverse("proposal-decision", args=[proposal.pk, "bang-khen.pdf"]))
    assert response.content.startswith(b"%PDF") and b"/Count 2" in response.content  # two pages, one per certificate
