"""How one mail is built and sent over SMTP: the messages of a batch over one connection.

Which mails are sent when (the outbox, leases, retries) is `mail.outbox`'s; this module only
talks SMTP.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from talenttui.server.settings import SmtpSettings

REJECTED = "rejected: "
TIMEOUT = 20


@dataclass(frozen=True)
class Letter:
    """What the SMTP thread needs of an outbox row (ORM objects stay on the event loop)."""

    mail_id: int
    email: str
    subject: str
    body: str
    written_at: datetime


@dataclass(frozen=True)
class Outcome:
    mail_id: int
    error: str | None = None
    permanent: bool = False


def _refused_for_good(exc: smtplib.SMTPException) -> bool:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPDataError) and exc.smtp_code >= 500


def _describe(exc: Exception) -> str:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next(iter(exc.recipients.values()))[0]
    return f"{type(exc).__name__} {code}" if code else type(exc).__name__


def connect(smtp: SmtpSettings) -> smtplib.SMTP:
    """A connection as configured: TLS from the first byte (465), STARTTLS, or plain;
    certificates and host names verified (smtplib's own STARTTLS default verifies neither)."""
    context = ssl.create_default_context(cafile=smtp.ca_file)
    if smtp.tls == "implicit":
        return smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=context)
    client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
    if smtp.tls == "starttls":
        try:
            client.starttls(context=context)
        except BaseException:
            client.close()
            raise
    return client


def send_batch(smtp: SmtpSettings, letters: list[Letter]) -> list[Outcome]:
    """Send over one connection; stops at the first failure that is not about one message."""
    outcomes: list[Outcome] = []
    try:
        with connect(smtp) as client:
            if smtp.username and smtp.password:
                client.login(smtp.username, smtp.password)
            for letter in letters:
                try:
                    # the recipient is given, never read from the To: header
                    client.send_message(
                        message(smtp, letter),
                        from_addr=parseaddr(smtp.sender)[1],
                        to_addrs=[letter.email],
                    )
                except smtplib.SMTPException as exc:
                    if not _refused_for_good(exc):
                        raise
                    outcomes.append(Outcome(letter.mail_id, _describe(exc), permanent=True))
                else:
                    outcomes.append(Outcome(letter.mail_id))
    except (OSError, smtplib.SMTPException) as exc:
        if len(outcomes) < len(letters):
            outcomes.append(Outcome(letters[len(outcomes)].mail_id, _describe(exc)))
    return outcomes


def message(smtp: SmtpSettings, letter: Letter) -> EmailMessage:
    """The mail as sent: `Date` is when it was written to the outbox, and `Message-ID` is
    the same on every retry of it, so a receiver can tell a retry from a new mail."""
    domain = parseaddr(smtp.sender)[1].rpartition("@")[2] or "localhost"
    mail = EmailMessage()
    mail["From"] = smtp.sender
    mail["To"] = letter.email
    mail["Subject"] = letter.subject
    mail["Date"] = format_datetime(letter.written_at)
    mail["Message-ID"] = f"<outbox.{letter.mail_id}.{int(letter.written_at.timestamp())}@{domain}>"
    mail.set_content(letter.body)
    return mail
