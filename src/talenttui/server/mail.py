"""Mail: every message lands in the outbox table first, then SMTP if one is configured.

Writing the outbox row in the caller's transaction means a mail is never lost to a
crash; delivery runs in the background so no request waits on (or is timed by) SMTP.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import smtplib
from collections.abc import Callable
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.commit_hooks import on_commit
from talenttui.server.models import OutboxMail
from talenttui.server.settings import SmtpSettings

log = logging.getLogger("talenttui.mail")


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
        if self._smtp is not None and self._task is None:
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
                await asyncio.wait_for(self._wake.wait(), timeout=30)
            self._wake.clear()
            try:
                await self._deliver_pending()
            except Exception:
                log.exception("mail delivery pass failed")

    async def _deliver_pending(self) -> None:
        assert self._smtp is not None
        async with self._sessions() as db:
            pending = (
                await db.scalars(
                    select(OutboxMail)
                    .where(OutboxMail.delivered_at.is_(None))
                    .order_by(OutboxMail.id)
                    .limit(50)
                )
            ).all()
            for mail in pending:
                try:
                    await asyncio.to_thread(_send_smtp, self._smtp, mail)
                except (OSError, smtplib.SMTPException) as exc:
                    mail.delivery_error = type(exc).__name__
                    log.warning(
                        "mail %s to outbox id %s not delivered: %s",
                        mail.purpose,
                        mail.id,
                        type(exc).__name__,
                    )
                    break
                mail.delivered_at = self._now()
                mail.delivery_error = None
            await db.commit()


def _send_smtp(smtp: SmtpSettings, mail: OutboxMail) -> None:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = mail.email
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    with smtplib.SMTP(smtp.host, smtp.port, timeout=20) as client:
        if smtp.starttls:
            client.starttls()
        if smtp.username and smtp.password:
            client.login(smtp.username, smtp.password)
        client.send_message(message)
