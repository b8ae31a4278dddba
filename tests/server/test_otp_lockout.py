"""No stranger can lock an account (issue #13, point 3), and the OTP limits hold under 50
parallel requests (issue #14, point 2). Strangers are other client addresses: the tests bind
their clients to 127.0.0.2, 127.0.0.3, … (all loopback), so the server sees real addresses."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from talenttui.server.settings import OtpPolicy
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, signup

VICTIM = "victim@example.com"
AUTH = "/api/v1/auth"


@pytest.fixture
def from_address(
    request: pytest.FixtureRequest,
) -> Iterator[Callable[[str, Live | None], httpx.Client]]:
    """A client bound to `address`, of `server` or else of the `live` fixture's server (started
    only then: one server per data dir, and a test that starts its own uses the same dir)."""
    clients: list[httpx.Client] = []

    def _client(address: str, server: Live | None = None) -> httpx.Client:
        target: Live = server or request.getfixturevalue("live")
        client = httpx.Client(
            base_url=target.url,
            transport=httpx.HTTPTransport(local_address=address),
            timeout=30,
        )
        clients.append(client)
        return client

    yield _client
    for client in clients:
        client.close()


def _ask(client: httpx.Client, email: str = VICTIM) -> httpx.Response:
    return client.post(f"{AUTH}/loginOTP", json={"email": email})


def _verify(
    client: httpx.Client, session_id: str, code: str, email: str = VICTIM
) -> httpx.Response:
    return client.post(
        f"{AUTH}/loginVerify",
        json={"email": email, "session_id": session_id, "verification_code": code},
    )


def _owner_logs_in(live: Live) -> None:
    asked = _ask(live.client)
    assert asked.status_code == 200, asked.text
    code = latest_code(live.client, VICTIM)
    done = _verify(live.client, asked.json()["session_id"], code)
    assert done.status_code == 200, done.text
    assert done.json()["token"]


def _code(resp: httpx.Response) -> str:
    return str(resp.json().get("error_code", resp.status_code))


def _wrong(code: str, i: int = 1) -> str:
    return f"{(int(code) + i) % 1_000_000:06d}"


def test_made_up_sessions_throttle_the_guesser_not_the_account(
    start_server: Callable[..., Live], from_address: Any
) -> None:
    live = start_server(
        otp=OtpPolicy(resend_cooldown_seconds=0, max_failures_per_requester_per_day=30)
    )
    signup(live.client, VICTIM)
    stranger = from_address("127.0.0.2", live)
    answers = [_code(_verify(stranger, f"made-up-{i}", "123456")) for i in range(40)]
    assert answers == ["OTP_INVALID"] * 30 + ["OTP_TOO_MANY_TRIES"] * 10
    _owner_logs_in(live)


def test_a_strangers_code_requests_do_not_use_up_the_owners(
    start_server: Callable[..., Live], from_address: Any
) -> None:
    live = start_server(otp=OtpPolicy())  # the real cooldown and hourly cap
    signup(live.client, VICTIM)
    stranger = from_address("127.0.0.2", live)
    answers = []
    for _ in range(12):
        answers.append(_code(_ask(stranger)))
        live.settings.clock.advance(31)  # type: ignore[attr-defined]
    assert answers == [str(200)] * 10 + ["OTP_SEND_LIMIT"] * 2
    _owner_logs_in(live)


def test_burning_real_codes_locks_only_the_burner(
    start_server: Callable[..., Live], from_address: Any
) -> None:
    live = start_server()
    signup(live.client, VICTIM)
    stranger = from_address("127.0.0.2", live)
    owner_session = _ask(live.client).json()["session_id"]
    owner_code = latest_code(live.client, VICTIM)
    answers = []
    for _ in range(6):  # 30 wrong codes on the stranger's own real sessions, past the cap of 20
        session_id = _ask(stranger).json()["session_id"]
        answers += [_code(_verify(stranger, session_id, _wrong(owner_code, i))) for i in range(5)]
    assert answers.count("OTP_ACCOUNT_LOCKED") == 10
    assert answers[:20].count("OTP_INVALID") == 20
    locked = _verify(stranger, _ask(stranger).json()["session_id"], "000000")
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) > 3600
    # the owner's code, asked for before the attack, still works
    assert _verify(live.client, owner_session, owner_code).status_code == 200


def test_a_code_locks_after_five_tries_and_a_fresh_one_replaces_the_old(live: Live) -> None:
    signup(live.client, VICTIM)
    first = _ask(live.client).json()["session_id"]
    code = latest_code(live.client, VICTIM)
    tries = [_verify(live.client, first, _wrong(code, i)).json() for i in range(1, 7)]
    assert [t["details"]["tries_left"] for t in tries[:5]] == [4, 3, 2, 1, 0]
    assert tries[5]["error_code"] == "OTP_SESSION_LOCKED"
    second = _ask(live.client).json()["session_id"]
    second_code = latest_code(live.client, VICTIM)
    third = _ask(live.client).json()["session_id"]
    third_code = latest_code(live.client, VICTIM)
    assert _code(_verify(live.client, second, second_code)) == "OTP_EXPIRED"  # replaced
    assert _verify(live.client, third, third_code).status_code == 200


def test_another_requesters_fresh_code_does_not_replace_the_owners(
    live: Live, from_address: Any
) -> None:
    signup(live.client, VICTIM)
    owner_session = _ask(live.client).json()["session_id"]
    owner_code = latest_code(live.client, VICTIM)
    assert _ask(from_address("127.0.0.2")).status_code == 200
    assert _verify(live.client, owner_session, owner_code).status_code == 200


def test_no_enumeration_by_status_body_or_timing(live: Live, from_address: Any) -> None:
    """Known and unknown emails answer alike, to code requests and to guesses (NIST SP 800-63B)."""
    signup(live.client, VICTIM)
    client = from_address("127.0.0.2")

    def shape(resp: httpx.Response) -> tuple[int, list[str], str, Any]:
        body = resp.json()
        return resp.status_code, sorted(body), body["message"], body.get("details")

    for email in (VICTIM, "nobody@example.com"):
        asked = _ask(client, email)
        assert shape(asked) == (
            200,
            ["error", "message", "session_id", "status_code"],
            "OTP sent to email",
            None,
        )
        wrong = _verify(client, asked.json()["session_id"], "000000", email)
        made_up = _verify(client, "made-up", "000000", email)
        assert shape(wrong)[:2] == (401, sorted(wrong.json()))
        assert wrong.json()["details"]["tries_left"] == 4
        assert shape(made_up) == (
            401,
            sorted(made_up.json()),
            "Wrong code; no tries left for this code, request a new one",
            {"tries_left": 0},
        )

    # interleaved, so a busy moment of the machine (other tests in parallel) slows both
    samples: dict[str, list[float]] = {VICTIM: [], "stranger@example.com": []}
    for _ in range(15):
        for email, times in samples.items():
            started = time.perf_counter()
            _ask(client, email)
            times.append((time.perf_counter() - started) * 1000)
    known, unknown = (statistics.median(times) for times in samples.values())
    assert abs(known - unknown) < max(known, unknown) * 0.5 + 5


async def _parallel(
    live: Live, requests: list[tuple[str, dict[str, Any]]], address: str = "127.0.0.1"
) -> list[httpx.Response]:
    transport = httpx.AsyncHTTPTransport(local_address=address)
    limits = httpx.Limits(max_connections=len(requests))
    async with httpx.AsyncClient(
        base_url=live.url, transport=transport, timeout=60, limits=limits
    ) as client:
        return list(await asyncio.gather(*(client.post(p, json=b) for p, b in requests)))


def test_fifty_parallel_code_requests_get_the_hourly_cap(start_server: Callable[..., Live]) -> None:
    live = start_server(
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10), anonymous_plan="custom"
    )
    signup(live.client, VICTIM)
    answers = asyncio.run(
        _parallel(live, [(f"{AUTH}/loginOTP", {"email": VICTIM})] * 50, "127.0.0.5")
    )
    assert sorted(_code(a) for a in answers) == ["200"] * 10 + ["OTP_SEND_LIMIT"] * 40
    mails = live.client.get("/api/v1/dev/outbox", params={"email": VICTIM}).json()["records"]
    assert len([m for m in mails if m["purpose"] == "login"]) == 10


def test_fifty_parallel_requests_after_the_cooldown_get_one_code(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(otp=OtpPolicy(), anonymous_plan="custom")
    answers = asyncio.run(_parallel(live, [(f"{AUTH}/loginOTP", {"email": VICTIM})] * 50))
    assert sorted(_code(a) for a in answers) == ["200"] + ["OTP_RESEND_COOLDOWN"] * 49


def _guesses(session_id: str, code: str, count: int) -> list[tuple[str, dict[str, Any]]]:
    return [
        (
            f"{AUTH}/loginVerify",
            {"email": VICTIM, "session_id": session_id, "verification_code": _wrong(code, i)},
        )
        for i in range(1, count + 1)
    ]


def test_fifty_parallel_guesses_get_five_tries(start_server: Callable[..., Live]) -> None:
    live = start_server(anonymous_plan="custom")
    signup(live.client, VICTIM)
    session_id = _ask(live.client).json()["session_id"]
    code = latest_code(live.client, VICTIM)
    answers = asyncio.run(_parallel(live, _guesses(session_id, code, 50)))
    assert sorted(_code(a) for a in answers) == ["OTP_INVALID"] * 5 + ["OTP_SESSION_LOCKED"] * 45


def test_fifty_parallel_guesses_stop_at_the_requesters_cap(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(
        otp=OtpPolicy(
            resend_cooldown_seconds=0,
            max_tries_per_session=100,
            max_failures_per_requester_per_day=20,
        ),
        anonymous_plan="custom",
    )
    signup(live.client, VICTIM)
    session_id = _ask(live.client).json()["session_id"]
    code = latest_code(live.client, VICTIM)
    answers = asyncio.run(_parallel(live, _guesses(session_id, code, 50)))
    assert sorted(_code(a) for a in answers) == ["OTP_INVALID"] * 20 + ["OTP_TOO_MANY_TRIES"] * 30


def test_fifty_parallel_guesses_stop_at_the_accounts_cap(start_server: Callable[..., Live]) -> None:
    live = start_server(
        otp=OtpPolicy(
            resend_cooldown_seconds=0, max_tries_per_session=100, max_failures_per_day=20
        ),
        anonymous_plan="custom",
    )
    signup(live.client, VICTIM)
    session_id = _ask(live.client).json()["session_id"]
    code = latest_code(live.client, VICTIM)
    answers = asyncio.run(_parallel(live, _guesses(session_id, code, 50)))
    assert sorted(_code(a) for a in answers) == ["OTP_ACCOUNT_LOCKED"] * 30 + ["OTP_INVALID"] * 20
