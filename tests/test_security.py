"""Security: login lockout, the Content-Security-Policy and no inline script in our pages."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, users):
    for _ in range(4):
        response = client.post(reverse("login"), {"username": "officer", "password": "sai-mat-khau"})
        assert response.status_code == 200 and "không đúng" in response.content.decode()
    assert client.post(reverse("login"), {"username": "officer", "password": "sai-mat-khau"}).status_code == 429
    response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Tạm khoá đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(client, users):
    for _ in range(4):
        client.post(reverse("login"), {"username": "officer", "password": "sai"})
    assert client.post(reverse("login"), {"username": "officer", "password": PASSWORD}).status_code == 302


def test_content_security_policy_forbids_inline_and_foreign_sources(client):
    policy = client.get(reverse("home"))["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'" and directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'"


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)


@pytest.mark.parametrize("name", ["home", "person-list", "unit-list", "unit-tree", "cluster-list", "award-eligibility",
                                  "award-catalogue", "proposal-list", "document-templates", "account-list"])
def test_pages_have_no_inline_script_handler_or_style(client_for, users, registry, name):
    page = client_for(users["office"]).get(reverse(name)).content.decode()
    assert not INLINE_SCRIPT.search(page)
    assert not INLINE_HANDLER.search(page)
    assert not INLINE_STYLE.search(page)
