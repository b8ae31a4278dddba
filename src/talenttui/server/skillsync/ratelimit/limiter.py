"""Rate limits per plan (SkillSync reference table), kept in memory by one server process.

Per caller (a user: all of a user's keys and tokens share one quota; unauthenticated
callers by client address, on the Free plan):

- burst and per-minute: a token bucket holding at most `burst` requests, refilled at
  `per_minute` a minute. A quiet client may send `burst` at once; a steady one gets
  `per_minute`.
- per-day: a counter per UTC day.
- concurrent: requests in flight at once.

Headers: `X-RateLimit-Limit` is the per-minute figure, `X-RateLimit-Remaining` the
requests that would pass now (at most the per-minute figure, and never more than
is left of the day), `X-RateLimit-Reset` the unix time the bucket is full again.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from dataclasses import dataclass, field


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


@dataclass
class _Bucket:
    tokens: float
    updated: float
    day: int
    day_count: int = 0
    in_flight: int = 0


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


@dataclass
class RateLimiter:
    max_callers: int = 100_000
    _buckets: OrderedDict[str, _Bucket] = field(default_factory=OrderedDict)

    def _bucket(self, caller: str, limits: PlanLimits, now: float) -> _Bucket:
        bucket = self._buckets.get(caller)
        if bucket is None:
            bucket = _Bucket(tokens=float(limits.burst), updated=now, day=int(now // 86400))
            self._buckets[caller] = bucket
            if len(self._buckets) > self.max_callers:
                self._evict()
        else:
            self._buckets.move_to_end(caller)
        rate = limits.per_minute / 60.0
        bucket.tokens = min(float(limits.burst), bucket.tokens + (now - bucket.updated) * rate)
        bucket.updated = now
        today = int(now // 86400)
        if today != bucket.day:
            bucket.day, bucket.day_count = today, 0
        return bucket

    def _evict(self) -> None:
        """Drop the least recently seen idle caller; no copy, as this runs per new caller when full."""
        for key, bucket in self._buckets.items():
            if bucket.in_flight == 0:
                del self._buckets[key]
                return

    def acquire(self, caller: str, plan: str, now: float) -> Decision:
        """Count one request if it may run; the caller must `release` an allowed one."""
        limits = limits_for(plan)
        bucket = self._bucket(caller, limits, now)
        rate = limits.per_minute / 60.0
        exceeded: str | None = None
        retry_after = 0.0
        if bucket.day_count >= limits.per_day:
            exceeded, retry_after = "day", (bucket.day + 1) * 86400 - now
        elif bucket.tokens < 1.0:
            exceeded = "minute" if limits.burst <= limits.per_minute else "burst"
            retry_after = (1.0 - bucket.tokens) / rate
        elif bucket.in_flight >= limits.concurrent:
            exceeded, retry_after = "concurrent", 1.0
        if exceeded is None:
            bucket.tokens -= 1.0
            bucket.day_count += 1
            bucket.in_flight += 1
        remaining = max(
            0, min(limits.per_minute, math.floor(bucket.tokens), limits.per_day - bucket.day_count)
        )
        missing = max(0.0, min(float(limits.burst), float(limits.per_minute)) - bucket.tokens)
        return Decision(
            allowed=exceeded is None,
            limit=limits.per_minute,
            remaining=remaining,
            reset_at=math.ceil(now + missing / rate),
            retry_after=max(1, math.ceil(retry_after)),
            exceeded=exceeded,
        )

    def release(self, caller: str) -> None:
        bucket = self._buckets.get(caller)
        if bucket is not None and bucket.in_flight > 0:
            bucket.in_flight -= 1
