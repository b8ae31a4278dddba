"""Webhooks: registration (URLs checked, at most MAX_WEBHOOKS each), deletion, delivery logs."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, not_found
from talenttui.server.events import deliveries_queued
from talenttui.server.models import Event, Webhook, WebhookDelivery
from talenttui.server.web.principal import Principal
from talenttui.server.webhooks.schemas import (
    DeliveryList,
    DeliveryOut,
    NewWebhook,
    RegisteredWebhook,
    WebhookList,
    WebhookOut,
)
from talenttui.server.webhooks.sealing import store_secret
from talenttui.server.webhooks.url_guard import check_webhook_url

MAX_WEBHOOKS = 20  # each event writes one delivery row per subscribed hook


def _present(hook: Webhook) -> WebhookOut:
    return WebhookOut(
        id=hook.public_id,
        url=hook.url,
        events=list(hook.events),
        created_at=isoformat_z(hook.created_at),
    )


def _when(value: datetime | None) -> str | None:
    return isoformat_z(value) if value is not None else None


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


async def register(
    db: AsyncSession, ctx: ServerContext, principal: Principal, body: NewWebhook
) -> RegisteredWebhook:
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
        created_at=ctx.now(),
    )
    store_secret(ctx, hook, secret)
    db.add(hook)
    return RegisteredWebhook(**_present(hook).model_dump(), secret=secret)


async def list_webhooks(db: AsyncSession, principal: Principal) -> WebhookList:
    hooks = await db.scalars(
        select(Webhook)
        .where(Webhook.user_id == principal.user.id, Webhook.deleted_at.is_(None))
        .order_by(Webhook.id)
    )
    return WebhookList(webhooks=[_present(h) for h in hooks])


async def delete(
    db: AsyncSession, ctx: ServerContext, principal: Principal, webhook_id: str
) -> WebhookOut:
    hook = await _own_hook(db, principal, webhook_id)
    hook.deleted_at = ctx.now()
    store_secret(ctx, hook, "")  # nothing is signed with it again: pending deliveries fail
    return _present(hook)


async def deliveries(
    db: AsyncSession, principal: Principal, webhook_id: str, limit: int
) -> DeliveryList:
    hook = await _own_hook(db, principal, webhook_id)
    rows = await db.execute(
        select(WebhookDelivery, Event.public_id, Event.event)
        .join(Event, Event.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.webhook_id == hook.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return DeliveryList(deliveries=[_present_delivery(*row) for row in rows])


def _present_delivery(d: WebhookDelivery, event_id: str, event_name: str) -> DeliveryOut:
    return DeliveryOut(
        id=d.public_id,
        event_id=event_id,
        event=event_name,
        status=d.status,
        attempts=d.attempts,
        last_status_code=d.last_status_code,
        last_error=d.last_error,
        next_attempt_at=_when(d.next_attempt_at),
        delivered_at=_when(d.delivered_at),
        created_at=isoformat_z(d.created_at),
    )


async def resend(
    db: AsyncSession, ctx: ServerContext, principal: Principal, webhook_id: str, delivery_id: str
) -> DeliveryOut:
    """A failed delivery goes back in the queue for one more attempt now (our extension:
    SkillSync's reference has no resend). Only a failed one: a pending delivery is already
    queued, a delivered one was received."""
    hook = await _own_hook(db, principal, webhook_id)
    found = (
        await db.execute(
            select(WebhookDelivery, Event.public_id, Event.event)
            .join(Event, Event.id == WebhookDelivery.event_id)
            .where(WebhookDelivery.webhook_id == hook.id, WebhookDelivery.public_id == delivery_id)
        )
    ).first()
    if found is None:
        raise not_found("Delivery")
    delivery, event_id, event_name = found
    if delivery.status != "failed":
        raise ApiError(
            409,
            "CONFLICT",
            f"Only a failed delivery can be resent; this one is {delivery.status}",
            details={"status": delivery.status},
            suggestion="Resend a delivery whose status is failed.",
        )
    delivery.status, delivery.next_attempt_at = "pending", ctx.now()
    deliveries_queued(db)
    return _present_delivery(delivery, event_id, event_name)
