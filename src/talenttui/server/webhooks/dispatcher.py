"""Deliver pending webhook deliveries; retry after 1, 2, 4, 8 and 16 units, then give up.

Deliveries live in the database with `next_attempt_at`, so a restart resumes them;
delivery is at least once (a send cut short by a shutdown is sent again), so
receivers deduplicate by the event `id`. The loop wakes when an event commits (hub
listener), when a send finishes, or when the next retry is due. Sends run
concurrently (settings `webhook_concurrency`), each outside any database
transaction, so one slow receiver holds up no one else; the order of deliveries
to one URL is therefore not guaranteed.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

import httpx
from sqlalchemy import select

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import Event, Webhook, WebhookDelivery
from talenttui.server.webhooks.signing import signed_delivery
from talenttui.server.webhooks.url_guard import resolve_webhook_url

log = logging.getLogger("talenttui.webhooks")

RETRIES = 5  # after the first attempt: 1, 2, 4, 8, 16 units later
IDLE_SECONDS = 30.0


@dataclass(frozen=True)
class Job:
    """What one send needs, copied out of the database session."""

    delivery_id: int
    url: str
    secret: str
    deleted: bool
    payload: dict[str, object]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None


def _job(delivery: WebhookDelivery, hook: Webhook, event: Event) -> Job:
    return Job(
        delivery_id=delivery.id,
        url=hook.url,
        secret=hook.secret,
        deleted=hook.deleted_at is not None,
        payload={
            "id": event.public_id,
            "event": event.event,
            "data": event.data,
            "webhook_id": hook.public_id,
            "created_at": isoformat_z(event.created_at),
        },
    )


class Dispatcher:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._client = httpx.AsyncClient(
            timeout=ctx.settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False
        )

    def wake(self, _rows: object = None) -> None:
        self._wake.set()

    def start(self) -> None:
        self.ctx.hub.add_listener(self.wake)
        self._task = asyncio.create_task(self._run(), name="webhook-dispatcher")

    async def stop(self) -> None:
        tasks = [t for t in (self._task, *self._in_flight.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._client.aclose()

    async def _run(self) -> None:
        while True:
            try:
                pause = await self.start_due()
            except Exception:
                log.exception("webhook delivery pass failed")
                pause = 5.0
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=pause)
            self._wake.clear()

    async def start_due(self) -> float:
        """Start sends for due deliveries; returns how long to sleep before the next is due."""
        free = self.ctx.settings.webhook_concurrency - len(self._in_flight)
        if free <= 0:
            return IDLE_SECONDS  # a finishing send wakes the loop
        busy = list(self._in_flight)
        pending = (WebhookDelivery.status == "pending", WebhookDelivery.id.not_in(busy))
        async with self.ctx.writes() as db:
            due = (
                await db.execute(
                    select(WebhookDelivery, Webhook, Event)
                    .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                    .join(Event, Event.id == WebhookDelivery.event_id)
                    .where(*pending, WebhookDelivery.next_attempt_at <= self.ctx.now())
                    .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                    .limit(free)
                )
            ).all()
            jobs = [_job(delivery, hook, event) for delivery, hook, event in due]
            upcoming = await db.scalar(
                select(WebhookDelivery.next_attempt_at)
                .where(*pending, WebhookDelivery.id.not_in([j.delivery_id for j in jobs]))
                .order_by(WebhookDelivery.next_attempt_at)
                .limit(1)
            )
        for job in jobs:
            self._in_flight[job.delivery_id] = asyncio.create_task(self._deliver(job))
        if upcoming is None:
            return IDLE_SECONDS
        return min(IDLE_SECONDS, max(0.01, (upcoming - self.ctx.now()).total_seconds()))

    async def _deliver(self, job: Job) -> None:
        try:
            outcome = Outcome(None, "webhook deleted") if job.deleted else await self._send(job)
            await self._record(job, outcome)
        except Exception:
            log.exception("webhook delivery %d failed unexpectedly", job.delivery_id)
        finally:
            self._in_flight.pop(job.delivery_id, None)
            self.wake()

    async def _send(self, job: Job) -> Outcome:
        try:
            target = await resolve_webhook_url(job.url, dev=self.ctx.settings.dev)
        except ApiError as exc:
            return Outcome(None, f"refused: {exc.message}")
        signed = signed_delivery(job.secret, job.payload, int(self.ctx.timestamp()))
        error = "no address"
        for pinned in target.pinned():
            headers = {**signed.headers, "Host": pinned.host_header}
            request = self._client.build_request(
                "POST",
                pinned.url,
                content=signed.body,
                headers=headers,
                extensions={"sni_hostname": pinned.sni_hostname},
            )
            try:
                response = await self._client.send(request, stream=True)
            except httpx.ConnectError as exc:
                error = type(exc).__name__  # nothing was sent: try the next address
                continue
            except httpx.HTTPError as exc:
                return Outcome(None, type(exc).__name__)
            await response.aclose()  # the answer's body is not read
            ok = 200 <= response.status_code < 300
            return Outcome(response.status_code, None if ok else f"HTTP {response.status_code}")
        return Outcome(None, error)

    async def _record(self, job: Job, outcome: Outcome) -> None:
        now = self.ctx.now()
        async with self.ctx.writes() as db:
            delivery = await db.get(WebhookDelivery, job.delivery_id)
            if delivery is None:
                return
            if not job.deleted:
                delivery.attempts += 1
            delivery.last_status_code = outcome.status_code
            delivery.last_error = outcome.error
            if outcome.error is None:
                delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                    "delivered",
                    now,
                    None,
                )
            elif job.deleted or delivery.attempts > RETRIES:
                delivery.status, delivery.next_attempt_at = "failed", None
            else:
                unit = self.ctx.settings.webhook_retry_unit_seconds
                delay = timedelta(seconds=unit * 2 ** (delivery.attempts - 1))
                delivery.next_attempt_at = now + delay
            await db.commit()
