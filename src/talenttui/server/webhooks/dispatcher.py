"""Deliver pending webhook deliveries; retry after 1, 2, 4, 8 and 16 units, then give up.

Deliveries live in the database with `next_attempt_at`, so a restart resumes them.
Any number of server processes may share the database: a process claims a due delivery
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL, so two processes never claim the
same row) by counting the attempt and taking a lease on it, sends outside any
transaction, then records the outcome only if the lease is still its own. A process
that dies mid-send leaves a lease that runs out (`webhook_lease_seconds`), and the
delivery is tried again: delivery is at least once, so receivers deduplicate by the
event `id`, and `attempts` counts every attempt begun.

The loop wakes when a commit queued deliveries (hub listener), when a send finishes,
or when the next retry or lease end is due. Sends run concurrently (settings
`webhook_concurrency`), so one slow receiver holds up no one else; the order of
deliveries to one URL is therefore not guaranteed.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from sqlalchemy import ColumnElement, and_, func, or_, select

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import Event, Webhook, WebhookDelivery
from talenttui.server.webhooks.sealing import secret_of
from talenttui.server.webhooks.signing import signed_delivery
from talenttui.server.webhooks.url_guard import resolve_webhook_url

log = logging.getLogger("talenttui.webhooks")

RETRIES = 5  # after the first attempt: 1, 2, 4, 8, 16 units later
IDLE_SECONDS = 30.0


@dataclass(frozen=True)
class Job:
    """What one send needs, copied out of the database session, and the lease it holds."""

    delivery_id: int
    lease: str
    url: str
    secret: str
    payload: dict[str, object]


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str | None


def _job(ctx: ServerContext, delivery: WebhookDelivery, hook: Webhook, event: Event) -> Job:
    assert delivery.lease_owner is not None
    return Job(
        delivery_id=delivery.id,
        lease=delivery.lease_owner,
        url=hook.url,
        secret=secret_of(ctx, hook),
        payload={
            "id": event.public_id,
            "event": event.event,
            "data": event.data,
            "webhook_id": hook.public_id,
            "created_at": isoformat_z(event.created_at),
        },
    )


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Pending, due, and not leased to a process (or its lease ran out)."""
    return and_(
        WebhookDelivery.status == "pending",
        WebhookDelivery.next_attempt_at <= now,
        or_(WebhookDelivery.lease_until.is_(None), WebhookDelivery.lease_until <= now),
    )


class Dispatcher:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self._instance = secrets.token_hex(6)
        self._claims = itertools.count(1)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        self._client = httpx.AsyncClient(
            timeout=ctx.settings.webhook_timeout_seconds, follow_redirects=False, trust_env=False
        )

    def wake(self) -> None:
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
        now = self.ctx.now()
        async with self.ctx.sessions() as db:  # look first: claiming takes the write lock
            anything_due = await db.scalar(
                select(WebhookDelivery.id).where(_claimable(now)).limit(1)
            )
            pending = WebhookDelivery.status == "pending"
            next_retry = await db.scalar(
                select(func.min(WebhookDelivery.next_attempt_at)).where(
                    pending, WebhookDelivery.next_attempt_at > now
                )
            )
            lease_end = await db.scalar(
                select(func.min(WebhookDelivery.lease_until)).where(
                    pending, WebhookDelivery.lease_until > now
                )
            )
        jobs = await self._claim(free, now) if anything_due is not None else []
        for job in jobs:
            self._in_flight[job.delivery_id] = asyncio.create_task(self._deliver(job))
        upcoming = [t for t in (next_retry, lease_end) if t is not None]
        pause = (min(upcoming) - now).total_seconds() if upcoming else IDLE_SECONDS
        return min(IDLE_SECONDS, max(0.01, pause))

    async def _claim(self, limit: int, now: datetime) -> list[Job]:
        """Count an attempt on up to `limit` due deliveries and lease them to this process."""
        lease_until = now + timedelta(seconds=self.ctx.settings.webhook_lease_seconds)
        jobs: list[Job] = []
        async with self.ctx.writes() as db:
            due = (
                await db.execute(
                    select(WebhookDelivery, Webhook, Event)
                    .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
                    .join(Event, Event.id == WebhookDelivery.event_id)
                    .where(_claimable(now))
                    .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
                    .limit(limit)
                    .with_for_update(of=WebhookDelivery, skip_locked=True)
                )
            ).all()
            for delivery, hook, event in due:
                if hook.deleted_at is not None:
                    delivery.status, delivery.next_attempt_at = "failed", None
                    delivery.last_status_code, delivery.last_error = None, "webhook deleted"
                    continue
                delivery.attempts += 1
                delivery.lease_until = lease_until
                delivery.lease_owner = f"{self._instance}:{next(self._claims)}"
                jobs.append(_job(self.ctx, delivery, hook, event))
            await db.commit()
        return jobs

    async def _deliver(self, job: Job) -> None:
        try:
            await self._record(job, await self._send(job))
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
        """The outcome of a send, unless its lease ran out and another process took it over."""
        now = self.ctx.now()
        async with self.ctx.writes() as db:
            delivery = await db.scalar(
                select(WebhookDelivery).where(
                    WebhookDelivery.id == job.delivery_id,
                    WebhookDelivery.lease_owner == job.lease,
                )
            )
            if delivery is None:
                log.warning("webhook delivery %d: lease lost before the outcome", job.delivery_id)
                return
            delivery.lease_until, delivery.lease_owner = None, None
            delivery.last_status_code = outcome.status_code
            delivery.last_error = outcome.error
            if outcome.error is None:
                delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                    "delivered",
                    now,
                    None,
                )
            elif delivery.attempts > RETRIES:
                delivery.status, delivery.next_attempt_at = "failed", None
            else:
                unit = self.ctx.settings.webhook_retry_unit_seconds
                delay = timedelta(seconds=unit * 2 ** (delivery.attempts - 1))
                delivery.next_attempt_at = now + delay
            await db.commit()
