"""SkillSync ``/v1/webhooks``: register (the secret is in that answer only), list, delete,
each webhook's delivery log, and a resend of a failed delivery (our extension)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from talenttui.api.call import Call
from talenttui.api.models.webhooks import (
    CreatedWebhook,
    Delivery,
    DeliveryList,
    Webhook,
    WebhookEvent,
    WebhookList,
)


def _path(webhook_id: str) -> str:
    return f"/v1/webhooks/{quote(webhook_id, safe='')}"


def create_webhook(
    url: str, events: Sequence[WebhookEvent], *, secret: str | None = None
) -> Call[CreatedWebhook]:
    """``POST /v1/webhooks``; without ``secret`` (16+ characters) the server makes one."""
    body: dict[str, Any] = {"url": url, "events": list(events)}
    if secret is not None:
        body["secret"] = secret
    return Call("POST", "/v1/webhooks", CreatedWebhook.model_validate, json=body)


def list_webhooks() -> Call[WebhookList]:
    return Call("GET", "/v1/webhooks", WebhookList.model_validate)


def delete_webhook(webhook_id: str) -> Call[Webhook]:
    return Call("DELETE", _path(webhook_id), Webhook.model_validate)


def list_deliveries(webhook_id: str, *, limit: int = 50) -> Call[DeliveryList]:
    """``GET /v1/webhooks/{id}/deliveries``, newest first."""
    return Call(
        "GET", f"{_path(webhook_id)}/deliveries", DeliveryList.model_validate, {"limit": limit}
    )


def resend_delivery(webhook_id: str, delivery_id: str) -> Call[Delivery]:
    """``POST /v1/webhooks/{id}/deliveries/{deliveryId}/resend`` (our extension): one more
    attempt now for a delivery that failed; any other status is a 409."""
    return Call(
        "POST",
        f"{_path(webhook_id)}/deliveries/{quote(delivery_id, safe='')}/resend",
        Delivery.model_validate,
    )
