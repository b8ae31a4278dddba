"""The outbox: every mail lands in the outbox table first, then goes out over SMTP if one is configured.

Writing the outbox row in the caller's transaction means a mail is never lost to a
crash; delivery runs in the background so no request waits on (or is timed by) SMTP.
A mail the SMTP server refuses for good (a 5xx for that message) is marked rejected
and skipped from then on, so one bad address cannot hold up the mails behind it;
any other failure ends the pass and the mail is tried again on the next one.

Any number of server processes may deliver from one database: a pass claims its mails
(`SELECT ... FOR UPDATE SKIP LOCKED` on PostgreSQL), counting an attempt on each and
leasing them to itself for `mail_lease_seconds`, sends them outside any transaction,
and records each outcome only while the lease is still its own. So each mail is sent
by one process at a time; one whose sender died is sent again once the lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.commit_hooks import on_commit
from talenttui.server.mail.smtp import REJECTED, Letter, Outcome, send_batch
from talenttui.server.models import OutboxMail
from talenttui.server.settings import SmtpSettings

log = logging.getLogger("talenttui.mail")

BATCH = 50
IDLE_WAKE_SECONDS = 30


class Mailer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        smtp: SmtpSettings | None,
        now: Callable[[], datetime],
        lease_seconds: float = 120.0,
    ) -> None:
        self._sessions = sessions
        self._smtp = smtp
        self._now = now
        self._lease = timedelta(seconds=lease_seconds)
        self._instance = secrets.token_hex(6)
        self._passes = itertools.count(1)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def queue(
        self,
        db: AsyncSession,
        *,
        email: str,
        purpose: str,
        subject: str,
        body: str,
        code: str | None = None,
    ) -> OutboxMail:
        """Add a mail to the caller's transaction; it is delivered after the commit."""
        mail = OutboxMail(
            email=email, purpose=purpose, subject=subject, body=body, code=code, sent_at=self._now()
        )
        db.add(mail)
        on_commit(db, self._wake.set)
        return mail

    def start(self) -> None:
        """Begin delivering; the first pass runs at once for mail left from before a restart."""
        if self._smtp is not None and self._task is None:
            self._wake.set()
            self._task = asyncio.create_task(self._deliver_forever(), name="mail-delivery")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _deliver_forever(self) -> None:
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=IDLE_WAKE_SECONDS)
            self._wake.clear()
            try:
                await self._deliver_pending()
            except Exception:
                log.exception("mail delivery pass failed")

    async def _deliver_pending(self) -> None:
        assert self._smtp is not None
        lease = f"{self._instance}:{next(self._passes)}"
        letters = await self._claim(lease)
        if letters:
            outcomes = await asyncio.to_thread(send_batch, self._smtp, letters)
            await self._record(lease, letters, outcomes)

    async def _claim(self, lease: str) -> list[Letter]:
        """Up to BATCH undelivered mails, each with one more attempt, leased to this pass."""
        now = self._now()
        async with self._sessions() as db:
            mails = (
                await db.scalars(
                    select(OutboxMail)
                    .where(_claimable(now))
                    .order_by(OutboxMail.id)
                    .limit(BATCH)
                    .with_for_update(skip_locked=True)
                )
            ).all()
            for mail in mails:
                mail.attempts += 1
                mail.lease_until, mail.lease_owner = now + self._lease, lease
            letters = [Letter(m.id, m.email, m.subject, m.body, m.sent_at) for m in mails]
            await db.commit()
        return letters

    async def _record(self, lease: str, letters: list[Letter], outcomes: list[Outcome]) -> None:
        """Outcomes under our lease; a mail the pass never reached gets its attempt back."""
        by_id = {outcome.mail_id: outcome for outcome in outcomes}
        async with self._sessions() as db:
            mails = await db.scalars(
                select(OutboxMail).where(
                    OutboxMail.id.in_([letter.mail_id for letter in letters]),
                    OutboxMail.lease_owner == lease,
                )
            )
            for mail in mails:
                mail.lease_until, mail.lease_owner = None, None
                outcome = by_id.get(mail.id)
                if outcome is None:
                    mail.attempts -= 1
                elif outcome.error is None:
                    mail.delivered_at, mail.delivery_error = self._now(), None
                else:
                    mail.delivery_error = (REJECTED if outcome.permanent else "") + outcome.error
                    log.warning(
                        "mail %s (outbox id %s) not delivered: %s",
                        mail.purpose,
                        mail.id,
                        outcome.error,
                    )
            await db.commit()


def _claimable(now: datetime) -> ColumnElement[bool]:
    """Not delivered, not refused for good, and not leased to a pass (or its lease ran out)."""
    return and_(
        OutboxMail.delivered_at.is_(None),
        or_(
            OutboxMail.delivery_error.is_(None),
            OutboxMail.delivery_error.not_like(f"{REJECTED}%"),
        ),
        or_(OutboxMail.lease_until.is_(None), OutboxMail.lease_until <= now),
    )
