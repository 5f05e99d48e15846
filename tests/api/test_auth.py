"""Bearer tokens: only a live token of an active user gets in; only a hash is stored."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.api import as_error, call, token_for
from thidua.api import services
from thidua.api.models import ApiToken
from thidua.core.errors import Forbidden, ValidationFailed


def test_no_token_is_401_in_the_api_error_shape(client, users):
    response = call(client, "get", "/units")
    payload = as_error(response, 401)
    assert "Authorization: Bearer" in payload["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [
    "Bearer thd_khong-phai-ma-that",
    "Bearer ",
    "Token abc",
    "Basic b2ZmaWNlOm1hdC1raGF1",
    "Bearer \x7f\u1ea1",
])
def test_a_bad_token_is_401(client, users, header):
    token_for(users["office"])  # a real token exists, and is not what these headers send
    as_error(call(client, "get", "/units", HTTP_AUTHORIZATION=header), 401)


def test_a_revoked_token_is_401_from_the_next_request(client, users):
    office = users["office"]
    token, plain = services.token_create(actor=office, user=office, name="báo cáo")
    assert call(client, "get", "/units", token=plain).status_code == 200
    services.token_revoke(actor=office, token=token)
    as_error(call(client, "get", "/units", token=plain), 401)


def test_a_locked_account_is_401(client, users):
    office = users["office"]
    plain = token_for(office)
    office.is_active = False
    office.save()
    as_error(call(client, "get", "/units", token=plain), 401)


def test_a_web_session_is_not_api_authentication(client, users):
    client.force_login(users["office"])
    as_error(call(client, "get", "/units"), 401)


def test_only_a_hash_is_stored_and_use_is_recorded(client, users):
    office = users["office"]
    token, plain = services.token_create(actor=office, user=office)
    stored = ApiToken.objects.get(pk=token.pk)
    assert plain.startswith("thd_") and len(plain) > 40
    assert stored.key_hash != plain and plain not in repr(list(ApiToken.objects.values()))
    assert stored.prefix == plain[:10] and stored.last_used_at is None
    assert call(client, "get", "/units", token=plain).status_code == 200
    first_use = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first_use is not None
    # Within a minute a second request does not write again; the history records no use.
    call(client, "get", "/units", token=plain)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first_use
    assert stored.history.count() == 1


def test_last_use_is_refreshed_after_a_while(client, users, time_machine):
    office = users["office"]
    plain = token_for(office)
    time_machine.move_to(timezone.now())
    call(client, "get", "/units", token=plain)
    time_machine.shift(datetime.timedelta(minutes=5))
    call(client, "get", "/units", token=plain)
    token = ApiToken.objects.get(user=office)
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=5)


def test_tokens_are_managed_by_their_owner_or_the_account_managers(users):
    officer, head = users["officer"], users["head"]
    with pytest.raises(Forbidden):
        services.token_create(actor=head, user=officer)
    token, _ = services.token_create(actor=users["office"], user=officer, name="của cán bộ")
    with pytest.raises(Forbidden):
        services.token_revoke(actor=head, token=token)
    assert not ApiToken.objects.get(pk=token.pk).revoked
    services.token_revoke(actor=officer, token=token)
    revoked = ApiToken.objects.get(pk=token.pk)
    assert revoked.revoked
    assert [h.history_user for h in revoked.history.order_by("history_id")] == [users["office"], officer]


def test_a_locked_account_gets_no_token(users):
    users["officer"].is_active = False
    users["officer"].save()
    with pytest.raises(ValidationFailed, match="đang bị khoá"):
        services.token_create(actor=None, user=users["officer"])
    assert not ApiToken.objects.exists()


def test_command_prints_a_working_token(client, users):
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", "office", "--name", "máy chủ báo cáo", stdout=out, stderr=err)
    plain = out.getvalue().strip()
    assert plain.startswith("thd_") and "\n" not in plain
    assert "không hiện lại" in err.getvalue()
    assert ApiToken.objects.get().name == "máy chủ báo cáo"
    assert call(client, "get", "/units", token=plain).status_code == 200


def test_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Không có người dùng"):
        call_command("api_token", "khong-ai", stdout=io.StringIO(), stderr=io.StringIO())
