"""The transport: headers it sends, figures it records, envelopes it unwraps, errors it raises.

The first half scripts answers with MockTransport; the second half talks to the real server.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.errors import ApiError, AuthError, NetworkError, NotFound, ValidationFailed
from talenttui.api.transport import Transport
from tests.api.support import Recorder, failure, mock_transport, ok, scripted
from tests.conftest import Live
from tests.server.skillsync_people import CANDIDATE_PROFILE, module_server, person

TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiI3In0.c2ln"


async def test_bearer_and_idempotency_headers_are_sent() -> None:
    rec = Recorder(scripted(ok(None)))
    async with mock_transport(rec, token=TOKEN) as t:
        await t.request("PUT", "/v1/profiles/me", json={"name": "A"}, idempotency_key="k-1")
        await t.request("GET", "/v1/profiles/me")
    put, get = rec.requests
    assert put.headers["Authorization"] == f"Bearer {TOKEN}"
    assert put.headers["Idempotency-Key"] == "k-1"
    assert "Idempotency-Key" not in get.headers
    assert get.headers["Accept"] == "application/json"


async def test_signed_out_requests_carry_no_authorization() -> None:
    rec = Recorder(scripted(ok(None)))
    async with mock_transport(rec, token=None) as t:
        await t.request("POST", "/api/v1/auth/loginOTP", json={"email": "a@example.com"})
    assert "Authorization" not in rec.requests[0].headers


async def test_rate_limit_figures_are_recorded_from_every_response() -> None:
    limits = {
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "299",
        "X-RateLimit-Reset": "1700000060",
    }
    later = {
        "X-RateLimit-Limit": "300",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": "1700000060",
    }
    rec = Recorder(scripted(ok(1, limits), failure(404, "RESOURCE_NOT_FOUND", later)))
    seen: list[tuple[bool | None, int | None]] = []
    async with mock_transport(rec, clock=1_700_000_000.0) as t:
        t.add_listener(lambda: seen.append((t.online, t.rate.remaining)))
        await t.request("GET", "/v1/profiles/me")
        assert (t.rate.limit, t.rate.remaining, t.rate.reset_at) == (300, 299, 1_700_000_060.0)
        assert t.rate.seconds_to_reset(1_700_000_000.0) == 60.0
        with pytest.raises(NotFound):
            await t.request("GET", "/v1/profiles/user_x")
        assert t.rate.remaining == 0
    assert seen == [(True, 299), (True, 0)]


async def test_skillsync_data_and_skilldeo_body_are_unwrapped_and_sanitized() -> None:
    skilldeo = httpx.Response(
        200,
        json={"message": "Login successful", "user_id": 1042, "status_code": 200, "error": False},
    )
    rec = Recorder(scripted(ok({"bio": "hi \x1b[2J\x9b31m", "skills": ["C\x07"]})))
    async with mock_transport(rec) as t:
        assert await t.request("GET", "/v1/profiles/me") == {
            "bio": "hi ^[[2J^[[31m",
            "skills": ["C^G"],
        }
    async with mock_transport(Recorder(scripted(skilldeo))) as t:
        assert await t.request("POST", "/api/v1/auth/loginVerify", json={}) == {
            "message": "Login successful",
            "user_id": 1042,
        }


async def test_empty_and_non_json_success_bodies() -> None:
    async with mock_transport(Recorder(scripted(httpx.Response(204)))) as t:
        assert await t.request("DELETE", "/v1/webhooks/wh_1") is None
    async with mock_transport(Recorder(scripted(httpx.Response(200, text="<html>")))) as t:
        with pytest.raises(ApiError) as info:
            await t.request("GET", "/v1/profiles/me")
    assert info.value.code == "INVALID_RESPONSE"


async def test_errors_never_contain_the_token_or_the_request_body() -> None:
    rec = Recorder(scripted(failure(401, "INVALID_API_KEY")))
    async with mock_transport(rec, token=TOKEN) as t:
        with pytest.raises(AuthError) as info:
            await t.request(
                "POST",
                "/api/v1/auth/loginVerify",
                json={"email": "a@example.com", "verification_code": "381024"},
            )
    err = info.value
    text = f"{err} {err!r} {err.args} {err.details}"
    assert TOKEN not in text
    assert "381024" not in text
    assert (err.__cause__ is None and err.__context__ is None) or TOKEN not in repr(err.__context__)


# --- against the real server --------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with module_server(tmp_path_factory.mktemp("transport-server")) as live:
        yield live


def real(live: Live, token: str | None) -> Transport:
    config = ClientConfig(server=live.url, retry=RetryPolicy(max_attempts=2, base_delay=0.01))
    creds = CredentialStore.in_memory(live.url, Credentials(token=token) if token else None)
    return Transport(config, creds)


async def test_real_server_success_is_unwrapped_and_control_characters_defused(
    server: Live,
) -> None:
    who = person(server)
    async with real(server, who.token) as t:
        bio = "Hi \x1b[2J there, a bio long enough for the server to accept it."
        profile = await t.request("PUT", "/v1/profiles/me", json={**CANDIDATE_PROFILE, "bio": bio})
        again = await t.request("GET", "/v1/profiles/me")
        assert t.online is True
    assert profile["id"] == who.public_id
    assert again["id"] == who.public_id
    assert "\x1b" not in again["bio"]
    assert again["bio"].startswith("Hi ") and "there" in again["bio"]


async def test_real_server_errors_arrive_typed(server: Live) -> None:
    who = person(server)
    async with real(server, None) as anonymous:
        with pytest.raises(AuthError) as auth:
            await anonymous.request("GET", "/v1/profiles/me")
    assert auth.value.code == "INVALID_API_KEY"
    assert auth.value.request_id and auth.value.request_id.startswith("req_")

    async with real(server, who.token) as t:
        with pytest.raises(ValidationFailed) as invalid:
            await t.request("PUT", "/v1/profiles/me", json={"experience_years": -3})
        with pytest.raises(NotFound) as missing:
            await t.request("GET", "/api/v1/svc/no-such-endpoint")
    assert invalid.value.field == "experience_years"
    assert invalid.value.status == 422
    assert missing.value.code == "RESOURCE_NOT_FOUND"
    assert who.token not in str(invalid.value) + str(missing.value)


async def test_no_server_listening_is_a_network_error_and_marks_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = ClientConfig(
        server=f"http://127.0.0.1:{port}", retry=RetryPolicy(max_attempts=2, base_delay=0.01)
    )
    async with Transport(config) as t:
        with pytest.raises(NetworkError) as info:
            await t.request("GET", "/v1/profiles/me")
        assert t.online is False
    assert info.value.code == "NETWORK_ERROR"
