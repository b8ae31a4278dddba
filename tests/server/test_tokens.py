"""Bearer tokens on the skilldeo svc API: only our HS256 signature, unexpired, never in a URL.

The endpoint is getLink of a campaign that does not exist: a good token gets past
authentication to a 404, so every 401 below is the token's fault.
"""

from __future__ import annotations

import base64
import json
import os
import stat
from pathlib import Path
from typing import Any

import jwt
import pytest
from sqlalchemy import select

from talenttui.server.models import ServerSecret
from talenttui.server.secret_store import SECRET_FILE, SecretFileError, secret_from_file
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup

ENDPOINT = "/api/v1/svc/campaign/getLink"
UNKNOWN_CAMPAIGN = {"campaignId": "1"}


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


@pytest.fixture
def token(live: Live) -> str:
    return str(signup(live.client, "tok@example.com", organization="Tok Co", role_id=2)["token"])


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def _server_key(live: Live) -> bytes:
    return live.secret


def _call(live: Live, bearer: str | None, **params: str) -> int:
    headers = {"Authorization": f"Bearer {bearer}"} if bearer is not None else {}
    return live.client.get(
        ENDPOINT, headers=headers, params={**UNKNOWN_CAMPAIGN, **params}
    ).status_code


def test_valid_token_reaches_the_handler(live: Live, token: str) -> None:
    assert _call(live, token) == 404


def test_missing_token_is_401_in_the_envelope(live: Live) -> None:
    resp = live.client.get(ENDPOINT, params=UNKNOWN_CAMPAIGN)
    assert resp.status_code == 401
    assert resp.json()["error"] is True and resp.json()["status_code"] == 401
    assert resp.headers["WWW-Authenticate"] == "Bearer"


def test_other_schemes_and_garbage_are_refused(live: Live, token: str) -> None:
    for header in (f"Basic {token}", token, "Bearer", "Bearer not-a-jwt"):
        resp = live.client.get(ENDPOINT, params=UNKNOWN_CAMPAIGN, headers={"Authorization": header})
        assert resp.status_code == 401, header


def test_alg_none_is_refused(live: Live, token: str) -> None:
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(token))}."
    assert _call(live, forged) == 401


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_other_algorithm_with_the_real_key_is_refused(live: Live, token: str) -> None:
    forged = jwt.encode(_claims(token), _server_key(live), algorithm="HS512")
    assert _call(live, forged) == 401


def test_bad_signature_is_refused(live: Live, token: str) -> None:
    forged = jwt.encode(
        _claims(token), "not-the-server-secret-but-long-enough-0123456789", algorithm="HS256"
    )
    assert _call(live, forged) == 401
    head, body, sig = token.split(".")
    tampered = f"{head}.{body}.{sig[:-2]}{'AA' if not sig.endswith('AA') else 'BB'}"
    assert _call(live, tampered) == 401


def test_claims_changed_after_signing_are_refused(live: Live, token: str) -> None:
    head, _, sig = token.split(".")
    other_user = {**_claims(token), "sub": "999"}
    assert _call(live, f"{head}.{_b64(other_user)}.{sig}") == 401


@pytest.mark.parametrize("drop", ["exp", "sub", "iss"])
def test_tokens_missing_a_required_claim_are_refused(live: Live, token: str, drop: str) -> None:
    claims = {k: v for k, v in _claims(token).items() if k != drop}
    assert _call(live, jwt.encode(claims, _server_key(live), algorithm="HS256")) == 401


def test_token_of_an_unknown_user_is_refused(live: Live, token: str) -> None:
    ghost = {**_claims(token), "sub": "424242"}
    assert _call(live, jwt.encode(ghost, _server_key(live), algorithm="HS256")) == 401


def test_expired_token_is_refused(live: Live, token: str, clock: FakeClock) -> None:
    clock.advance(live.settings.token_ttl_seconds - 5)
    assert _call(live, token) == 404
    clock.advance(10)
    assert _call(live, token) == 401


def test_token_lifetime_is_at_most_thirty_days(token: str) -> None:
    claims = _claims(token)
    assert 0 < claims["exp"] - claims["iat"] <= 30 * 24 * 3600


def test_token_in_query_string_is_refused(live: Live, token: str) -> None:
    assert _call(live, None, access_token=token) == 401
    assert _call(live, token, access_token=token) == 401
    assert _call(live, token, token=token) == 401


def test_token_survives_restart_and_secret_is_private(live: Live, token: str) -> None:
    """On SQLite the key is a private file in the data dir; elsewhere it is in the database."""
    live.restart()
    assert _call(live, token) == 404
    secret = live.settings.data_dir / "server-secret"
    if live.settings.on_sqlite:
        assert stat.S_IMODE(os.stat(secret).st_mode) == 0o600
        assert bytes.fromhex(secret.read_text()) == live.secret
    else:
        assert not secret.exists()
        with live.db() as session:
            stored = session.scalars(select(ServerSecret.value)).one()
        assert bytes.fromhex(stored) == live.secret
    assert len(live.secret) == 32


def test_one_secret_file_serves_every_process(start_server: Any, tmp_path: Path) -> None:
    """`TALENTTUI_SECRET_FILE`: two servers with their own data and database accept each
    other's tokens, and the key is created once, private."""
    shared = tmp_path / "keys" / "talenttui-secret"
    first = start_server(data_dir=tmp_path / "a", secret_file=shared)
    second = start_server(data_dir=tmp_path / "b", secret_file=shared)
    assert first.secret == second.secret == secret_from_file(shared)
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o600
    assert not (tmp_path / "a" / "server-secret").exists()


def test_secret_file_is_created_once_and_a_broken_one_is_refused(tmp_path: Path) -> None:
    first = secret_from_file(tmp_path / SECRET_FILE)
    assert secret_from_file(tmp_path / SECRET_FILE) == first
    assert [p.name for p in tmp_path.iterdir()] == ["server-secret"]
    (tmp_path / "server-secret").write_text("abcd\n")
    with pytest.raises(SecretFileError):
        secret_from_file(tmp_path / SECRET_FILE)
