"""Issue #5 in the browser: a closed year's conference article from draft to the public page, and
the province dashboard's Chart.js charts with the demo's numbers in their tables."""

from collections import Counter

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model

from tests.e2e.test_browser import page  # noqa: F401 - the Chromium page fixture
from thidua.awards import catalogue
from thidua.awards.models import AwardRecord
from thidua.cycles import services
from thidua.cycles.models import ClusterYear
from thidua.demo import awards as demo_awards
from thidua.demo import cycles as demo_cycles
from thidua.demo import organisations as demo_organisations
from thidua.news.models import Article

pytestmark = pytest.mark.e2e


def load_demo_year(with_awards: bool = False) -> ClusterYear:
    """The parts of `thidua demo` these tests need: the registry, Cụm II's 2020 year and its
    conference (the year is then submitted to the province), optionally the award history.

    A transactional test empties every table when it ends, the award catalogue of the data
    migration included, so it is put back first (catalogue.load only creates what is missing)."""
    catalogue.load(django_apps)
    demo_organisations.load()
    demo_cycles.load()
    demo_cycles.load_conference()
    if with_awards:
        demo_awards.load()
    return ClusterYear.objects.select_related("cluster").get(cluster__code="CUM-II", year=demo_cycles.YEAR)


def log_in(page, base: str, username: str) -> None:  # noqa: F811
    page.goto(f"{base}/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", demo_organisations.DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def csp_violations(page) -> list[str]:  # noqa: F811
    found: list[str] = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None)
    return found


@pytest.mark.django_db(transaction=True)
def test_conference_article_from_a_closed_year_reaches_the_public(live_server, page):  # noqa: F811
    cluster_year = load_demo_year()
    office = get_user_model().objects.get(username="phongtdkt")
    cluster_year = services.phase_move(actor=office, cluster_year=cluster_year, to_phase="closed")
    base = live_server.url
    violations = csp_violations(page)
    log_in(page, base, "phongtdkt")

    page.goto(f"{base}/nam-thi-dua/{cluster_year.pk}/")
    assert page.inner_text("#phase") == "Kết thúc"
    page.click(".nav-tabs >> text=Hội nghị, văn bản")
    page.click("text=Soạn tin từ hội nghị")
    page.click("button:has-text('Lưu thành bản nháp')")
    page.wait_for_selector("text=Bản nháp")
    article = Article.objects.get(cluster_year=cluster_year)
    assert not article.is_published
    page.click("button:has-text('Đăng tin')")
    page.wait_for_selector("text=Đã đăng tin: mọi người đều xem được.")
    article.refresh_from_db()
    assert article.is_published

    # A visitor who never logged in: a fresh browser context, no session cookie.
    visitor = page.context.browser.new_context(locale="vi-VN")
    try:
        public = visitor.new_page()
        public.goto(f"{base}/tin-tuc/")
        public.click(f"text={article.title}")
        assert public.inner_text("h1").strip() == article.title
        body = public.locator("article.news-body")
        assert body.is_visible()
        assert "Sở Công thương" in body.inner_text()
        # The closed year's public results are one link away.
        public.goto(f"{base}/cong-khai/")
        public.click(f"text=Năm {cluster_year.year}")
        assert public.locator("table.public-ranking tbody tr").first.inner_text().startswith("1")
        assert "Sở Công thương" in public.locator("table.public-ranking tbody tr").first.inner_text()
    finally:
        visitor.close()
    assert violations == []


@pytest.mark.django_db(transaction=True)
def test_province_dashboard_draws_charts_with_the_demo_numbers(live_server, page):  # noqa: F811
    load_demo_year(with_awards=True)
    base = live_server.url
    violations = csp_violations(page)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, base, "phongtdkt")
    page.click("nav >> text=Thống kê")
    page.click("text=Toàn tỉnh")

    section = page.locator("#bieu-do-theo-hinh-thuc")
    canvas = section.locator("canvas")
    canvas.wait_for()
    assert page.evaluate("(c) => window.Chart.getChart(c) !== undefined", canvas.element_handle())
    box = canvas.bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    # Every chart on the page was created, the rank lines of the demo's submitted year included.
    assert page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].every((c) => window.Chart.getChart(c))"
    )
    assert page.locator("#bieu-do-xep-hang-qua-cac-nam canvas").count() == 1

    # The table beside the chart: every award kind with its individual and collective counts.
    expected = Counter((r.award.name, r.person_id is not None) for r in AwardRecord.objects.select_related("award"))
    rows = section.locator("table.chart-table tbody tr")
    shown = {}
    for index in range(rows.count()):
        cells = [c.strip() for c in rows.nth(index).locator("th, td").all_inner_texts()]
        shown[cells[0]] = [int(c) for c in cells[1:]]
    assert shown == {
        name: [expected[(name, True)], expected[(name, False)], expected[(name, True)] + expected[(name, False)]]
        for name in {name for name, _ in expected}
    }
    assert shown["Lao động tiên tiến"][0] > 0

    # On a phone the chart shrinks to the screen and still draws.
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("(c) => c.getBoundingClientRect().width <= 390", arg=canvas.element_handle())
    assert 0 < canvas.bounding_box()["width"] <= 390
    assert violations == [] and errors == []
