"""Generated documents: the Decree 30/2020 header, the number line, the tables; PDF; templates."""

import io
import os

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from tests.test_permissions import refused
from thidua.cycles import documents, selectors
from thidua.documents.defaults import default_path
from thidua.documents.models import DocumentTemplate
from thidua.documents.render import soffice_path

OFFICE_REQUIRED = os.environ.get("THIDUA_REQUIRE_OFFICE") == "1"


@pytest.fixture
def demo_year(db):
    call_command("demo")
    return selectors.cluster_year_find(cluster_code="CUM-II", year=2020)


def text_of(data: bytes) -> tuple[docx.Document, str]:
    document = docx.Document(io.BytesIO(data))
    return document, "\n".join(p.text for p in document.paragraphs)


def test_minutes_have_the_header_block_number_line_and_results(demo_year):
    data, name = documents.generate(demo_year, "bien_ban")
    assert name == "bien-ban-hoi-nghi-cum-ii-2020.docx"
    document, body = text_of(data)
    header = document.tables[0]
    assert [c.text for c in header.rows[0].cells] == [
        "UBND TỈNH LẠNG SƠN\nCỤM THI ĐUA SỐ II", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    ]
    assert [c.text for c in header.rows[1].cells] == ["Số: 01/BB-CTĐII", "Lạng Sơn, ngày 05 tháng 01 năm 2021"]
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic
    results = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert results[:4] == [["Hạng", "Đơn vị", "Tổng điểm"], ["1", "Sở Công thương", "97,5"],
                           ["2", "Sở Khoa học và Công nghệ", "95"], ["3", "Sở Xây dựng", "93"]]
    assert "BIÊN BẢN" in body and "Trưởng cụm: Sở Tài nguyên và Môi trường" in body
    assert "Phó trưởng cụm: Sở Giao thông Vận tải" in body
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm), round(section.left_margin.mm)) == (210, 297, 30)


def test_proposal_lists_the_approved_units_in_rank_order(demo_year):
    document, body = text_of(documents.generate(demo_year, "to_trinh")[0])
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert rows == [
        ["STT", "Tên đơn vị", "Hình thức khen thưởng", "Tổng điểm", "Xếp hạng"],
        ["1", "Sở Công thương", "Cờ thi đua của UBND tỉnh", "97,5", "1"],
        ["2", "Sở Khoa học và Công nghệ", "Bằng khen của Chủ tịch UBND tỉnh", "95", "2"],
        ["3", "Sở Xây dựng", "Bằng khen của Chủ tịch UBND tỉnh", "93", "3"],
    ]
    assert [c.text for c in document.tables[0].rows[1].cells][0] == "Số: 02/TTr-CTĐII"
    assert "TỜ TRÌNH" in body


def test_pact_of_2021_lists_all_seven_signatures(demo_year):
    next_year = selectors.cluster_year_find(cluster_code="CUM-II", year=2021)
    document, body = text_of(documents.generate(next_year, "giao_uoc")[0])
    assert "GIAO ƯỚC THI ĐUA NĂM 2021" in body
    assert len(document.tables[1].rows) == 8


def test_documents_need_the_conference_record(year_setup):
    from thidua.core.errors import InvalidTransition

    with pytest.raises(InvalidTransition, match="hội nghị"):
        documents.generate(year_setup["cy"], "bien_ban")


@pytest.mark.skipif(soffice_path() is None and not OFFICE_REQUIRED, reason="LibreOffice is not installed")
def test_pdf_has_the_vietnamese_text(demo_year, tmp_path):
    data, name = documents.generate(demo_year, "bien_ban", "pdf")
    assert data.startswith(b"%PDF") and name.endswith(".pdf")
    import subprocess
    import shutil

    if shutil.which("pdftotext"):
        path = tmp_path / name
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Sở Khoa học và Công nghệ" in text


def test_document_download_and_refusal(client_for, demo_year):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="canbo.sct")
    response = client_for(user).get(reverse("year-document", args=[demo_year.pk, "bien_ban", "docx"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    guest = get_user_model().objects.get(username="khach")
    refused(client_for(guest), "get", reverse("year-document", args=[demo_year.pk, "bien_ban", "docx"]))


def test_an_uploaded_template_replaces_the_default_until_deactivated(client_for, demo_year, settings, tmp_path):
    from django.contrib.auth import get_user_model

    settings.MEDIA_ROOT = tmp_path
    template = docx.Document(str(default_path("bien_ban")))
    template.add_paragraph("Mẫu riêng của tỉnh: {{ cluster_name }}")
    buffer = io.BytesIO()
    template.save(buffer)
    officer = get_user_model().objects.get(username="canbo.sct")
    upload = SimpleUploadedFile("mau.docx", buffer.getvalue())
    refused(client_for(officer), "post", reverse("document-templates"), {"kind": "bien_ban", "file": upload})
    office = client_for(get_user_model().objects.get(username="phongtdkt"))
    upload = SimpleUploadedFile("mau.docx", buffer.getvalue())
    office.post(reverse("document-templates"), {"kind": "bien_ban", "file": upload, "note": "Mẫu 2021"})
    _, body = text_of(documents.generate(demo_year, "bien_ban")[0])
    assert "Mẫu riêng của tỉnh: Cụm thi đua số II" in body
    office.post(reverse("document-template-deactivate", args=[DocumentTemplate.objects.get().pk]))
    _, body = text_of(documents.generate(demo_year, "bien_ban")[0])
    assert "Mẫu riêng của tỉnh" not in body


def test_a_broken_template_is_refused(users, settings, tmp_path):
    from thidua.core.errors import ValidationFailed
    from thidua.documents import services as document_services

    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationFailed, match="Tệp mẫu"):
        document_services.template_upload(actor=users["office"], kind="bien_ban", file=SimpleUploadedFile("x.docx", b"not a docx"))
    assert not DocumentTemplate.objects.exists()


def test_conference_page_records_the_meeting(client_for, users, year_setup):
    from tests.cycles.test_scoring import scored_year

    setup = scored_year(year_setup)
    cy = setup["cy"]
    url = reverse("year-conference", args=[cy.pk])
    data = {"held_on": "05/01/2021", "starts_at": "08:00", "host": setup["units"]["SKHCN"].pk, "place": "Hội trường",
            "chair": "Nguyễn Văn A", "secretary": "Trần Thị B", "minutes_number": "01"}
    refused(client_for(setup["officers"]["SCT"]), "post", url, data)
    client_for(users["office"]).post(url, data)
    conference = cy.conference
    assert conference.held_on.isoformat() == "2021-01-05" and conference.chair == "Nguyễn Văn A"
    client_for(users["office"]).post(reverse("year-conference-attendee", args=[cy.pk, "add"]),
                                     {"name": "Lê Văn C", "position": "Giám đốc", "unit": setup["units"]["SCT"].pk})
    assert conference.attendees.get().name == "Lê Văn C"
