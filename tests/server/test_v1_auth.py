"""Every `/v1` route asks for a credential, and for the right scope; login tokens hold them all."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup

KEYS = "/v1/auth/api-keys"
PUBLIC = {"/v1/photos/{name}"}  # served to avatar URLs without a credential
KEY_ROUTES = {KEYS, KEYS + "/{key_id}"}  # need a login token or the api_keys:write scope


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _v1_routes(live: Live) -> list[tuple[str, str, str]]:
    """(method, route path, a concrete URL) for every HTTP route the server documents under /v1."""
    paths = live.client.get("/openapi.json").json()["paths"]
    routes = [
        (method.upper(), path, re.sub(r"\{[^}]+\}", "nope_1", path))
        for path, operations in paths.items()
        if path.startswith("/v1/")
        for method in operations
    ]
    assert len(routes) >= 10, routes
    return routes


def _missing_scope(resp: Any) -> str | None:
    """The scope a 403 asks for; None for any other answer (ownership and plan 403s included)."""
    if resp.status_code != 403:
        return None
    scope = resp.json()["error"]["details"].get("required_scope")
    return None if scope is None else str(scope)


def _call(live: Live, method: str, url: str, headers: dict[str, str] | None = None) -> Any:
    return live.client.request(method, url, headers=headers)


@pytest.fixture
def token(live: Live) -> str:
    return str(signup(live.client, "auth@example.com", organization="Auth Co", role_id=2)["token"])


def _key(live: Live, token: str, scopes: list[str]) -> str:
    resp = live.client.post(KEYS, json={"name": "t", "scopes": scopes}, headers=_auth(token))
    assert resp.status_code == 201, resp.text
    return str(resp.json()["data"]["key"])


@pytest.mark.parametrize("headers", [None, _auth("garbage"), _auth("sk_test_" + "a" * 43)])
def test_every_v1_route_refuses_a_missing_or_unknown_credential(
    live: Live, headers: dict[str, str] | None
) -> None:
    for method, path, url in _v1_routes(live):
        if path in PUBLIC:
            continue
        resp = _call(live, method, url, headers)
        assert resp.status_code == 401, (method, path, resp.text)
        assert resp.json()["error"]["code"] == "INVALID_API_KEY", (method, path)
        assert resp.headers["WWW-Authenticate"] == "Bearer"


def test_every_scoped_route_names_its_scope_and_a_key_with_it_passes(
    live: Live, token: str
) -> None:
    keys_only = _key(live, token, ["api_keys:write"])
    checked = 0
    for method, path, url in _v1_routes(live):
        if path in PUBLIC or path in KEY_ROUTES:
            continue
        denied = _call(live, method, url, _auth(keys_only))
        assert denied.status_code == 403, (method, path, denied.text)
        error = denied.json()["error"]
        assert error["code"] == "INSUFFICIENT_PERMISSIONS"
        scope = error["details"]["required_scope"]
        passed = _call(live, method, url, _auth(_key(live, token, [scope])))
        assert passed.status_code != 401, (method, path)
        assert _missing_scope(passed) is None, (method, path, scope, passed.text)
        checked += 1
    assert checked >= 8


def test_a_login_token_holds_every_scope(live: Live, token: str) -> None:
    for method, path, url in _v1_routes(live):
        resp = _call(live, method, url, _auth(token))
        assert resp.status_code != 401, (method, path)
        assert _missing_scope(resp) is None, (method, path, resp.text)


def test_tokens_in_the_query_string_are_refused_and_not_echoed(live: Live, token: str) -> None:
    for name in ("access_token", "api_key", "token"):
        alone = live.client.get(KEYS, params={name: token})
        assert alone.status_code == 401 and token not in alone.text
        beside_header = live.client.get(KEYS, params={name: token}, headers=_auth(token))
        assert beside_header.status_code == 401
        assert beside_header.json()["error"]["code"] == "INVALID_API_KEY"


def test_only_bearer_is_accepted(live: Live, token: str) -> None:
    assert live.client.get(KEYS, headers=_auth(token)).status_code == 200
    for header in (f"Basic {token}", token, "Bearer", f"Token {token}"):
        resp = live.client.get(KEYS, headers={"Authorization": header})
        assert resp.status_code == 401, header


def test_an_expired_login_token_is_refused(live: Live, token: str, clock: FakeClock) -> None:
    assert live.client.get(KEYS, headers=_auth(token)).status_code == 200
    clock.advance(live.settings.token_ttl_seconds + 1)
    resp = live.client.get(KEYS, headers=_auth(token))
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "INVALID_API_KEY"
    assert resp.json()["error"]["message"] == "Token expired; log in again"


def test_a_token_with_a_bad_signature_is_called_invalid_not_expired(live: Live, token: str) -> None:
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[::-1]}"
    resp = live.client.get("/v1/profiles/me", headers=_auth(forged))
    assert resp.status_code == 401 and resp.json()["error"]["message"] == "Invalid token"


def test_an_unknown_key_is_not_echoed(live: Live) -> None:
    secret = "sk_live_" + "Z" * 43
    resp = live.client.get(KEYS, headers=_auth(secret))
    assert resp.status_code == 401 and secret not in resp.text


def test_a_key_with_api_keys_write_manages_keys_within_its_own_scopes(
    live: Live, token: str
) -> None:
    manager = _key(live, token, ["api_keys:write", "profiles:read"])
    listed = live.client.get(KEYS, headers=_auth(manager))
    assert listed.status_code == 200 and len(listed.json()["data"]["api_keys"]) == 1
    narrower = live.client.post(
        KEYS, json={"name": "child", "scopes": ["profiles:read"]}, headers=_auth(manager)
    )
    assert narrower.status_code == 201
    wider = live.client.post(
        KEYS, json={"name": "child", "scopes": ["matches:read"]}, headers=_auth(manager)
    )
    assert wider.status_code == 403
    assert wider.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"


def test_a_key_without_api_keys_write_cannot_create_keys(live: Live, token: str) -> None:
    reader = _key(live, token, ["profiles:read"])
    resp = live.client.post(
        KEYS, json={"name": "child", "scopes": ["profiles:read"]}, headers=_auth(reader)
    )
    assert resp.status_code == 403
    assert resp.json()["error"]["details"]["required_scope"] == "api_keys:write"
    names = [
        k["name"] for k in live.client.get(KEYS, headers=_auth(token)).json()["data"]["api_keys"]
    ]
    assert names == ["t"]
