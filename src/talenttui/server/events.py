"""Record events for a user. Realtime and webhooks fan out from these rows after commit."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
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
