"""What a connection missed, read from the event log.

A user's events commit in `seq` order (`emit()` takes the user's counter row), so
once seq N is published every seq below it is committed and readable here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from talenttui.server.context import ServerContext
from talenttui.server.hub import Frame, event_frame
from talenttui.server.models import Event, User


@dataclass(frozen=True)
class Backlog:
    """`frames` is None when the events after `since` are no longer all kept (resync)."""

    current: int
    frames: list[Frame] | None


async def current_seq(ctx: ServerContext, user_id: int) -> int:
    async with ctx.sessions() as db:
        return int(await db.scalar(select(User.event_seq).where(User.id == user_id)) or 0)


async def read_backlog(ctx: ServerContext, user_id: int, since: int) -> Backlog:
    """Every event after `since` up to the current seq, if the window still holds all of them."""
    settings = ctx.settings
    async with ctx.sessions() as db:
        current = int(await db.scalar(select(User.event_seq).where(User.id == user_id)) or 0)
        if since > current or current - since > settings.realtime_replay_window:
            return Backlog(current, None)
        rows = (
            await db.scalars(
                select(Event)
                .where(Event.user_id == user_id, Event.seq > since, Event.seq <= current)
                .order_by(Event.seq)
            )
        ).all()
    oldest_kept = ctx.now() - timedelta(days=settings.realtime_replay_days)
    if len(rows) != current - since or (rows and rows[0].created_at < oldest_kept):
        return Backlog(current, None)
    return Backlog(current, [event_frame(r) for r in rows])


async def read_between(ctx: ServerContext, user_id: int, after: int, before: int) -> list[Frame]:
    """Events published out of order: fill the gap before sending a later one."""
    async with ctx.sessions() as db:
        rows = (
            await db.scalars(
                select(Event)
                .where(Event.user_id == user_id, Event.seq > after, Event.seq < before)
                .order_by(Event.seq)
            )
        ).all()
    return [event_frame(r) for r in rows]
