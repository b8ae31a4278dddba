"""SMTP delivery from the outbox against a real SMTP sink on 127.0.0.1."""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from talenttui.server.models import OutboxMail
from talenttui.server.settings import SmtpSettings
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.server.outbox_cli import outbox_json


class SmtpSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), SinkHandler)
        self.messages: list[str] = []

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class SinkHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib without STARTTLS; refuses recipients named bounce@…."""

    server: SmtpSink

    def handle(self) -> None:
        write = self.wfile.write
        write(b"220 sink ready\r\n")
        while line := self.rfile.readline():
            verb = line.decode().strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                write(b"250 sink\r\n")
            elif verb.startswith("RCPT") and "BOUNCE@" in verb:
                write(b"550 no such user\r\n")
            elif verb.startswith("DATA"):
                write(b"354 go on\r\n")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(part.decode())
                self.server.messages.append("".join(data))
                write(b"250 queued\r\n")
            elif verb.startswith("QUIT"):
                write(b"221 bye\r\n")
                return
            else:
                write(b"250 ok\r\n")


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    server = SmtpSink()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _smtp(port: int) -> SmtpSettings:
    return SmtpSettings(host="127.0.0.1", port=port, tls="none")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _eventually(check: Callable[[], Any], seconds: float = 10) -> Any:
    deadline = time.monotonic() + seconds
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert result, "condition not reached in time"
    return result


def _mail_to(live: Live, email: str) -> dict[str, Any]:
    """The outbox row as the server wrote it (read directly: polling the CLI would be slow)."""
    with live.db() as session:
        mail = session.scalars(select(OutboxMail).where(OutboxMail.email == email)).one()
    return {"delivered_at": mail.delivered_at, "delivery_error": mail.delivery_error}


def test_smtp_delivers_from_the_outbox(start_server: Any, smtp_sink: SmtpSink) -> None:
    live = start_server(smtp=_smtp(smtp_sink.port))
    live.client.post("/api/v1/auth/signupOTP", json={"email": "mailme@example.com"})
    code = latest_code(live.client, "mailme@example.com")
    _eventually(lambda: smtp_sink.messages)
    assert "To: mailme@example.com" in smtp_sink.messages[0]
    assert "Subject: Your talenttui signup code" in smtp_sink.messages[0]
    assert code in smtp_sink.messages[0]
    _eventually(lambda: _mail_to(live, "mailme@example.com")["delivered_at"])


def test_a_refused_address_is_marked_and_does_not_block_the_rest(
    start_server: Any, smtp_sink: SmtpSink
) -> None:
    live = start_server(smtp=_smtp(smtp_sink.port))
    live.client.post("/api/v1/auth/signupOTP", json={"email": "bounce@example.com"})
    live.client.post("/api/v1/auth/signupOTP", json={"email": "fine@example.com"})
    _eventually(lambda: _mail_to(live, "fine@example.com")["delivered_at"])
    bounced = _eventually(lambda: _mail_to(live, "bounce@example.com")["delivery_error"])
    assert bounced == "rejected: SMTPRecipientsRefused 550"
    (shown,) = outbox_json(live.settings, "--email", "bounce@example.com")
    assert shown["delivery_error"] == bounced and shown["delivered_at"] is None
    assert shown["attempts"] == 1  # refused for good: never tried again
    assert len(smtp_sink.messages) == 1
    live.client.post("/api/v1/auth/signupOTP", json={"email": "later@example.com"})
    _eventually(lambda: _mail_to(live, "later@example.com")["delivered_at"])
    assert len(smtp_sink.messages) == 2


def test_unreachable_smtp_is_recorded_and_retried_after_restart(
    start_server: Any, smtp_sink: SmtpSink
) -> None:
    live = start_server(smtp=_smtp(_closed_port()))
    live.client.post("/api/v1/auth/loginOTP", json={"email": "wait@example.com"})
    error = _eventually(lambda: _mail_to(live, "wait@example.com")["delivery_error"])
    assert error == "ConnectionRefusedError"
    assert not smtp_sink.messages
    live.restart(smtp=_smtp(smtp_sink.port))
    delivered = _eventually(lambda: _mail_to(live, "wait@example.com")["delivered_at"])
    assert delivered
    assert _mail_to(live, "wait@example.com")["delivery_error"] is None
    assert "To: wait@example.com" in smtp_sink.messages[0]


def test_smtp_password_is_not_in_the_settings_repr() -> None:
    settings = SmtpSettings(host="mail.example", username="ops", password="hunter2-secret")
    assert "hunter2-secret" not in repr(settings)
