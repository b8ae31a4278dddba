"""Rate-limit buckets in PostgreSQL, shared by every server process on the database.

One statement a request, atomic on the caller's row: an upsert that refills the bucket
to now, spends a token and counts the day's request when the plan allows it, and
returns the bucket as it leaves it. Concurrent requests for one caller queue on that
row for the length of one statement (run in autocommit: one round trip), never for
a request. Clocks of several hosts may disagree slightly: the bucket never refills for
negative time and its `updated` never moves back.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Float, Integer, and_, bindparam, case, func
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine

from talenttui.server.models import RateBucket
from talenttui.server.skillsync.ratelimit.limiter import BucketState, PlanLimits

_b = RateBucket.__table__.c
_now = bindparam("now", type_=Float)
_today = bindparam("today", type_=Integer)
_refilled = func.least(
    bindparam("burst", type_=Float),
    _b.tokens + func.greatest(_now - _b.updated, 0.0) * bindparam("rate", type_=Float),
)
_counted = case((_b.day == _today, _b.day_count), else_=0)
_admit = and_(
    bindparam("may", type_=Boolean),
    _counted < bindparam("per_day", type_=Integer),
    _refilled >= 1.0,
)
_spend = case((_admit, 1), else_=0)
_TAKE = (
    postgresql.insert(RateBucket)
    .values(
        caller=bindparam("caller"),
        tokens=bindparam("first_tokens", type_=Float),
        updated=_now,
        day=_today,
        day_count=bindparam("first", type_=Integer),
        admitted=bindparam("may", type_=Boolean),
    )
    .on_conflict_do_update(
        index_elements=[_b.caller],
        set_={
            "tokens": _refilled - _spend,
            "updated": func.greatest(_b.updated, _now),
            "day": _today,
            "day_count": _counted + _spend,
            "admitted": _admit,
        },
    )
    .returning(_b.tokens, _b.day, _b.day_count, _b.admitted)
)
"""The one statement, built once: each request only binds its values."""


class DatabaseBuckets:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def take(self, caller: str, limits: PlanLimits, now: float, may: bool) -> BucketState:
        first = 1 if may else 0
        params = {
            "caller": caller,
            "now": now,
            "today": int(now // 86400),
            "burst": float(limits.burst),
            "rate": limits.per_minute / 60.0,
            "per_day": limits.per_day,
            "may": may,
            "first": first,
            "first_tokens": float(limits.burst) - first,
        }
        async with self._engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            row = (await conn.execute(_TAKE, params)).one()
        return BucketState(float(row.tokens), int(row.day), int(row.day_count), bool(row.admitted))
