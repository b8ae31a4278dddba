"""Log lines carry request ids and never a token, API key or code."""

from __future__ import annotations

import io
import logging
import socket
import time
from collections.abc import Callable, Iterator

import pytest

from talenttui.server.logs import redact, server_handler
from talenttui.server.settings import SmtpSettings
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login, signup

LOGGERS = ("talenttui", "uvicorn", "uvicorn.error")


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    """What the server's own handler would write, at DEBUG, while the test runs."""
    stream = io.StringIO()
    handler = server_handler(stream)
    loggers = [logging.getLogger(name) for name in LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield stream
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_login_flows_log_no_code_or_token_and_every_line_has_a_request_id(
    live: Live, server_log: io.StringIO
) -> None:
    email = "logged@example.com"
    signed = signup(live.client, email, organization="Log Co", role_id=2)
    signup_code = latest_code(live.client, email)
    logged = login(live.client, email)
    login_code = latest_code(live.client, email)
    session_id = live.client.post("/api/v1/auth/loginOTP", json={"email": email}).json()[
        "session_id"
    ]
    pending_code = latest_code(live.client, email)
    wrong = live.client.post(
        "/api/v1/auth/loginVerify",
        json={"email": email, "session_id": session_id, "verification_code": _wrong(pending_code)},
    )
    assert wrong.json()["error_code"] == "OTP_INVALID"
    live.client.post(
        "/api/v1/svc/campaign/list",
        json={},
        headers={"Authorization": f"Bearer {logged['token']}"},
    )
    refused = live.client.get(
        "/api/v1/svc/campaign/getLink", params={"campaignId": 1, "access_token": signed["token"]}
    )
    assert refused.status_code == 401
    text = server_log.getvalue()
    lines = text.splitlines()
    assert len([line for line in lines if "talenttui.access" in line]) >= 10
    assert not [line for line in lines if "[req_" not in line]
    for secret in (signed["token"], logged["token"], signup_code, login_code, pending_code):
        assert secret not in text
    assert session_id not in text
    assert "access_token" not in text


def test_failed_smtp_delivery_logs_no_code(
    start_server: Callable[..., Live], server_log: io.StringIO
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    live = start_server(smtp=SmtpSettings(host="127.0.0.1", port=closed_port, tls="none"))
    live.client.post("/api/v1/auth/signupOTP", json={"email": "nomail@example.com"})
    code = latest_code(live.client, "nomail@example.com")
    deadline = time.monotonic() + 10
    while "not delivered" not in server_log.getvalue() and time.monotonic() < deadline:
        time.sleep(0.05)
    text = server_log.getvalue()
    assert "not delivered: ConnectionRefusedError" in text
    assert code not in text


def test_a_secret_in_a_traceback_is_redacted() -> None:
    stream = io.StringIO()
    logger = logging.getLogger("talenttui.test_redaction")
    handler = server_handler(stream)
    logger.addHandler(handler)
    token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"
    try:
        raise ValueError(f"could not parse Bearer {token}")
    except ValueError:
        logger.exception("handler failed")
    finally:
        logger.removeHandler(handler)
    text = stream.getvalue()
    assert "Traceback" in text and "ValueError" in text
    assert token not in text and "eyJ" not in text
    assert "[-]" in text


def test_redaction_is_a_second_line_of_defence() -> None:
    line = redact(
        "Bearer abc.def.ghi token=eyJhbGciOi.eyJzdWIiOi.sig sk_live_Zx81 code=123456 whsec_abc"
    )
    for secret in ("abc.def.ghi", "eyJhbGciOi", "Zx81", "123456", "whsec_abc"):
        assert secret not in line


def test_redaction_leaves_ordinary_lines_alone() -> None:
    line = "POST /api/v1/auth/loginVerify 401 3.2ms error_code=OTP_INVALID"
    assert redact(line) == line
