"""Plan limits on `/v1`: headers on every answer, 429 with Retry-After, windows that refill."""

from __future__ import annotations

import asyncio
import math
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from talenttui.server.db import make_engine
from talenttui.server.models import Organization
from talenttui.server.skillsync.ratelimit.buckets import DatabaseBuckets
from talenttui.server.skillsync.ratelimit.limiter import MemoryBuckets, RateLimiter
from tests.conftest import FakeClock, Live, backend_url
from tests.database import needs_postgres
from tests.server.otp_helpers import signup


@pytest.fixture(params=["memory", pytest.param("database", marks=needs_postgres)])
async def limiter(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[RateLimiter]:
    """The limiter with this process's buckets, and (on PostgreSQL) with the shared ones."""
    if request.param == "memory":
        yield RateLimiter()
        return
    engine = make_engine(backend_url(tmp_path))
    try:
        yield RateLimiter(DatabaseBuckets(engine))
    finally:
        await engine.dispose()


def _set_plan(live: Live, org_id: int, plan: str) -> None:
    with live.db() as session:
        session.execute(update(Organization).where(Organization.id == org_id).values(plan=plan))
        session.commit()


def _headers_ok(resp: Any) -> None:
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert resp.headers[name].isdigit(), name


def test_every_v1_answer_carries_the_headers(live: Live) -> None:
    token = signup(live.client, "h@example.com", organization="H Co", role_id=2)["token"]
    auth = {"Authorization": f"Bearer {token}"}
    answers = [
        live.client.get("/v1/profiles/me", headers=auth),
        live.client.get("/v1/profiles/me"),
        live.client.get("/v1/matches/match_nope", headers=auth),
        live.client.post("/v1/auth/api-keys", json={"name": ""}, headers=auth),
        live.client.get("/v1/no/such/route", headers=auth),
    ]
    assert [r.status_code for r in answers] == [200, 401, 404, 422, 404]
    for resp in answers:
        _headers_ok(resp)
    assert answers[0].headers["X-RateLimit-Limit"] == "60"


def test_free_plan_hits_429_and_refills(live: Live, clock: FakeClock) -> None:
    token = signup(live.client, "free@example.com", organization="Free Co", role_id=2)["token"]
    auth = {"Authorization": f"Bearer {token}"}
    clock.freeze()
    statuses = [live.client.get("/v1/profiles/me", headers=auth).status_code for _ in range(100)]
    assert statuses == [200] * 100
    limited = live.client.get("/v1/profiles/me", headers=auth)
    assert limited.status_code == 429
    body = limited.json()
    assert body["error"]["code"] == "RATE_LIMIT_EXCEEDED"
    assert int(limited.headers["Retry-After"]) >= 1
    assert limited.headers["X-RateLimit-Retry-After"] == limited.headers["Retry-After"]
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    clock.advance(60)
    again = live.client.get("/v1/profiles/me", headers=auth)
    assert again.status_code == 200
    assert int(again.headers["X-RateLimit-Remaining"]) >= 58


def test_higher_plans_get_higher_limits(live: Live) -> None:
    body = signup(live.client, "pro@example.com", organization="Pro Co", role_id=2)
    _set_plan(live, body["org_id"], "enterprise")
    live.restart()  # identities are cached for a minute; a restart starts fresh
    auth = {"Authorization": f"Bearer {body['token']}"}
    resp = live.client.get("/v1/profiles/me", headers=auth)
    assert resp.headers["X-RateLimit-Limit"] == "1000"
    statuses = {live.client.get("/v1/profiles/me", headers=auth).status_code for _ in range(120)}
    assert statuses == {200}


async def test_limiter_day_and_concurrency_caps(limiter: RateLimiter) -> None:
    now = 1_700_000_000.0
    held = [await limiter.acquire("u", "free", now) for _ in range(5)]
    assert all(d.allowed for d in held)
    blocked = await limiter.acquire("u", "free", now)
    assert not blocked.allowed and blocked.exceeded == "concurrent"
    limiter.release("u")
    assert (await limiter.acquire("u", "free", now)).allowed
    for _ in range(6):
        limiter.release("u")
    t = now
    decision = await limiter.acquire("u", "free", t)
    while decision.allowed:
        limiter.release("u")
        t += 1.0  # one request a second: the bucket never runs dry, only the day does
        decision = await limiter.acquire("u", "free", t)
    assert decision.exceeded == "day"
    assert int(t // 86400) == int(now // 86400)
    assert t - now == 1000 - 6  # six earlier requests count towards the 1,000 of the day
    over = decision
    assert over.retry_after == math.ceil(86400 - t % 86400)


def test_a_users_tokens_and_keys_share_one_quota(live: Live, clock: FakeClock) -> None:
    token = signup(live.client, "shared@example.com", organization="Shared Co", role_id=2)["token"]
    clock.freeze()
    created = live.client.post(
        "/v1/auth/api-keys",
        json={"name": "k", "scopes": ["profiles:read"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    key = created.json()["data"]["key"]
    by_token = [
        live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
        for _ in range(49)
    ]
    by_key = [
        live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {key}"})
        for _ in range(50)
    ]
    assert {r.status_code for r in by_token + by_key} == {200}
    assert by_key[-1].headers["X-RateLimit-Remaining"] == "0"
    over = live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    assert over.status_code == 429
    assert over.json()["error"]["details"]["limit"] == "burst"


def test_anonymous_callers_are_limited_by_address_on_the_free_plan(
    live: Live, clock: FakeClock
) -> None:
    clock.freeze()
    token = signup(live.client, "anon@example.com")["token"]  # 3 calls without a credential
    statuses = [live.client.get("/v1/profiles/me").status_code for _ in range(97)]
    assert statuses == [401] * 97
    refused = live.client.get("/v1/profiles/me", headers={"Authorization": "Bearer garbage"})
    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Limit"] == "60"
    signed_in = live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    assert signed_in.status_code == 200


async def test_custom_plan_is_unmetered_but_caps_concurrency(limiter: RateLimiter) -> None:
    now = 1_700_000_000.0
    for _ in range(5_000):
        assert (await limiter.acquire("c", "custom", now)).allowed
        limiter.release("c")
    held = [await limiter.acquire("c", "custom", now) for _ in range(1_000)]
    assert all(d.allowed for d in held)
    blocked = await limiter.acquire("c", "custom", now)
    assert not blocked.allowed and blocked.exceeded == "concurrent"


async def test_unknown_plans_fall_back_to_free(limiter: RateLimiter) -> None:
    now = 1_700_000_000.0
    for _ in range(100):
        assert (await limiter.acquire("u", "platinum", now)).allowed
        limiter.release("u")
    refused = await limiter.acquire("u", "platinum", now)
    assert refused.limit == 60 and not refused.allowed and refused.exceeded == "burst"


async def test_the_least_recent_idle_caller_is_forgotten_when_full() -> None:
    limiter = RateLimiter(max_callers=2)
    now = 1_700_000_000.0
    await limiter.acquire("busy", "free", now)  # still in flight: never evicted
    for _ in range(100):
        await limiter.acquire("idle", "free", now)
        limiter.release("idle")
    assert not (await limiter.acquire("idle", "free", now)).allowed
    await limiter.acquire("newcomer", "free", now)
    limiter.release("newcomer")
    assert (await limiter.acquire("idle", "free", now)).allowed  # forgotten, so a fresh bucket
    assert all([(await limiter.acquire("busy", "free", now)).allowed for _ in range(4)])
    still_busy = await limiter.acquire("busy", "free", now)
    assert still_busy.exceeded == "concurrent"  # its count survived


async def test_acquires_racing_on_a_slow_bucket_store_admit_no_more_than_the_limit() -> None:
    """The in-flight slot is taken before the (shared, so awaited) bucket answers."""

    class SlowBuckets(MemoryBuckets):
        async def take(self, caller: str, limits: Any, now: float, may: bool) -> Any:
            await asyncio.sleep(0.01)
            return await super().take(caller, limits, now, may)

    limiter = RateLimiter(SlowBuckets())
    now = 1_700_000_000.0
    decisions = await asyncio.gather(*(limiter.acquire("u", "free", now) for _ in range(20)))
    assert sum(d.allowed for d in decisions) == 5
    assert {d.exceeded for d in decisions if not d.allowed} == {"concurrent"}


def test_the_interview_api_is_limited_by_address_too(live: Live, clock: FakeClock) -> None:
    """Both APIs share the address's bucket; a 429 on /api/v1 comes in skilldeo's envelope."""
    clock.freeze()
    answers = [
        live.client.post("/api/v1/auth/loginOTP", json={"email": f"a{i}@example.com"})
        for i in range(101)
    ]
    assert [a.status_code for a in answers] == [200] * 100 + [429]
    refused = answers[-1]
    assert refused.json()["error_code"] == "RATE_LIMIT_EXCEEDED"
    assert refused.json()["error"] is True and int(refused.headers["Retry-After"]) >= 1
    assert answers[0].headers["X-RateLimit-Limit"] == "60"
    assert live.client.get("/v1/profiles/me").status_code == 429
