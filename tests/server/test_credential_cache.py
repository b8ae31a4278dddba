"""Credentials checked just now are not looked up again (issue #15, point 5), and security
stays exact: a revoked key or token is refused from the very next request on the process
that revoked it, and on another process once the revocation's notification arrives
(tests/server/test_scale_out.py); whatever becomes of a notification, an answer is
trusted for at most `credential_cache_seconds` (the bound, tested on its own clock here).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from talenttui.server.credential_cache import Checked, CredentialCache
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import login, signup
from tests.server.skillsync_people import person
from tests.server.test_revocation import api_key, bearer

HOUR = 3600.0


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _cache(seconds: float = 1.0) -> tuple[CredentialCache[str], Ticks]:
    ticks = Ticks()
    return CredentialCache(seconds, monotonic=ticks), ticks


def test_an_answer_is_trusted_for_at_most_the_limit() -> None:
    cache, ticks = _cache(1.0)
    cache.put("tok", "alice", "jti:a", None, cache.lookup())
    ticks.now += 0.99
    assert cache.get("tok", 0.0) == "alice"
    ticks.now += 0.02
    assert cache.get("tok", 0.0) is None


def test_the_limit_counts_from_the_start_of_the_lookup() -> None:
    """A slow lookup's answer is as old as the read it made, not as the moment it was kept."""
    cache, ticks = _cache(1.0)
    lookup = cache.lookup()
    ticks.now += 0.8
    cache.put("tok", "alice", "jti:a", None, lookup)
    ticks.now += 0.3
    assert cache.get("tok", 0.0) is None


def test_an_answer_ends_with_its_credential() -> None:
    cache, _ = _cache(HOUR)
    cache.put("tok", "alice", "jti:a", 500.0, cache.lookup())
    assert cache.get("tok", 499.0) == "alice"
    assert cache.get("tok", 500.0) is None


def test_a_revocation_drops_the_credential_and_only_it() -> None:
    cache, _ = _cache(HOUR)
    cache.put("tok", "alice", "jti:a", None, cache.lookup())
    cache.put("key", "alice", "key:7", None, cache.lookup())
    cache.forget("jti:a")
    assert cache.get("tok", 0.0) is None
    assert cache.get("key", 0.0) == "alice"


def test_a_lookup_under_way_when_a_revocation_lands_is_not_kept() -> None:
    """It may have read the credential as live just before the revocation committed."""
    cache, _ = _cache(HOUR)
    lookup = cache.lookup()
    cache.forget("jti:a")
    cache.put("tok", "alice", "jti:a", None, lookup)
    assert cache.get("tok", 0.0) is None


def test_the_cache_is_bounded_oldest_first() -> None:
    ticks = Ticks()
    cache: CredentialCache[int] = CredentialCache(HOUR, max_entries=3, monotonic=ticks)
    for n in range(5):
        cache.put(f"tok{n}", n, f"jti:{n}", None, cache.lookup())
    assert [cache.get(f"tok{n}", 0.0) for n in range(5)] == [None, None, 2, 3, 4]
    cache.forget("jti:0")  # a dropped entry's credential is forgotten with it
    assert cache.get("tok2", 0.0) == 2


def test_with_no_limit_nothing_is_kept() -> None:
    cache, _ = _cache(0.0)
    cache.put("tok", "alice", "jti:a", None, cache.lookup())
    assert cache.get("tok", 0.0) is None


async def test_requests_arriving_together_share_one_lookup() -> None:
    cache, _ = _cache(1.0)
    calls = 0
    gate = asyncio.Event()

    async def check() -> Checked[str]:
        nonlocal calls
        calls += 1
        await gate.wait()
        return Checked("alice", "jti:a", None)

    waiting = [asyncio.create_task(cache.resolve("tok", 0.0, check)) for _ in range(16)]
    await asyncio.sleep(0)
    waiting[0].cancel()  # one caller gives up; the lookup goes on for the others
    gate.set()
    results = await asyncio.gather(*waiting[1:])
    assert results == ["alice"] * 15 and calls == 1
    assert await cache.resolve("tok", 0.0, check) == "alice" and calls == 1


async def test_a_refusal_reaches_every_request_that_waited_and_is_not_kept() -> None:
    cache, _ = _cache(1.0)
    calls = 0

    async def refuse() -> Checked[str]:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        raise LookupError("revoked")

    outcomes = await asyncio.gather(
        *(cache.resolve("tok", 0.0, refuse) for _ in range(3)), return_exceptions=True
    )
    assert [type(o) for o in outcomes] == [LookupError] * 3 and calls == 1
    with pytest.raises(LookupError):
        await cache.resolve("tok", 0.0, refuse)
    assert calls == 2


def test_a_revoked_api_key_is_refused_by_the_next_request(
    start_server: Callable[..., Live],
) -> None:
    """With answers kept for an hour, only the revocation itself can end the key's entry."""
    live = start_server(credential_cache_seconds=HOUR)
    owner = person(live)
    key = api_key(live, owner)
    path = "/v1/messages/conversations"
    assert live.client.get(path, headers=bearer(key["key"])).status_code == 200
    assert live.ctx.principals.get(key["key"], live.ctx.timestamp()) is not None
    revoked = live.client.delete(f"/v1/auth/api-keys/{key['id']}", headers=owner.headers)
    assert revoked.status_code == 200, revoked.text
    refused = live.client.get(path, headers=bearer(key["key"]))
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "INVALID_API_KEY"
    assert live.client.get(path, headers=owner.headers).status_code == 200


def test_a_logged_out_token_is_refused_by_the_next_request_on_both_apis(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(credential_cache_seconds=HOUR)
    email = "leaving.now@example.com"
    signup(live.client, email)
    token, other = login(live.client, email)["token"], login(live.client, email)["token"]
    assert live.client.get("/v1/profiles/me", headers=bearer(token)).status_code in (200, 404)
    sessions = live.client.get("/api/v1/auth/sessions", headers=bearer(token))
    assert sessions.status_code == 200
    assert live.client.post("/api/v1/auth/logout", headers=bearer(token)).status_code == 200
    assert live.client.get("/v1/profiles/me", headers=bearer(token)).status_code == 401
    assert live.client.get("/api/v1/auth/sessions", headers=bearer(token)).status_code == 401
    assert live.client.get("/api/v1/auth/sessions", headers=bearer(other)).status_code == 200


def test_a_cached_answer_ends_when_its_token_expires(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    """The server's clock (here the test's) ends a kept answer with the token it is for."""
    live = start_server(credential_cache_seconds=HOUR)
    someone = person(live)
    assert live.client.get("/v1/messages/conversations", headers=someone.headers).status_code == 200
    clock.advance(3601)  # the test tokens live an hour
    expired = live.client.get("/v1/messages/conversations", headers=someone.headers)
    assert expired.status_code == 401
    assert "expired" in expired.json()["error"]["message"]


def test_an_api_key_is_no_login_token_on_the_interview_api_even_when_cached(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(credential_cache_seconds=HOUR)
    key = api_key(live, person(live))
    assert (
        live.client.get("/v1/messages/conversations", headers=bearer(key["key"])).status_code == 200
    )
    refused = live.client.get("/api/v1/auth/sessions", headers=bearer(key["key"]))
    assert refused.status_code == 401
    assert refused.json()["error_code"] == "UNAUTHORIZED"
