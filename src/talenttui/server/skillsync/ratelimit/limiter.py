"""Rate limits per plan (SkillSync reference table).

Per caller (a user: all of a user's keys and tokens share one quota; unauthenticated
callers by client address, on the Free plan):

- burst and per-minute: a token bucket holding at most `burst` requests, refilled at
  `per_minute` a minute. A quiet client may send `burst` at once; a steady one gets
  `per_minute`.
- per-day: a counter per UTC day.
- concurrent: requests in flight at once.

Where the buckets live is the `Buckets` store's business: in this process's memory
(`MemoryBuckets`, SQLite: one process) or in the database, shared by every process on
it (`buckets.DatabaseBuckets`, one atomic statement a request). In-flight counts are
always this process's own: a process that dies cannot leave requests counted in
flight forever, at the price that N processes admit up to N x `concurrent` at once.

Headers: `X-RateLimit-Limit` is the per-minute figure, `X-RateLimit-Remaining` the
requests that would pass now (at most the per-minute figure, and never more than
is left of the day), `X-RateLimit-Reset` the unix time the bucket is full again.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class PlanLimits:
    per_minute: int
    per_day: int
    burst: int
    concurrent: int


UNLIMITED = 10**9

PLAN_LIMITS: dict[str, PlanLimits] = {
    "free": PlanLimits(60, 1_000, 100, 5),
    "pro": PlanLimits(300, 10_000, 500, 20),
    "enterprise": PlanLimits(1_000, 50_000, 2_000, 100),
    "custom": PlanLimits(UNLIMITED, UNLIMITED, UNLIMITED, 1_000),
}


def limits_for(plan: str) -> PlanLimits:
    return PLAN_LIMITS.get(plan, PLAN_LIMITS["free"])


@dataclass(frozen=True)
class BucketState:
    """A caller's bucket after one request was offered to it."""

    tokens: float
    day: int
    day_count: int
    admitted: bool


class Buckets(Protocol):
    async def take(self, caller: str, limits: PlanLimits, now: float, may: bool) -> BucketState:
        """Refill the bucket to `now`, then spend a token and count the day's request if
        `may` and both allow; atomically, whatever else takes from the same bucket."""
        ...


@dataclass
class _Bucket:
    tokens: float
    updated: float
    day: int
    day_count: int = 0


class MemoryBuckets:
    """This process's buckets; the least recently seen idle caller goes when full."""

    def __init__(self, max_callers: int = 100_000) -> None:
        self.max_callers = max_callers
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self.busy: Callable[[str], bool] = lambda _caller: False

    async def take(self, caller: str, limits: PlanLimits, now: float, may: bool) -> BucketState:
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = _Bucket(tokens=float(limits.burst), updated=now, day=int(now // 86400))
            self._buckets[caller] = bucket
            if len(self._buckets) > self.max_callers:
                self._evict()
        else:
            self._buckets.move_to_end(caller)
        rate = limits.per_minute / 60.0
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(float(limits.burst), bucket.tokens + elapsed * rate)
        bucket.updated = max(bucket.updated, now)
        today = int(now // 86400)
        if today != bucket.day:
            bucket.day, bucket.day_count = today, 0
        admitted = may and bucket.day_count < limits.per_day and bucket.tokens >= 1.0
        if admitted:
            bucket.tokens -= 1.0
            bucket.day_count += 1
        return BucketState(bucket.tokens, bucket.day, bucket.day_count, admitted)

    def _evict(self) -> None:
        """Drop the least recently seen idle caller; no copy, as this runs per new caller when full."""
        for key in self._buckets:
            if not self.busy(key):
                del self._buckets[key]
                return


@dataclass(frozen=True)
class Decision:
    allowed: bool
    limit: int
    remaining: int
    reset_at: int
    retry_after: int = 0
    exceeded: str | None = None

    def headers(self) -> list[tuple[bytes, bytes]]:
        out = [
            (b"x-ratelimit-limit", str(self.limit).encode()),
            (b"x-ratelimit-remaining", str(self.remaining).encode()),
            (b"x-ratelimit-reset", str(self.reset_at).encode()),
        ]
        if not self.allowed:
            out += [
                (b"x-ratelimit-retry-after", str(self.retry_after).encode()),
                (b"retry-after", str(self.retry_after).encode()),
            ]
        return out


class RateLimiter:
    def __init__(self, buckets: Buckets | None = None, max_callers: int = 100_000) -> None:
        self._in_flight: dict[str, int] = {}
        if buckets is None:
            memory = MemoryBuckets(max_callers)
            memory.busy = lambda caller: caller in self._in_flight
            buckets = memory
        self._buckets = buckets

    async def acquire(self, caller: str, plan: str, now: float) -> Decision:
        """Count one request if it may run; the caller must `release` an allowed one."""
        limits = limits_for(plan)
        may = self._in_flight.get(caller, 0) < limits.concurrent
        if may:  # the slot is taken before the bucket is asked, which may take a while
            self._in_flight[caller] = self._in_flight.get(caller, 0) + 1
        state = await self._buckets.take(caller, limits, now, may)
        if may and not state.admitted:
            self.release(caller)
        rate = limits.per_minute / 60.0
        exceeded: str | None = None
        retry_after = 0.0
        if not state.admitted:
            if state.day_count >= limits.per_day:
                exceeded, retry_after = "day", (state.day + 1) * 86400 - now
            elif state.tokens < 1.0:
                exceeded = "minute" if limits.burst <= limits.per_minute else "burst"
                retry_after = (1.0 - state.tokens) / rate
            else:
                exceeded, retry_after = "concurrent", 1.0
        remaining = max(
            0, min(limits.per_minute, math.floor(state.tokens), limits.per_day - state.day_count)
        )
        missing = max(0.0, min(float(limits.burst), float(limits.per_minute)) - state.tokens)
        return Decision(
            allowed=state.admitted,
            limit=limits.per_minute,
            remaining=remaining,
            reset_at=math.ceil(now + missing / rate),
            retry_after=max(1, math.ceil(retry_after)),
            exceeded=exceeded,
        )

    def release(self, caller: str) -> None:
        count = self._in_flight.get(caller, 0)
        if count > 1:
            self._in_flight[caller] = count - 1
        else:
            self._in_flight.pop(caller, None)
