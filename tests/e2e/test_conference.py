"""The conference in the browser: from the ranking to the generated biên bản."""

import io

import docx
import pytest

from tests.conftest import PASSWORD
from tests.e2e.test_browser import page  # noqa: F401 - the Chromium page fixture
from tests.cycles.conftest import year_setup  # noqa: F401 - the scored cluster year's base
from thidua.cycles import services
from thidua.cycles.models import Vote

pytestmark = pytest.mark.e2e


@pytest.mark.django_db(transaction=True)
def test_conference_from_ranking_to_minutes(live_server, page, users, year_setup):  # noqa: F811
    from tests.cycles.test_scoring import scored_year

    setup = scored_year(year_setup)
    cy = setup["cy"]
    base = live_server.url
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")

    page.goto(f"{base}/nam-thi-dua/{cy.pk}/ket-qua/")
    first_row = page.locator("table.ranking tbody tr").first
    assert "Sở Công thương" in first_row.inner_text()

    page.click(".nav-tabs >> text=Đề nghị khen thưởng")
    page.click("text=Lập dự kiến từ kết quả xếp hạng")
    assert "Cờ thi đua của UBND tỉnh" in page.inner_text("main")

    page.click(".nav-tabs >> text=Tổng quan")
    page.click("text=Chuyển sang: Hội nghị tổng kết")
    assert page.inner_text("#phase") == "Hội nghị tổng kết"

    page.click(".nav-tabs >> text=Đề nghị khen thưởng")
    page.locator("tr", has_text="Sở Công thương").locator("text=Mở biểu quyết").click()
    vote = Vote.objects.get()
    for code in ["SCT", "SKHCN", "SXD"]:  # the members vote from their own accounts
        services.ballot_cast(actor=setup["officers"][code], vote=vote, unit=setup["units"][code], option=vote.options.get(approves=True))
    page.reload()
    page.click("text=Kết thúc, kiểm phiếu")
    assert "Thông qua" in page.inner_text(".vote")

    page.click(".nav-tabs >> text=Hội nghị, văn bản")
    page.fill("#id_held_on", "05/01/2021")
    page.select_option("#id_host", label="Sở Khoa học và Công nghệ")
    page.fill("#id_place", "Hội trường Sở Khoa học và Công nghệ")
    page.fill("#id_chair", "Nông Văn Chủ")
    page.fill("#id_secretary", "Hứa Thị Ký")
    page.fill("#id_minutes_number", "01")
    page.click("form >> text=Lưu")
    assert "Đã lưu thông tin hội nghị." in page.inner_text("main")

    with page.expect_download() as download:
        page.locator(".documents li", has_text="Biên bản").locator("text=Word").click()
    minutes = docx.Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "Chủ trì: Nông Văn Chủ" in text and "Thông qua" in text
    assert [c.text for c in minutes.tables[0].rows[1].cells] == ["Số: 01/BB-CTĐII", "Lạng Sơn, ngày 05 tháng 01 năm 2021"]
