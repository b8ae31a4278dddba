"""What `/v1/webhooks` accepts and answers; a generated secret appears once, at registration."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr

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


class WebhookOut(BaseModel):
    id: str
    url: str
    events: list[str]
    created_at: str


class RegisteredWebhook(WebhookOut):
    secret: str


class WebhookList(BaseModel):
    webhooks: list[WebhookOut]


class DeliveryOut(BaseModel):
    id: str
    event_id: str
    event: str
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status_code: int | None
    last_error: str | None
    next_attempt_at: str | None
    delivered_at: str | None
    created_at: str


class DeliveryList(BaseModel):
    deliveries: list[DeliveryOut]
