"""Log lines carry request ids and never a token, API key or code."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from talenttui.server.logs import LOG_FORMAT, RequestContextFilter, redact
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login, signup


@pytest.fixture
def server_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestContextFilter())
    handler.setLevel(logging.DEBUG)
    loggers = [logging.getLogger(n) for n in ("talenttui", "uvicorn", "uvicorn.error")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.DEBUG)
    yield stream
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def test_login_flow_logs_no_code_or_token(live: Live, server_log: io.StringIO) -> None:
    signed = signup(live.client, "logged@example.com", organization="Log Co", role_id=2)
    logged = login(live.client, "logged@example.com")
    code = latest_code(live.client, "logged@example.com")
    live.client.post(
        "/api/v1/svc/campaign/list",
        json={},
        headers={"Authorization": f"Bearer {logged['token']}"},
    )
    live.client.get(
        "/api/v1/svc/campaign/getLink", params={"campaignId": 1, "access_token": signed["token"]}
    )
    text = server_log.getvalue()
    access = [line for line in text.splitlines() if "talenttui.access" in line]
    assert len(access) >= 6
    assert all("[req_" in line for line in access)
    for secret in (signed["token"], logged["token"], code):
        assert secret not in text
    assert "access_token" not in text


def test_redaction_is_a_second_line_of_defence() -> None:
    line = redact(
        "Bearer abc.def.ghi token=eyJhbGciOi.eyJzdWIiOi.sig sk_live_Zx81 code=123456 whsec_abc"
    )
    for secret in ("abc.def.ghi", "eyJhbGciOi", "Zx81", "123456", "whsec_abc"):
        assert secret not in line
