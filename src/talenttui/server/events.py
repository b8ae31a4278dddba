"""The event log: record a user's events; realtime and webhooks both read these rows.

Writers call `emit()` inside their own transaction and commit as usual. Publishing
needs nothing more from them: the app's session class carries an `after_commit`
hook (`hub.bind_publisher`), so an event is seen only once committed, and
an event rolled back is never seen. Webhook deliveries are rows written in the same
transaction, so a crash after the commit loses none.

The log is bounded: `prune_events()` keeps each user's last N events within D days
(settings `realtime_replay_window`, `realtime_replay_days`), except events that a
webhook delivery still waits to send.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.models import Event, User, Webhook, WebhookDelivery

PENDING_KEY = "talenttui.pending_events"


async def emit(
    db: AsyncSession, user_id: int, event: str, data: dict[str, Any], now: datetime
) -> Event:
    """Append an event with the user's next `seq`, in the caller's transaction.

    The counter row update serialises writers per user, so `seq` has no gaps or
    duplicates even on PostgreSQL. Nothing is published until the transaction commits.
    """
    seq = await db.scalar(
        update(User)
        .where(User.id == user_id)
        .values(event_seq=User.event_seq + 1)
        .returning(User.event_seq)
    )
    if seq is None:
        raise LookupError(f"no user {user_id}")
    row = Event(
        public_id=f"evt_{secrets.token_hex(10)}",
        user_id=user_id,
        seq=seq,
        event=event,
        data=data,
        created_at=now,
    )
    db.add(row)
    db.info.setdefault(PENDING_KEY, []).append(row)
    await _queue_webhook_deliveries(db, row)
    return row


async def _queue_webhook_deliveries(db: AsyncSession, row: Event) -> None:
    """Deliveries are written with their event, so a crash after commit loses none."""
    hooks = (
        await db.scalars(
            select(Webhook).where(Webhook.user_id == row.user_id, Webhook.deleted_at.is_(None))
        )
    ).all()
    wanted = [h for h in hooks if row.event in h.events]
    if not wanted:
        return
    await db.flush()
    for hook in wanted:
        db.add(
            WebhookDelivery(
                public_id=f"whd_{secrets.token_hex(10)}",
                webhook_id=hook.id,
                event_id=row.id,
                status="pending",
                next_attempt_at=row.created_at,
                created_at=row.created_at,
            )
        )


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
