"""One mail over SMTP: the message as it is sent, and a batch sent over one connection."""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.message import EmailMessage

from talenttui.server.settings import SmtpSettings


@dataclass(frozen=True)
class Letter:
    """What the SMTP thread needs of an outbox row (ORM objects stay on the event loop)."""

    mail_id: int
    email: str
    subject: str
    body: str


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


def send_batch(smtp: SmtpSettings, letters: list[Letter]) -> list[Outcome]:
    """Send over one connection; stops at the first failure that is not about one message."""
    outcomes: list[Outcome] = []
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=20) as client:
            if smtp.starttls:
                client.starttls()
            if smtp.username and smtp.password:
                client.login(smtp.username, smtp.password)
            for letter in letters:
                try:
                    client.send_message(_message(smtp, letter))
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


def _message(smtp: SmtpSettings, letter: Letter) -> EmailMessage:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = letter.email
    message["Subject"] = letter.subject
    message.set_content(letter.body)
    return message
