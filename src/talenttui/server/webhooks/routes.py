"""`/v1/webhooks`: register (secret shown once), list, delete, and read deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from talenttui.server.web.deps import Ctx, Db, needs
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors
from talenttui.server.web.principal import Principal
from talenttui.server.webhooks import service
from talenttui.server.webhooks.schemas import (
    DeliveryList,
    DeliveryOut,
    NewWebhook,
    RegisteredWebhook,
    WebhookList,
    WebhookOut,
)

router = APIRouter(tags=["skillsync: webhooks"], responses=skillsync_errors(401, 403, 429))


@router.post("/webhooks", status_code=201, responses=skillsync_errors(400, 413, 422))
async def create_webhook(
    body: NewWebhook,
    principal: Annotated[Principal, needs("webhooks:write")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[RegisteredWebhook]:
    hook = await service.register(db, ctx, principal, body)
    return skillsync_ok(hook, "Webhook registered. Store the secret now: it is not shown again.")


@router.get("/webhooks")
async def list_webhooks(
    principal: Annotated[Principal, needs("webhooks:read")], db: Db
) -> SkillSyncOk[WebhookList]:
    return skillsync_ok(await service.list_webhooks(db, principal), "Webhooks retrieved")


@router.delete("/webhooks/{webhook_id}", responses=skillsync_errors(404))
async def delete_webhook(
    webhook_id: str,
    principal: Annotated[Principal, needs("webhooks:write")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[WebhookOut]:
    hook = await service.delete(db, ctx, principal, webhook_id)
    return skillsync_ok(hook, "Webhook deleted")


@router.get("/webhooks/{webhook_id}/deliveries", responses=skillsync_errors(404, 422))
async def list_deliveries(
    webhook_id: str,
    principal: Annotated[Principal, needs("webhooks:read")],
    db: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> SkillSyncOk[DeliveryList]:
    found = await service.deliveries(db, principal, webhook_id, limit)
    return skillsync_ok(found, "Deliveries retrieved")


@router.post(
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/resend", responses=skillsync_errors(404, 409)
)
async def resend_delivery(
    webhook_id: str,
    delivery_id: str,
    principal: Annotated[Principal, needs("webhooks:write")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[DeliveryOut]:
    """Our extension: one more attempt, now, for a delivery that failed."""
    found = await service.resend(db, ctx, principal, webhook_id, delivery_id)
    return skillsync_ok(found, "Delivery queued again")
