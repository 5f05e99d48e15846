"""One walk through the real pages in headless Chromium (Debian's package, no browser download)."""

import os
import shutil

import pytest

from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("THIDUA_REQUIRE_BROWSER") == "1"

if not shutil.which(CHROMIUM):
    if REQUIRED:
        raise RuntimeError(f"THIDUA_REQUIRE_BROWSER=1 but Chromium is not at {CHROMIUM}")
    pytest.skip("Chromium is not installed", allow_module_level=True)

pytestmark = pytest.mark.e2e

# Without these, Chromium keeps calling out to Google and this network refuses it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="vi-VN")
        yield context.new_page()
        context.close()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_login_search_without_diacritics_and_open_person(live_server, users, registry, page):
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(f"{live_server.url}/dang-nhap/")
    page.fill("#id_username", "office")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    assert "Cá nhân" in page.inner_text("nav")

    page.click("nav >> text=Cá nhân")
    page.fill("input[name=q]", "nguyen thi ha")
    # htmx replaces the results as the user types; the other person must disappear.
    page.wait_for_selector("#results >> text=Trần Văn Dũng", state="detached")
    page.click("#results >> text=Nguyễn Thị Hà")

    page.wait_for_url(f"{live_server.url}/ca-nhan/{registry['ha'].pk}/")
    assert page.inner_text("h1") == "Nguyễn Thị Hà"
    assert "Sở Khoa học và Công nghệ" in page.inner_text("main")
    assert violations == []  # the pages run under the strict Content-Security-Policy
