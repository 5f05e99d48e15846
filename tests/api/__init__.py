"""Tests of the JSON API. Helpers shared by the test modules (fixtures stay in tests/conftest.py).

`call(client, "get", "/units", user=…)` sends `Authorization: Bearer <token>` with a token made
through the service, as a real client would; `as_error(response, status)` checks the one error
body of the API and returns it.
"""

import json

from thidua.api import services

PREFIX = "/api/v1"


def token_for(user) -> str:
    # One token per user object and test; made through the service, like every write.
    cached = getattr(user, "_api_test_token", None)
    if cached is None:
        _, cached = services.token_create(actor=None, user=user, name="kiểm thử")
        user._api_test_token = cached
    return cached


def call(client, method: str, path: str, *, user=None, token: str | None = None, data=None, params=None, **headers):
    if token is None and user is not None:
        token = token_for(user)
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    url = path if path.startswith(PREFIX) else PREFIX + path
    if method == "get":
        return client.get(url, params or {}, **headers)
    return getattr(client, method)(
        url, json.dumps(data) if data is not None else "", content_type="application/json", **headers
    )


def as_error(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content.decode()[:500])
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert set(payload) == {"detail", "errors"}, payload
    assert isinstance(payload["detail"], str) and payload["detail"]
    assert isinstance(payload["errors"], list) and payload["errors"]
    assert all(isinstance(e, str) and e for e in payload["errors"])
    return payload
