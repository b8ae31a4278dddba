"""Webhooks: registrations (the signing secret only at creation) and their delivery log."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from talenttui.api.models.base import Model

WebhookEvent = Literal[
    "match.created",
    "match.accepted",
    "match.rejected",
    "message.received",
    "profile.updated",
    "conversation.started",
]


class Webhook(Model):
    id: str
    url: str
    events: list[str] = Field(default_factory=list)
    created_at: str | None = None


class CreatedWebhook(Webhook):
    """``secret`` signs every delivery; shown once, and kept out of repr/str."""

    secret: str = Field(repr=False)


class WebhookList(Model):
    webhooks: list[Webhook] = Field(default_factory=list)


class Delivery(Model):
    """One event sent (or being retried) to a webhook."""

    id: str
    event_id: str | None = None
    event: str | None = None
    status: str = "pending"
    attempts: int = 0
    last_status_code: int | None = None
    last_error: str | None = None
    next_attempt_at: str | None = None
    delivered_at: str | None = None
    created_at: str | None = None


class DeliveryList(Model):
    deliveries: list[Delivery] = Field(default_factory=list)
