"""The outbox: every mail lands in the outbox table first, then goes out over SMTP if one is configured.

Writing the outbox row in the caller's transaction means a mail is never lost to a
crash; delivery runs in the background so no request waits on (or is timed by) SMTP.
A mail the SMTP server refuses for good (a 5xx for that message) is marked rejected
and skipped from then on, so one bad address cannot hold up the mails behind it;
any other failure ends the pass and the mail is tried again on the next one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.commit_hooks import on_commit
from talenttui.server.mail.smtp import Letter, send_batch
from talenttui.server.models import OutboxMail
from talenttui.server.settings import SmtpSettings

log = logging.getLogger("talenttui.mail")

REJECTED = "rejected: "
BATCH = 50
IDLE_WAKE_SECONDS = 30


class Mailer:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        smtp: SmtpSettings | None,
        now: Callable[[], datetime],
    ) -> None:
        self._sessions = sessions
        self._smtp = smtp
        self._now = now
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
        async with self._sessions() as db:
            pending = {
                mail.id: mail
                for mail in await db.scalars(
                    select(OutboxMail)
                    .where(
                        OutboxMail.delivered_at.is_(None),
                        or_(
                            OutboxMail.delivery_error.is_(None),
                            OutboxMail.delivery_error.not_like(f"{REJECTED}%"),
                        ),
                    )
                    .order_by(OutboxMail.id)
                    .limit(BATCH)
                )
            }
            if not pending:
                return
            letters = [Letter(m.id, m.email, m.subject, m.body) for m in pending.values()]
            for outcome in await asyncio.to_thread(send_batch, self._smtp, letters):
                mail = pending[outcome.mail_id]
                if outcome.error is None:
                    mail.delivered_at, mail.delivery_error = self._now(), None
                    continue
                mail.delivery_error = (REJECTED if outcome.permanent else "") + outcome.error
                log.warning(
                    "mail %s (outbox id %s) not delivered: %s", mail.purpose, mail.id, outcome.error
                )
            await db.commit()
