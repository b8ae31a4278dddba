"""`/v1/auth/api-keys` and API-key authentication: shown once, hashed, scoped, expiring, revocable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from talenttui.server.models import ApiKey, OtpSession, OutboxMail
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup

KEYS = "/v1/auth/api-keys"


@pytest.fixture
def token(live: Live) -> str:
    return str(signup(live.client, "keys@example.com", organization="Key Co", role_id=2)["token"])


def _auth(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _create(live: Live, token: str, **body: Any) -> Any:
    payload = {"name": "Script", "scopes": ["profiles:read"], **body}
    return live.client.post(KEYS, json=payload, headers=_auth(token))


def test_create_shows_the_key_once_and_stores_only_a_hash(live: Live, token: str) -> None:
    resp = _create(live, token, scopes=["profiles:read", "matches:read"])
    assert resp.status_code == 201
    body = resp.json()
    assert body["success"] is True and set(body["meta"]) >= {"timestamp", "version", "request_id"}
    key = body["data"]["key"]
    assert key.startswith("sk_test_") and len(key) > 40
    assert body["data"]["id"].startswith("key_")
    listed = live.client.get(KEYS, headers=_auth(token)).json()["data"]["api_keys"]
    assert [k["id"] for k in listed] == [body["data"]["id"]]
    assert "key" not in listed[0] and key not in str(listed)
    with live.db() as session:
        stored = list(session.scalars(select(ApiKey.key_hash)))
    assert stored and key not in stored[0]


def test_live_server_issues_live_keys(start_server: Any) -> None:
    prod = start_server(dev=False)
    email = "prod@example.com"
    prod.client.post("/api/v1/auth/signupOTP", json={"email": email})
    # no dev outbox on a production server: read the code from the outbox table
    with prod.db() as session:
        code = session.scalars(select(OutboxMail.code).where(OutboxMail.email == email)).one()
        session_id = session.scalars(select(OtpSession.id).where(OtpSession.email == email)).one()
    token = prod.client.post(
        "/api/v1/auth/signupVerify",
        json={"email": email, "session_id": session_id, "verification_code": code},
    ).json()["token"]
    key = _create(prod, token).json()["data"]["key"]
    assert key.startswith("sk_live_")


def test_key_authenticates_within_its_scopes(live: Live, token: str) -> None:
    key = _create(live, token, scopes=["profiles:read"]).json()["data"]["key"]
    assert live.client.get("/v1/profiles/me", headers=_auth(key)).status_code == 200
    denied = live.client.get("/v1/matches/me", headers=_auth(key))
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"
    assert denied.json()["error"]["details"]["required_scope"] == "matches:read"


def test_a_key_cannot_manage_keys_without_the_scope(live: Live, token: str) -> None:
    key = _create(live, token).json()["data"]["key"]
    resp = live.client.get(KEYS, headers=_auth(key))
    assert resp.status_code == 403


def test_expired_key_is_invalid(live: Live, token: str, clock: FakeClock) -> None:
    expires = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    key = _create(live, token, expires_at=expires).json()["data"]["key"]
    assert live.client.get("/v1/profiles/me", headers=_auth(key)).status_code == 200
    clock.advance(3601)
    resp = live.client.get("/v1/profiles/me", headers=_auth(key))
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "INVALID_API_KEY"


def test_revoked_key_is_invalid_and_others_keys_are_not_found(live: Live, token: str) -> None:
    created = _create(live, token).json()["data"]
    other = signup(live.client, "other.keys@example.com")["token"]
    assert live.client.delete(f"{KEYS}/{created['id']}", headers=_auth(other)).status_code == 404
    assert live.client.delete(f"{KEYS}/{created['id']}", headers=_auth(token)).status_code == 200
    resp = live.client.get("/v1/profiles/me", headers=_auth(created["key"]))
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "INVALID_API_KEY"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"scopes": ["profiles:read", "root:all"]}, "scopes[1]"),
        ({"scopes": []}, "scopes"),
        ({"name": ""}, "name"),
        ({"expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"expires_at": "soon"}, "expires_at"),
    ],
)
def test_invalid_key_requests_name_the_field(live: Live, token: str, body: Any, field: str) -> None:
    resp = _create(live, token, **body)
    assert resp.status_code == 422
    error = resp.json()["error"]
    assert error["code"] == "VALIDATION_ERROR" and error["details"]["field"] == field


@pytest.mark.parametrize("bearer", ["sk_live_nope", "garbage", "eyJhbGciOiJIUzI1NiJ9.e30.x"])
def test_unknown_credentials_are_invalid_api_key(live: Live, bearer: str) -> None:
    resp = live.client.get("/v1/profiles/me", headers=_auth(bearer))
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "INVALID_API_KEY"


def test_missing_credentials_are_401(live: Live) -> None:
    resp = live.client.get("/v1/profiles/me")
    assert resp.status_code == 401 and resp.json()["success"] is False
