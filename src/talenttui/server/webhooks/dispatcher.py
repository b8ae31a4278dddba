"""Deliver pending webhook deliveries; retry after 1, 2, 4, 8 and 16 units, then give up.

Deliveries live in the database with `next_attempt_at`, so a restart resumes them.
The loop wakes when an event commits (hub listener) or when the next retry is due.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import httpx
from sqlalchemy import select

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import Event, Webhook, WebhookDelivery
from talenttui.server.webhooks.signing import signed_delivery
from talenttui.server.webhooks.url_guard import check_webhook_url

log = logging.getLogger("talenttui.webhooks")

RETRIES = 5  # after the first attempt: 1, 2, 4, 8, 16 units later
BATCH = 50


class Dispatcher:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._client = httpx.AsyncClient(timeout=10.0, follow_redirects=False)

    def wake(self, _rows: object = None) -> None:
        self._wake.set()

    def start(self) -> None:
        self.ctx.hub.add_listener(self.wake)
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._client.aclose()

    async def _run(self) -> None:
        while True:
            try:
                pause = await self.deliver_due()
            except Exception:
                log.exception("webhook delivery pass failed")
                pause = 5.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=pause)
            self._wake.clear()

    async def deliver_due(self) -> float:
        """One pass; returns how long to sleep before the next retry is due."""
        now = self.ctx.now()
        async with self.ctx.sessions() as db:
            due = (
                await db.execute(
                    select(WebhookDelivery, Webhook, Event)
                    .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                    .join(Event, Event.id == WebhookDelivery.event_id)
                    .where(
                        WebhookDelivery.status == "pending", WebhookDelivery.next_attempt_at <= now
                    )
                    .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                    .limit(BATCH)
                )
            ).all()
            for delivery, hook, event in due:
                await self._attempt(delivery, hook, event)
                await db.commit()
            upcoming = await db.scalar(
                select(WebhookDelivery.next_attempt_at)
                .where(WebhookDelivery.status == "pending")
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(1)
            )
        if len(due) == BATCH:
            return 0.0
        if upcoming is None:
            return 30.0
        return min(30.0, max(0.01, (upcoming - self.ctx.now()).total_seconds()))

    async def _attempt(self, delivery: WebhookDelivery, hook: Webhook, event: Event) -> None:
        now = self.ctx.now()
        delivery.attempts += 1
        if hook.deleted_at is not None:
            delivery.status, delivery.last_error, delivery.next_attempt_at = (
                "failed",
                "webhook deleted",
                None,
            )
            return
        payload = {
            "id": event.public_id,
            "event": event.event,
            "data": event.data,
            "webhook_id": hook.public_id,
            "created_at": isoformat_z(event.created_at),
        }
        signed = signed_delivery(hook.secret, payload, int(self.ctx.timestamp()))
        error: str | None = None
        status_code: int | None = None
        try:
            await check_webhook_url(hook.url, dev=self.ctx.settings.dev)
            resp = await self._client.post(hook.url, content=signed.body, headers=signed.headers)
            status_code = resp.status_code
            if not 200 <= resp.status_code < 300:
                error = f"HTTP {resp.status_code}"
        except ApiError as exc:
            error = f"refused: {exc.message}"
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        delivery.last_status_code = status_code
        delivery.last_error = error
        if error is None:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                "delivered",
                now,
                None,
            )
        elif delivery.attempts > RETRIES:
            delivery.status, delivery.next_attempt_at = "failed", None
        else:
            unit = self.ctx.settings.webhook_retry_unit_seconds
            delivery.next_attempt_at = now + timedelta(seconds=unit * 2 ** (delivery.attempts - 1))
