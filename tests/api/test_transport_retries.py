"""Retries and backoff, driven by a scripted MockTransport (storms the real server cannot make)."""

from __future__ import annotations

from email.utils import formatdate

import httpx
import pytest

from talenttui.api.config import RetryPolicy
from talenttui.api.errors import NetworkError, RateLimited, ServerError
from tests.api.support import Recorder, failure, mock_transport, ok, scripted

NOW = 1_700_000_000.0


async def test_429_storm_waits_what_retry_after_says_then_succeeds() -> None:
    rec = Recorder(
        scripted(
            failure(429, "RATE_LIMIT_EXCEEDED", {"Retry-After": "2"}),
            failure(429, "RATE_LIMIT_EXCEEDED", {"Retry-After": "3"}),
            ok({"matches": []}),
        )
    )
    async with mock_transport(rec) as t:
        assert await t.request("GET", "/v1/matches/me") == {"matches": []}
    assert rec.sleeps == [2.0, 3.0]
    assert len(rec.requests) == 3


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"X-RateLimit-Retry-After": "7"}, 7.0),
        ({"X-RateLimit-Reset": str(int(NOW) + 11)}, 11.0),
        ({"Retry-After": formatdate(NOW + 4, usegmt=True)}, 4.0),
        ({"Retry-After": "1", "X-RateLimit-Retry-After": "9"}, 1.0),
    ],
)
async def test_every_rate_limit_header_is_honoured(headers: dict[str, str], wait: float) -> None:
    rec = Recorder(scripted(failure(429, "RATE_LIMIT_EXCEEDED", headers), ok(1)))
    async with mock_transport(rec, clock=NOW) as t:
        assert await t.request("GET", "/v1/profiles/me") == 1
    assert rec.sleeps == [wait]


async def test_503_without_a_hint_backs_off_exponentially_with_full_jitter_then_gives_up() -> None:
    rec = Recorder(scripted(failure(503, "SERVICE_UNAVAILABLE")))
    async with mock_transport(rec, rand=0.5) as t:
        with pytest.raises(ServerError) as info:
            await t.request("GET", "/v1/matches/me")
    assert info.value.status == 503
    assert len(rec.requests) == 5
    assert rec.sleeps == [0.25, 0.5, 1.0, 2.0]  # rand * min(30, 0.5 * 2**n)


@pytest.mark.parametrize("reset_in", [24.6, 45.0])
async def test_a_503_ignores_the_rate_limit_reset_every_answer_carries(reset_in: float) -> None:
    """The server sends X-RateLimit-Reset on every answer: on a 503 it is the rate window's
    end, not when the server is back (it slept 24.6 s, or gave up when the reset was 45 s away)."""
    headers = {"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "41"}
    headers["X-RateLimit-Reset"] = str(NOW + reset_in)
    rec = Recorder(scripted(failure(503, "SERVICE_UNAVAILABLE", headers), ok({"up": True})))
    async with mock_transport(rec, rand=0.5, clock=NOW) as t:
        assert await t.request("GET", "/v1/matches/me") == {"up": True}
    assert rec.sleeps == [0.25]  # the backoff's first step, not the reset
    assert len(rec.requests) == 2


async def test_a_503_waits_what_retry_after_says() -> None:
    headers = {"Retry-After": "3", "X-RateLimit-Reset": str(NOW + 50)}
    rec = Recorder(scripted(failure(503, "SERVICE_UNAVAILABLE", headers), ok(1)))
    async with mock_transport(rec, clock=NOW) as t:
        assert await t.request("POST", "/v1/messages", json={"message": "hi"}) == 1
    assert rec.sleeps == [3.0]


async def test_a_503_asking_for_more_than_the_cap_is_raised_with_no_retry_after() -> None:
    rec = Recorder(scripted(failure(503, "SERVICE_UNAVAILABLE", {"Retry-After": "90"})))
    async with mock_transport(rec, clock=NOW) as t:
        with pytest.raises(ServerError) as info:
            await t.request("GET", "/v1/matches/me")
    assert info.value.status == 503
    assert rec.sleeps == [] and len(rec.requests) == 1


@pytest.mark.parametrize(("rand", "last_wait"), [(0.999, 0.999 * 30.0), (0.0, 0.0)])
async def test_jitter_is_full_and_each_wait_is_capped(rand: float, last_wait: float) -> None:
    rec = Recorder(scripted(failure(503, "SERVICE_UNAVAILABLE")))
    policy = RetryPolicy(max_attempts=8, base_delay=1.0, max_delay=30.0)
    async with mock_transport(rec, rand=rand, retry=policy) as t:
        with pytest.raises(ServerError):
            await t.request("GET", "/v1/matches/me")
    assert len(rec.sleeps) == 7
    assert max(rec.sleeps) <= 30.0
    assert rec.sleeps[-1] == pytest.approx(last_wait)  # 1 * 2**6 = 64 is capped at 30


async def test_a_wait_longer_than_the_cap_is_raised_not_slept() -> None:
    rec = Recorder(scripted(failure(429, "RATE_LIMIT_EXCEEDED", {"Retry-After": "120"})))
    async with mock_transport(rec) as t:
        with pytest.raises(RateLimited) as info:
            await t.request("GET", "/v1/matches/me")
    assert info.value.retry_after == 120.0
    assert info.value.code == "RATE_LIMIT_EXCEEDED"
    assert rec.sleeps == []
    assert len(rec.requests) == 1


async def test_429_is_retried_for_writes_too_because_nothing_was_done() -> None:
    rec = Recorder(
        scripted(failure(429, "RATE_LIMIT_EXCEEDED", {"Retry-After": "1"}), ok({"id": 1}))
    )
    async with mock_transport(rec) as t:
        assert await t.request("POST", "/v1/messages", json={"message": "hi"}) == {"id": 1}
    assert len(rec.requests) == 2


async def test_reads_are_retried_after_timeouts_and_connection_errors() -> None:
    rec = Recorder(
        scripted(
            httpx.ReadTimeout("slow"),
            httpx.ConnectError("refused"),
            ok({"ok": True}),
        )
    )
    async with mock_transport(rec) as t:
        assert await t.request("GET", "/v1/profiles/me") == {"ok": True}
        assert t.online is True
    assert len(rec.requests) == 3
    assert len(rec.sleeps) == 2


async def test_writes_without_an_idempotency_key_are_not_retried_after_a_timeout() -> None:
    rec = Recorder(scripted(httpx.ReadTimeout("slow"), ok({"id": 1})))
    async with mock_transport(rec) as t:
        with pytest.raises(NetworkError) as info:
            await t.request("POST", "/v1/messages", json={"message": "hi"})
        assert t.online is False
    assert info.value.timeout is True
    assert info.value.code == "TIMEOUT"
    assert len(rec.requests) == 1
    assert rec.sleeps == []


async def test_writes_with_an_idempotency_key_are_retried_with_the_same_key() -> None:
    rec = Recorder(
        scripted(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), ok({"id": 1}))
    )
    async with mock_transport(rec) as t:
        result = await t.request(
            "POST", "/v1/messages", json={"message": "hi"}, idempotency_key="key-123"
        )
    assert result == {"id": 1}
    assert [r.headers["Idempotency-Key"] for r in rec.requests] == ["key-123"] * 3


async def test_post_marked_as_read_is_retried_like_a_read() -> None:
    rec = Recorder(
        scripted(
            httpx.ConnectError("refused"),
            httpx.Response(
                200, json={"message": "Success", "records": [], "status_code": 200, "error": False}
            ),
        )
    )
    async with mock_transport(rec) as t:
        body = await t.request("POST", "/api/v1/svc/campaign/list", json={"top": 10}, read=True)
    assert body == {"message": "Success", "records": []}
    assert len(rec.requests) == 2


async def test_a_dead_network_ends_as_network_error_after_the_last_attempt() -> None:
    rec = Recorder(scripted(httpx.ConnectError("[Errno 111] Connection refused")))
    async with mock_transport(rec) as t:
        with pytest.raises(NetworkError) as info:
            await t.request("GET", "/v1/profiles/me")
        assert t.online is False
    assert len(rec.requests) == 5
    assert info.value.status == 0
    assert "Cannot connect to the server (http://skillsync.test)" in str(info.value)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422, 500])
async def test_other_errors_are_not_retried(status: int) -> None:
    rec = Recorder(scripted(failure(status, "X")))
    async with mock_transport(rec) as t:
        with pytest.raises(Exception) as info:
            await t.request("GET", "/v1/profiles/me")
    assert getattr(info.value, "status", None) == status
    assert len(rec.requests) == 1
