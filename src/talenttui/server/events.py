"""The event log: record a user's events; realtime and webhooks both read these rows.

Writers call `emit()` (or `emit_many()`) inside their own transaction and commit as
usual. Publishing needs nothing more from them: the app's session class carries an
`after_commit` hook (`hub.bind_publisher`), so an event is seen only once committed,
and an event rolled back is never seen; on PostgreSQL the other server processes hear
of it through a NOTIFY sent with the commit. Webhook deliveries are rows written in the same
transaction, so a crash after the commit loses none.

The log is bounded: `prune_events()` keeps each user's last N events within D days
(settings `realtime_replay_window`, `realtime_replay_days`), except events that a
webhook delivery still waits to send.
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, exists, func, literal_column, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.db import hold_rows
from talenttui.server.models import Event, User, Webhook, WebhookDelivery

PENDING_KEY = "talenttui.pending_events"
DELIVERIES_KEY = "talenttui.queued_deliveries"
EVENTS_CHANNEL = "talenttui_events"


@dataclass(frozen=True)
class NewEvent:
    user_id: int
    event: str
    data: dict[str, Any]


async def emit(
    db: AsyncSession, user_id: int, event: str, data: dict[str, Any], now: datetime
) -> Event:
    """Append one event with the user's next `seq`, in the caller's transaction."""
    (row,) = await emit_many(db, [NewEvent(user_id, event, data)], now)
    return row


async def emit_many(db: AsyncSession, new: Sequence[NewEvent], now: datetime) -> list[Event]:
    """Append events, each with its user's next `seq`, in the caller's transaction.

    One counter UPDATE for every user at once (the rows lock in id order, so transactions
    that touch several users cannot deadlock), which also says whose webhooks to look
    at (most users have none: no query for theirs), one flush for the lot. The counter rows
    stay locked to the commit, so a user's `seq` has no gaps or duplicates and their
    events commit in `seq` order even on PostgreSQL. Nothing is published until the
    transaction commits; on PostgreSQL the same UPDATE queues a NOTIFY per user, sent
    with the commit, that tells the other server processes whose log grew (see `bus`).
    """
    if not new:
        return []
    counts = Counter(e.user_id for e in new)
    ids = sorted(counts)
    await hold_rows(db, User.id, ids)
    bump = case(counts, value=User.id) if len(ids) > 1 else counts[ids[0]]
    # `users.id` spelt out: in RETURNING, SQLAlchemy writes the updated table's columns
    # bare, and a bare `id` inside the subquery would be the webhook's own
    owner: Any = literal_column(f"{User.__tablename__}.id")
    hooked = exists().where(Webhook.user_id == owner, Webhook.deleted_at.is_(None)).label("hooked")
    returned: list[Any] = [User.id, User.event_seq, hooked]
    if db.get_bind().dialect.name == "postgresql":
        # `NOTIFY talenttui_events, 'user:seq'` for each user, sent when (if) this commits
        returned.append(func.pg_notify(EVENTS_CHANNEL, func.concat(User.id, ":", User.event_seq)))
    counters = await db.execute(
        update(User)
        .where(User.id.in_(ids))
        .values(event_seq=User.event_seq + bump)
        .returning(*returned)
        .execution_options(synchronize_session=False)
    )
    found = counters.all()
    tops = {row[0]: row[1] for row in found}
    with_hooks = {row[0] for row in found if row[2]}
    if len(tops) != len(ids):
        raise LookupError(f"no users {sorted(set(ids) - set(tops))}")
    next_seq = {uid: tops[uid] - counts[uid] + 1 for uid in ids}
    rows: list[Event] = []
    for item in new:
        rows.append(
            Event(
                public_id=f"evt_{secrets.token_hex(10)}",
                user_id=item.user_id,
                seq=next_seq[item.user_id],
                event=item.event,
                data=item.data,
                created_at=now,
            )
        )
        next_seq[item.user_id] += 1
    db.add_all(rows)
    db.info.setdefault(PENDING_KEY, []).extend(rows)
    if with_hooks:
        await _queue_webhook_deliveries(db, [row for row in rows if row.user_id in with_hooks])
    return rows


async def _queue_webhook_deliveries(db: AsyncSession, rows: list[Event]) -> None:
    """Deliveries are written with their events, so a crash after commit loses none."""
    hooks = (
        await db.scalars(
            select(Webhook).where(
                Webhook.user_id.in_({r.user_id for r in rows}), Webhook.deleted_at.is_(None)
            )
        )
    ).all()
    if not hooks:
        return
    by_user: dict[int, list[Webhook]] = {}
    for hook in hooks:
        by_user.setdefault(hook.user_id, []).append(hook)
    wanted = [
        (row, hook)
        for row in rows
        for hook in by_user.get(row.user_id, ())
        if row.event in hook.events
    ]
    if not wanted:
        return
    await db.flush()
    db.add_all(
        WebhookDelivery(
            public_id=f"whd_{secrets.token_hex(10)}",
            webhook_id=hook.id,
            event_id=row.id,
            status="pending",
            next_attempt_at=row.created_at,
            created_at=row.created_at,
        )
        for row, hook in wanted
    )
    deliveries_queued(db)


def deliveries_queued(db: AsyncSession) -> None:
    """When this commits, the dispatcher wakes for what is now due (else it sleeps until the
    next retry it knows of)."""
    db.info[DELIVERIES_KEY] = True


PRUNE_BATCH = 500


async def prune_events(db: AsyncSession, now: datetime, keep_last: int, keep_days: float) -> int:
    """Drop events outside the replay window, with their finished deliveries; returns the count.

    Deleted webhooks go too once no delivery of theirs is left.
    """
    cutoff = now - timedelta(days=keep_days)
    doomed = (
        select(Event.id)
        .join(User, User.id == Event.user_id)
        .where(or_(Event.created_at < cutoff, Event.seq <= User.event_seq - keep_last))
        .where(
            ~exists().where(
                WebhookDelivery.event_id == Event.id, WebhookDelivery.status == "pending"
            )
        )
        .limit(PRUNE_BATCH)
    )
    removed = 0
    while ids := list((await db.scalars(doomed)).all()):
        await db.execute(delete(WebhookDelivery).where(WebhookDelivery.event_id.in_(ids)))
        await db.execute(delete(Event).where(Event.id.in_(ids)))
        await db.commit()
        removed += len(ids)
    await db.execute(
        delete(Webhook).where(
            Webhook.deleted_at.is_not(None),
            ~exists().where(WebhookDelivery.webhook_id == Webhook.id),
        )
    )
    await db.commit()
    return removed
