"""The offline-first cache: isolation per server and user, ages, stale-while-revalidate, offline."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import stat
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from talenttui.api.cache import CACHE_FILE, Cache, CacheKey, SwrResult
from talenttui.api.client import TalentClient
from talenttui.api.config import CacheLimits, ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.endpoints.matches import list_matches
from talenttui.api.endpoints.profiles import get_profile
from talenttui.api.errors import ApiError, NetworkError, NotFound
from talenttui.api.transport import Transport
from talenttui.paths import resolve_paths
from tests.conftest import FakeClock, Live
from tests.server.skillsync_people import person

A, B = "http://127.0.0.1:8000", "https://talent.example.com"


@pytest.fixture
async def cache(clock: FakeClock) -> AsyncIterator[Cache]:
    c = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock)
    yield c
    await c.aclose()


def key(server: str = A, user: str = "user_1", request: str = "GET /v1/matches/me") -> CacheKey:
    return CacheKey(server, user, request)


def counting(*answers: Any) -> tuple[Callable[[], Any], list[int]]:
    """A fetch that returns (or raises) the answers in order and counts its calls."""
    calls: list[int] = []

    async def fetch() -> Any:
        calls.append(1)
        answer = answers[min(len(calls), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return fetch, calls


async def test_entries_are_isolated_per_server_and_per_user(cache: Cache) -> None:
    await cache.put(key(A, "user_1"), {"who": "a1"})
    await cache.put(key(A, "user_2"), {"who": "a2"})
    await cache.put(key(B, "user_1"), {"who": "b1"})

    for server, user, who in [(A, "user_1", "a1"), (A, "user_2", "a2"), (B, "user_1", "b1")]:
        entry = await cache.get(key(server, user))
        assert entry is not None and entry.data == {"who": who}
    assert await cache.get(key(B, "user_2")) is None

    await cache.wipe_user(A, "user_1")
    assert await cache.get(key(A, "user_1")) is None
    assert await cache.get(key(A, "user_2")) is not None
    assert await cache.get(key(B, "user_1")) is not None


async def test_age_follows_the_clock_and_put_replaces(cache: Cache, clock: FakeClock) -> None:
    await cache.put(key(), [1])
    clock.advance(90)
    entry = await cache.get(key())
    assert entry is not None
    assert entry.data == [1]
    assert entry.age_seconds == pytest.approx(90, abs=1)
    await cache.put(key(), [2])
    entry = await cache.get(key())
    assert entry is not None and entry.data == [2] and entry.age_seconds < 1


async def test_the_cache_file_is_private_and_survives_reopening(clock: FakeClock) -> None:
    first = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock)
    await first.put(key(), {"kept": True})
    await first.aclose()
    path = resolve_paths().cache_dir / CACHE_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    again = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock)
    entry = await again.get(key())
    await again.aclose()
    assert entry is not None and entry.data == {"kept": True}


async def test_kiosk_cache_writes_nothing_to_disk(clock: FakeClock) -> None:
    c = await Cache.open(resolve_paths().cache_dir, kiosk=True, clock=clock)
    result = await c.swr(key(), counting({"feed": 1})[0])
    assert result.source == "network"
    assert (await c.get(key())) is not None
    await c.aclose()
    home = Path(os.environ["TALENTTUI_HOME"])
    assert [p for p in home.rglob("*") if p.is_file()] == []


def test_request_keys_ignore_parameter_order() -> None:
    one = CacheKey.for_request(A, "u", "get", "/v1/matches/me", {"limit": 10, "min_score": 80})
    two = CacheKey.for_request(A, "u", "GET", "/v1/matches/me", {"min_score": 80, "limit": 10})
    assert one == two
    assert one.request == "GET /v1/matches/me?limit=10&min_score=80"
    assert CacheKey.for_request(A, "u", "GET", "/v1/x").request == "GET /v1/x"


async def test_swr_fetches_when_empty_then_paints_from_cache_and_refreshes(
    cache: Cache, clock: FakeClock
) -> None:
    fetch, calls = counting({"v": 1}, {"v": 2})
    first = await cache.swr(key(), fetch)
    assert first == SwrResult({"v": 1}, 0.0, "network")

    clock.advance(30)
    refreshed: list[SwrResult] = []
    second = await cache.swr(key(), fetch, on_refresh=refreshed.append)
    assert second.source == "cache"
    assert second.data == {"v": 1}
    assert second.age_seconds == pytest.approx(30, abs=1)
    await cache.wait_idle()
    assert refreshed == [SwrResult({"v": 2}, 0.0, "network")]
    entry = await cache.get(key())
    assert entry is not None and entry.data == {"v": 2}
    assert len(calls) == 2


async def test_swr_offline_serves_the_cache_and_says_so(cache: Cache, clock: FakeClock) -> None:
    await cache.put(key(), {"v": "old"})
    clock.advance(600)
    fetch, _ = counting(NetworkError("Cannot connect to the server"))
    refreshed: list[SwrResult] = []
    shown = await cache.swr(key(), fetch, on_refresh=refreshed.append)
    await cache.wait_idle()
    assert shown.data == {"v": "old"}
    assert len(refreshed) == 1
    assert refreshed[0].source == "offline"
    assert refreshed[0].data == {"v": "old"}
    assert refreshed[0].age_seconds == pytest.approx(600, abs=1)
    entry = await cache.get(key())
    assert entry is not None and entry.data == {"v": "old"}


async def test_swr_with_nothing_cached_raises_when_offline(cache: Cache) -> None:
    with pytest.raises(NetworkError):
        await cache.swr(key(), counting(NetworkError("down"))[0])
    assert await cache.get(key()) is None


async def test_background_errors_go_to_on_error_and_keep_the_cache(cache: Cache) -> None:
    await cache.put(key(), {"v": 1})
    errors: list[ApiError] = []

    async def on_error(exc: ApiError) -> None:  # coroutine callbacks are awaited
        errors.append(exc)

    await cache.swr(
        key(), counting(NotFound(404, "RESOURCE_NOT_FOUND", "gone"))[0], on_error=on_error
    )
    await cache.wait_idle()
    assert [e.code for e in errors] == ["RESOURCE_NOT_FOUND"]
    entry = await cache.get(key())
    assert entry is not None and entry.data == {"v": 1}


async def test_one_refresh_per_key_at_a_time(cache: Cache) -> None:
    await cache.put(key(), 0)
    gate = asyncio.Event()
    calls: list[int] = []

    async def slow_fetch() -> int:
        calls.append(1)
        await gate.wait()
        return 1

    for _ in range(3):
        assert (await cache.swr(key(), slow_fetch)).source == "cache"
    await asyncio.sleep(0)
    gate.set()
    await cache.wait_idle()
    assert len(calls) == 1


async def test_swr_over_the_real_server_then_offline_when_it_stops(
    start_server: Callable[..., Live], cache: Cache, clock: FakeClock
) -> None:
    live = start_server()
    who = person(live)
    config = ClientConfig(server=live.url, retry=RetryPolicy(max_attempts=1))
    creds = CredentialStore.in_memory(live.url, Credentials(token=who.token))
    k = CacheKey.for_request(live.url, who.public_id, "GET", "/v1/profiles/me")
    async with Transport(config, creds) as transport:

        async def fetch() -> Any:
            return await transport.request("GET", "/v1/profiles/me")

        first = await cache.swr(k, fetch)
        assert first.source == "network"
        assert first.data["id"] == who.public_id

        live.close()
        clock.advance(120)
        refreshed: list[SwrResult] = []
        shown = await cache.swr(k, fetch, on_refresh=refreshed.append)
        await cache.wait_idle()
        assert transport.online is False
    assert shown.source == "cache"
    assert shown.data["id"] == who.public_id
    assert [r.source for r in refreshed] == ["offline"]
    assert refreshed[0].age_seconds == pytest.approx(120, abs=2)


def test_reads_that_post_a_body_are_keyed_by_it() -> None:
    """skilldeo lists are POSTs: two campaigns' interview lists must not share a cache entry."""
    one = CacheKey.for_request(
        A, "u", "POST", "/api/v1/svc/interview/list", None, {"campaign_id": 1}
    )
    two = CacheKey.for_request(
        A, "u", "POST", "/api/v1/svc/interview/list", None, {"campaign_id": 2}
    )
    same = CacheKey.for_request(
        A, "u", "POST", "/api/v1/svc/interview/list", None, {"campaign_id": 1}
    )
    assert one != two and one == same


# --- limits: age and size ------------------------------------------------------------------


def limits(max_age_days: float = 30.0, max_mb: float = 100.0) -> CacheLimits:
    return CacheLimits(max_age_days=max_age_days, max_mb=max_mb)


async def test_entries_older_than_the_max_age_are_dropped(clock: FakeClock) -> None:
    c = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock, limits=limits(2))
    await c.put(key(request="GET /old"), {"v": "old"})
    clock.advance(86400)
    await c.put(key(request="GET /newer"), {"v": "newer"})
    clock.advance(1.5 * 86400)  # /old is 2.5 days old, /newer 1.5
    await c.aclose()
    again = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock, limits=limits(2))
    assert await again.get(key(request="GET /old")) is None
    assert await again.get(key(request="GET /newer")) is not None
    clock.advance(3600 * 24)  # a long session: the next write prunes by age too
    await again.put(key(request="GET /fresh"), 1)
    assert await again.get(key(request="GET /newer")) is None
    assert await again.get(key(request="GET /fresh")) is not None
    await again.aclose()


async def test_past_the_size_cap_the_least_recently_used_go_first(clock: FakeClock) -> None:
    page = {"rows": "x" * 100_000}  # ~100 kB a page, as a feed page of 100 matches
    c = await Cache.open(
        resolve_paths().cache_dir, kiosk=False, clock=clock, limits=limits(max_mb=1)
    )
    for n in range(8):
        await c.put(key(request=f"GET /page/{n}"), page)
        clock.advance(1)
    assert await c.get(key(request="GET /page/0")) is not None  # read: now the most recent
    clock.advance(1)
    for n in range(8, 12):
        await c.put(key(request=f"GET /page/{n}"), page)
        clock.advance(1)
    assert c.size <= c.limits.max_bytes
    assert await c.get(key(request="GET /page/0")) is not None, "recently read, so kept"
    assert await c.get(key(request="GET /page/1")) is None, "least recently used, so dropped"
    assert await c.get(key(request="GET /page/11")) is not None
    for n in range(12, 60):
        await c.put(key(request=f"GET /page/{n}"), page)
    assert c.size <= c.limits.max_bytes
    await c.aclose()
    path = resolve_paths().cache_dir / CACHE_FILE
    assert path.stat().st_size < 2 * 1024 * 1024, "the freed pages went back to the disk"


async def test_a_cache_file_of_the_older_layout_starts_over(clock: FakeClock) -> None:
    path = resolve_paths().cache_dir / CACHE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE entries (server TEXT, user TEXT, key TEXT, data TEXT, fetched_at REAL,"
        " PRIMARY KEY (server, user, key));"
        "INSERT INTO entries VALUES ('a', 'u', 'GET /x', '1', 0);"
    )
    old.close()
    c = await Cache.open(resolve_paths().cache_dir, kiosk=False, clock=clock)
    assert await c.get(CacheKey("a", "u", "GET /x")) is None
    await c.put(key(), {"works": True})
    entry = await c.get(key())
    assert entry is not None and entry.data == {"works": True}
    await c.aclose()


def test_cache_limits_come_from_config_toml() -> None:
    path = resolve_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('server = "http://x.example"\n\n[cache]\nmax_age_days = 7\nmax_mb = 20\n')
    assert ClientConfig.load().cache == CacheLimits(max_age_days=7, max_mb=20)
    path.write_text("[cache]\nmax_age_days = 7\nmax_mb = 0\n")
    config = ClientConfig.load()
    assert config.cache == CacheLimits(max_age_days=7)
    assert config.notices == ("[cache] max_mb = 0 is not a number above 0; ignored",)
    path.write_text("")
    assert ClientConfig.load().cache == CacheLimits()


async def test_the_client_keeps_its_cache_under_the_configured_cap(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    """The real server's answers, a client with a small cap: the cache stays under it."""
    live = start_server()
    who = person(live)
    config = replace(
        ClientConfig.load(server=live.url), cache=CacheLimits(max_mb=0.002)
    )  # about 2 kB: a few profiles
    creds = CredentialStore.in_memory(live.url, Credentials(token=who.token, public_id="u"))
    client = TalentClient(config, credentials=creds, clock=clock)
    try:
        for limit in range(1, 30):
            await client.refetch(list_matches(limit=limit))
            await client.refetch(get_profile())
        cache = await client.cache()
        assert 0 < cache.size <= config.cache.max_bytes
        assert (await client.cached(get_profile())).source == "cache"
    finally:
        await client.aclose()


async def test_many_first_reads_at_once_open_one_cache(live: Live) -> None:
    """The app's panes make their first reads together: the cache file is opened once
    (two openings of a new file raced, and one's start-over dropped the other's table)."""
    who = person(live)
    config = ClientConfig.load(server=live.url)
    creds = CredentialStore.in_memory(live.url, Credentials(token=who.token, public_id="u"))
    client = TalentClient(config, credentials=creds)
    try:
        opened = await asyncio.gather(*(client.cache() for _ in range(8)))
        assert all(cache is opened[0] for cache in opened)
        pages = await asyncio.gather(*(client.cached(list_matches(limit=n)) for n in range(1, 9)))
        assert [page.data.matches for page in pages] == [[]] * 8
    finally:
        await client.aclose()
