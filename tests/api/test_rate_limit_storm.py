"""A 429 storm from the real server: the client keeps the server's pace and loses nothing.

The server's clock is frozen and the client's sleep moves it, so waiting what
``Retry-After`` asks takes no real time and every refill is exact. A refusal for the
concurrency limit lasts until a request in flight ends, which is real time: there the
sleep also yields a little real time, so a retry does not spend its attempts while the
admitted requests are still running.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from talenttui.api.config import ClientConfig, RetryPolicy
from talenttui.api.credentials import Credentials, CredentialStore
from talenttui.api.endpoints.matches import list_matches
from talenttui.api.transport import Transport
from talenttui.server.skillsync.ratelimit.limiter import PLAN_LIMITS
from tests.conftest import FakeClock, Live
from tests.server.skillsync_people import person

FREE = PLAN_LIMITS["free"]


def transport_for(
    live: Live,
    token: str,
    clock: FakeClock,
    sleeps: list[float],
    *,
    attempts: int = 10,
    real_pause: float = 0.0,
) -> Transport:
    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        clock.advance(seconds)
        await asyncio.sleep(real_pause)

    config = ClientConfig.load(server=live.url, retry=RetryPolicy(max_attempts=attempts))
    store = CredentialStore.in_memory(config.store_server, Credentials(token=token))
    return Transport(config, store, sleep=sleep, clock=clock)


async def test_more_reads_than_the_burst_all_succeed_at_the_plans_pace(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    clock.freeze()
    live = start_server()
    who = person(live, plan="free")
    sleeps: list[float] = []
    transport = transport_for(live, who.token, clock, sleeps)
    extra = 30
    try:
        for _ in range(FREE.burst + extra):
            page = await transport.send(list_matches())
            assert page.matches == []
    finally:
        await transport.aclose()
    assert len(sleeps) >= extra
    assert sum(sleeps) >= extra * 60 / FREE.per_minute - 1
    assert transport.rate.limit == FREE.per_minute
    assert transport.rate.remaining is not None and transport.rate.remaining <= 1


async def test_a_concurrent_storm_over_the_connection_limit_is_absorbed(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    clock.freeze()
    live = start_server()
    who = person(live, plan="free")
    sleeps: list[float] = []
    transport = transport_for(live, who.token, clock, sleeps, attempts=50, real_pause=0.05)
    try:
        pages = await asyncio.gather(
            *(transport.send(list_matches()) for _ in range(FREE.concurrent * 4))
        )
    finally:
        await transport.aclose()
    assert sleeps, "the storm never reached the concurrency limit"
    assert len(pages) == FREE.concurrent * 4
    assert all(page.matches == [] for page in pages)
