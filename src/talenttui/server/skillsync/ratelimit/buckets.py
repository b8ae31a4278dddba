"""Rate-limit buckets in PostgreSQL, shared by every server process on the database.

One statement a request, atomic on the caller's row: an upsert that refills the bucket
to now, spends a token and counts the day's request when the plan allows it, and
returns the bucket as it leaves it. Concurrent requests for one caller queue on that
row for the length of one statement (run in autocommit: one round trip), never for
a request. Clocks of several hosts may disagree slightly: the bucket never refills for
negative time and its `updated` never moves back.
"""

from __future__ import annotations

from sqlalchemy import Boolean, and_, case, cast, func, literal
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine

from talenttui.server.models import RateBucket
from talenttui.server.skillsync.ratelimit.limiter import BucketState, PlanLimits


class DatabaseBuckets:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def take(self, caller: str, limits: PlanLimits, now: float, may: bool) -> BucketState:
        today = int(now // 86400)
        rate = limits.per_minute / 60.0
        allowed = cast(literal(may), Boolean)
        b = RateBucket.__table__.c
        refilled = func.least(
            float(limits.burst), b.tokens + func.greatest(now - b.updated, 0.0) * rate
        )
        counted = case((b.day == today, b.day_count), else_=0)
        admit = and_(allowed, counted < limits.per_day, refilled >= 1.0)
        spend = case((admit, 1), else_=0)
        first = 1 if may else 0
        statement = (
            postgresql.insert(RateBucket)
            .values(
                caller=caller,
                tokens=float(limits.burst) - first,
                updated=now,
                day=today,
                day_count=first,
                admitted=may,
            )
            .on_conflict_do_update(
                index_elements=[b.caller],
                set_={
                    "tokens": refilled - spend,
                    "updated": func.greatest(b.updated, now),
                    "day": today,
                    "day_count": counted + spend,
                    "admitted": admit,
                },
            )
            .returning(b.tokens, b.day, b.day_count, b.admitted)
        )
        async with self._engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            row = (await conn.execute(statement)).one()
        return BucketState(float(row.tokens), int(row.day), int(row.day_count), bool(row.admitted))
