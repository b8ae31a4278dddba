"""Plan limits on `/v1`: headers on every answer, 429 with Retry-After, windows that refill."""

from __future__ import annotations

import math
import sqlite3
from typing import Any

from talenttui.server.skillsync.ratelimit import RateLimiter
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup


def _set_plan(live: Live, org_id: int, plan: str) -> None:
    db = sqlite3.connect(live.settings.data_dir / "talenttui.db")
    try:
        db.execute("UPDATE organizations SET plan = ? WHERE id = ?", (plan, org_id))
        db.commit()
    finally:
        db.close()


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


def test_limiter_day_and_concurrency_caps() -> None:
    limiter = RateLimiter()
    now = 1_700_000_000.0
    held = [limiter.acquire("u", "free", now) for _ in range(5)]
    assert all(d.allowed for d in held)
    blocked = limiter.acquire("u", "free", now)
    assert not blocked.allowed and blocked.exceeded == "concurrent"
    limiter.release("u")
    assert limiter.acquire("u", "free", now).allowed
    for _ in range(6):
        limiter.release("u")
    t = now
    decision = limiter.acquire("u", "free", t)
    while decision.allowed:
        limiter.release("u")
        t += 1.0  # one request a second: the bucket never runs dry, only the day does
        decision = limiter.acquire("u", "free", t)
    assert decision.exceeded == "day"
    assert int(t // 86400) == int(now // 86400)
    assert t - now == 1000 - 6  # six earlier requests count towards the 1,000 of the day
    over = decision
    assert over.retry_after == math.ceil(86400 - t % 86400)
