"""Bearer tokens on the interview API: only our HS256 signature, unexpired, and never in a URL."""

from __future__ import annotations

import base64
import json
import os
import stat

import jwt
import pytest

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup

ENDPOINT = "/api/v1/svc/campaign/list"


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def token(live: Live) -> str:
    return str(signup(live.client, "tok@example.com", organization="Tok Co", role_id=2)["token"])


def _call(live: Live, bearer: str | None, **params: str) -> int:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer is not None else {}
    return live.client.post(ENDPOINT, json={}, headers=headers, params=params).status_code


def test_valid_token_is_accepted(live: Live, token: str) -> None:
    assert _call(live, token) == 200


def test_missing_token_is_401_in_the_envelope(live: Live) -> None:
    resp = live.client.post(ENDPOINT, json={})
    assert resp.status_code == 401
    assert resp.json()["error"] is True and resp.json()["status_code"] == 401


def test_alg_none_is_refused(live: Live, token: str) -> None:
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert _call(live, forged) == 401


def test_bad_signature_is_refused(live: Live, token: str) -> None:
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = jwt.encode(
        claims, "not-the-server-secret-but-long-enough-0123456789", algorithm="HS256"
    )
    assert _call(live, forged) == 401
    head, body, sig = token.split(".")
    tampered = f"{head}.{body}.{sig[:-2]}{'AA' if not sig.endswith('AA') else 'BB'}"
    assert _call(live, tampered) == 401


def test_expired_token_is_refused(live: Live, token: str, clock: FakeClock) -> None:
    clock.advance(live.settings.token_ttl_seconds + 1)
    assert _call(live, token) == 401


def test_token_lifetime_is_at_most_thirty_days(token: str) -> None:
    claims = jwt.decode(token, options={"verify_signature": False})
    assert 0 < claims["exp"] - claims["iat"] <= 30 * 24 * 3600


def test_token_in_query_string_is_refused(live: Live, token: str) -> None:
    assert _call(live, None, access_token=token) == 401
    assert _call(live, token, token=token) == 401


def test_token_survives_restart_and_secret_is_private(live: Live, token: str) -> None:
    live.restart()
    assert _call(live, token) == 200
    secret = live.settings.data_dir / "server-secret"
    assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
