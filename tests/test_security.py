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


# --- Issue #6 §2: CSRF, passwords, sessions, the audit trail ---------------------------------


def test_no_session_view_is_csrf_exempt():
    from tests.test_permission_matrix import site_patterns

    exempt = [
        route for route, name, view in site_patterns()
        if not route.startswith("api/") and getattr(view, "csrf_exempt", False)
    ]
    assert not exempt


def test_the_api_authenticates_by_token_only_so_csrf_exemption_is_safe():
    # ninja's views are csrf_exempt; that is safe only while no API auth reads the session.
    from thidua.api.api import api
    from thidua.api.auth import TokenAuth

    assert [type(auth) for auth in api.auth] == [TokenAuth]
    for router in (r for _, r in api._routers):
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for auth in operation.auth_callbacks:
                    assert isinstance(auth, TokenAuth), operation.view_func.__name__


def test_csrf_is_enforced_on_login_and_on_forms(users, registry):
    from django.test import Client

    from thidua.organisations.models import Unit

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "office", "password": PASSWORD})
    assert response.status_code == 403 and "_auth_user_id" not in client.session
    client.force_login(users["office"])
    before = Unit.objects.count()
    response = client.post(reverse("unit-create"), {"code": "SYT", "name": "Sở Y tế", "kind": "so"})
    assert response.status_code == 403 and Unit.objects.count() == before


def test_password_rules_apply_when_changing_a_password(client_for, users, settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == ["UserAttributeSimilarityValidator", "MinimumLengthValidator",
                     "CommonPasswordValidator", "NumericPasswordValidator"]
    client = client_for(users["officer"])
    for weak in ("ngan-qua", "1234567890123", "password123", "officer2026"):
        response = client.post(reverse("password_change"), {
            "old_password": PASSWORD, "new_password1": weak, "new_password2": weak,
        })
        assert response.status_code == 200, weak
    users["officer"].refresh_from_db()
    assert users["officer"].check_password(PASSWORD)
    strong = "Cum-thi-dua-so-II-2026"
    response = client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": strong, "new_password2": strong,
    })
    assert response.status_code == 302
    users["officer"].refresh_from_db()
    assert users["officer"].check_password(strong)


def test_a_session_ends_with_the_browser_and_after_a_working_day(client, users, settings):
    import time_machine

    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_COOKIE_HTTPONLY
    with time_machine.travel("2026-03-02 08:00 +0700", tick=False) as clock:
        response = client.post(reverse("login"), {"username": "officer", "password": PASSWORD})
        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert not cookie["expires"] and not cookie["max-age"]  # a browser-session cookie
        clock.shift(7 * 3600)
        assert client.get(reverse("person-list")).status_code == 200
        clock.shift(3600 + 60)
        response = client.get(reverse("person-list"))
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_history_models_are_not_in_django_admin(settings):
    from django.contrib import admin
    from simple_history.models import registered_models

    # Many-to-many changes are recorded in history models of their own, without a `history`.
    history_models = {model.history.model if hasattr(model, "history") else model for model in registered_models.values()}
    assert history_models
    assert not history_models & set(admin.site._registry)
    assert not settings.SIMPLE_HISTORY_EDIT and settings.SIMPLE_HISTORY_REVERT_DISABLED


def test_django_admin_shows_history_but_refuses_to_revert_it(client_for, users, registry):
    from thidua.organisations.models import Unit

    unit = registry["science"]
    unit.name = "Sở Khoa học"
    unit.save()
    first = unit.history.earliest()
    client = client_for(users["admin"])
    url = f"/quan-tri/organisations/unit/{unit.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    rows = list(Unit.history.values_list())
    response = client.post(url, {"code": unit.code, "name": "Sở Khoa học và Công nghệ", "kind": unit.kind})
    assert response.status_code == 403
    assert list(Unit.history.values_list()) == rows
    assert Unit.objects.get(pk=unit.pk).name == "Sở Khoa học"


def test_no_api_operation_writes_the_audit_history():
    from thidua.api.api import api

    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method in operations:
            if method in ("post", "put", "patch", "delete"):
                assert not re.search(r"histor|lich-su|audit", path), (method, path)


def test_no_code_of_ours_updates_or_deletes_history_rows():
    # History rows are written only by simple_history itself (and core/bulk.py's INSERT for bulk
    # imports); nothing updates or deletes them, so the trail cannot be rewritten.
    import pathlib

    import thidua

    root = pathlib.Path(thidua.__file__).parent
    pattern = re.compile(r"\.history\.[\w().,=\s]*\.(update|delete)\(|Historical\w+\.objects\.[\w().,=\s]*\.(update|delete)\(")
    offenders = [
        str(path.relative_to(root)) for path in root.rglob("*.py")
        if "migrations" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders
