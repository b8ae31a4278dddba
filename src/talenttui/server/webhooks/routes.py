"""`/v1/webhooks`: register (secret shown once), list, delete, and read deliveries."""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import ApiError, not_found
from talenttui.server.models import Event, Webhook, WebhookDelivery
from talenttui.server.skillsync.deps import Principal, require_scope
from talenttui.server.webhooks.url_guard import check_webhook_url

router = APIRouter(tags=["skillsync: webhooks"])

MAX_WEBHOOKS = 20  # each event writes one delivery row per subscribed hook

EventName = Literal[
    "match.created",
    "match.accepted",
    "match.rejected",
    "message.received",
    "profile.updated",
    "conversation.started",
]


class NewWebhook(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: Annotated[StrictStr, Field(min_length=8, max_length=2000)]
    events: Annotated[list[EventName], Field(min_length=1, max_length=6)]
    secret: Annotated[StrictStr, Field(min_length=16, max_length=200)] | None = None


def _present(hook: Webhook) -> dict[str, Any]:
    return {
        "id": hook.public_id,
        "url": hook.url,
        "events": list(hook.events),
        "created_at": isoformat_z(hook.created_at),
    }


async def _own_hook(db: AsyncSession, principal: Principal, webhook_id: str) -> Webhook:
    hook = await db.scalar(
        select(Webhook).where(
            Webhook.public_id == webhook_id,
            Webhook.user_id == principal.user.id,
            Webhook.deleted_at.is_(None),
        )
    )
    if hook is None:
        raise not_found("Webhook")
    return hook


@router.post("/webhooks", status_code=201)
async def create_webhook(
    body: NewWebhook,
    principal: Principal = Depends(require_scope("webhooks:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> JSONResponse:
    await check_webhook_url(body.url, dev=ctx.settings.dev)
    owned = await db.scalar(
        select(func.count())
        .select_from(Webhook)
        .where(Webhook.user_id == principal.user.id, Webhook.deleted_at.is_(None))
    )
    if (owned or 0) >= MAX_WEBHOOKS:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            f"At most {MAX_WEBHOOKS} webhooks per account",
            details={"issue": "webhook_limit", "limit": MAX_WEBHOOKS},
            suggestion="Delete a webhook you no longer use, or subscribe one URL to more events.",
        )
    secret = body.secret or f"whsec_{secrets.token_urlsafe(32)}"
    hook = Webhook(
        public_id=f"wh_{secrets.token_hex(8)}",
        user_id=principal.user.id,
        url=body.url,
        events=sorted(set(body.events)),
        secret=secret,
        created_at=ctx.now(),
    )
    db.add(hook)
    await db.commit()
    data = {**_present(hook), "secret": secret}
    return JSONResponse(
        skillsync_ok(data, "Webhook registered. Store the secret now: it is not shown again."),
        status_code=201,
    )


@router.get("/webhooks")
async def list_webhooks(
    principal: Principal = Depends(require_scope("webhooks:read")),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    hooks = (
        await db.scalars(
            select(Webhook)
            .where(Webhook.user_id == principal.user.id, Webhook.deleted_at.is_(None))
            .order_by(Webhook.id)
        )
    ).all()
    return skillsync_ok({"webhooks": [_present(h) for h in hooks]}, "Webhooks retrieved")


@router.delete("/webhooks/{webhook_id}")
async def delete_webhook(
    webhook_id: str,
    principal: Principal = Depends(require_scope("webhooks:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    hook = await _own_hook(db, principal, webhook_id)
    hook.deleted_at = ctx.now()
    hook.secret = ""  # nothing is signed with it again: pending deliveries fail
    await db.commit()
    return skillsync_ok(_present(hook), "Webhook deleted")


@router.get("/webhooks/{webhook_id}/deliveries")
async def list_deliveries(
    webhook_id: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    principal: Principal = Depends(require_scope("webhooks:read")),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    hook = await _own_hook(db, principal, webhook_id)
    rows = (
        await db.execute(
            select(WebhookDelivery, Event.public_id, Event.event)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.webhook_id == hook.id)
            .order_by(WebhookDelivery.id.desc())
            .limit(limit)
        )
    ).all()
    deliveries = [
        {
            "id": d.public_id,
            "event_id": event_id,
            "event": event_name,
            "status": d.status,
            "attempts": d.attempts,
            "last_status_code": d.last_status_code,
            "last_error": d.last_error,
            "next_attempt_at": isoformat_z(d.next_attempt_at) if d.next_attempt_at else None,
            "delivered_at": isoformat_z(d.delivered_at) if d.delivered_at else None,
            "created_at": isoformat_z(d.created_at),
        }
        for d, event_id, event_name in rows
    ]
    return skillsync_ok({"deliveries": deliveries}, "Deliveries retrieved")
