"""The outbox command shows every mail with its code; SMTP delivers from the outbox when configured."""

from __future__ import annotations

import json
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talenttui.server.settings import SmtpSettings
from tests.conftest import Live
from tests.server.otp_helpers import latest_code


def _outbox(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "talenttui",
            "server",
            "outbox",
            "--data-dir",
            str(data_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def test_outbox_json_lists_mails_oldest_first_with_codes(live: Live) -> None:
    live.client.post("/api/v1/auth/signupOTP", json={"email": "first@example.com"})
    live.client.post("/api/v1/auth/loginOTP", json={"email": "second@example.com"})
    code = latest_code(live.client, "first@example.com")
    lines = [
        json.loads(line) for line in _outbox(live.settings.data_dir, "--json").stdout.splitlines()
    ]
    assert [m["email"] for m in lines] == ["first@example.com", "second@example.com"]
    assert lines[0]["purpose"] == "signup" and lines[0]["code"] == code
    assert lines[1]["purpose"] == "login" and lines[1]["code"] is None
    assert all({"email", "purpose", "code", "sent_at"} <= set(m) for m in lines)
    only = _outbox(live.settings.data_dir, "--json", "--email", "SECOND@example.com").stdout
    assert [json.loads(x)["email"] for x in only.splitlines()] == ["second@example.com"]


def test_outbox_plain_text_shows_the_code(live: Live) -> None:
    live.client.post("/api/v1/auth/signupOTP", json={"email": "plain@example.com"})
    code = latest_code(live.client, "plain@example.com")
    out = _outbox(live.settings.data_dir).stdout
    assert "plain@example.com" in out and f"code {code}" in out


def test_outbox_of_an_empty_data_dir_prints_nothing(tmp_path: Path) -> None:
    result = _outbox(tmp_path / "none", "--json")
    assert result.stdout == ""


class _SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib without STARTTLS: records each message."""

    messages: list[str]

    def handle(self) -> None:
        write = self.wfile.write
        write(b"220 sink ready\r\n")
        while line := self.rfile.readline():
            verb = line.decode().strip().upper()
            if verb.startswith(("EHLO", "HELO")):
                write(b"250 sink\r\n")
            elif verb.startswith("DATA"):
                write(b"354 go on\r\n")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(part.decode())
                self.server.messages.append("".join(data))  # type: ignore[attr-defined]
                write(b"250 queued\r\n")
            elif verb.startswith("QUIT"):
                write(b"221 bye\r\n")
                return
            else:
                write(b"250 ok\r\n")


@pytest.fixture
def smtp_sink() -> Iterator[Any]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSink)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_smtp_delivers_from_the_outbox(start_server: Any, smtp_sink: Any) -> None:
    port = smtp_sink.server_address[1]
    live = start_server(smtp=SmtpSettings(host="127.0.0.1", port=port, starttls=False))
    live.client.post("/api/v1/auth/signupOTP", json={"email": "mailme@example.com"})
    code = latest_code(live.client, "mailme@example.com")
    deadline = time.monotonic() + 10
    while not smtp_sink.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert smtp_sink.messages, "no mail reached the SMTP server"
    assert "To: mailme@example.com" in smtp_sink.messages[0]
    assert code in smtp_sink.messages[0]
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = _outbox(live.settings.data_dir, "--json").stdout.splitlines()
        if json.loads(lines[0])["delivered_at"]:
            break
        time.sleep(0.1)
    assert json.loads(lines[0])["delivered_at"] is not None
