"""The log has a budget per client (issue #13, point 2): a client whose requests keep failing
cannot grow the log by gigabytes of tracebacks."""

from __future__ import annotations

import io
import logging
from typing import Any

import pytest

from talenttui.server.logs import TracebackBudget, server_handler
from talenttui.server.models import Role
from talenttui.server.skillsync.messages import service
from tests.conftest import Live
from tests.server.skillsync_people import person
from tests.server.test_no_secrets_in_logs import LOGGERS


def test_one_client_cannot_fill_the_log_with_tracebacks(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A handler that keeps failing logs the first tracebacks of a client, then counts them."""

    async def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("boom " + "x" * 8000)

    monkeypatch.setattr(service, "list_conversations", broken)
    someone = person(live, role=Role.RECRUITER, plan="custom")  # no rate limit in the way
    stream = io.StringIO()
    handler = server_handler(stream)
    loggers = [logging.getLogger(name) for name in LOGGERS]
    for lg in loggers:
        lg.addHandler(handler)
    try:
        for _ in range(200):
            resp = live.client.get("/v1/messages/conversations", headers=someone.headers)
            assert resp.status_code == 500
            assert resp.json()["error"]["code"] == "INTERNAL_ERROR"
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
    text = stream.getvalue()
    assert text.count("Traceback (most recent call last)") == TracebackBudget().burst
    assert text.count("further tracebacks for client 127.0.0.1 suppressed") == 1
    assert len(text) < 80_000  # 200 tracebacks would be 1.7 MB


def test_the_budget_refills_and_reports_what_it_left_out() -> None:
    now = [0.0]
    budget = TracebackBudget(burst=2, per_hour=60, clock=lambda: now[0])
    assert [budget.take("a")[0] for _ in range(5)] == [True, True, False, False, False]
    assert budget.take("b") == (True, 0)  # another client has its own budget
    now[0] += 60.0
    assert budget.take("a") == (True, 3)
    assert budget.take("a") == (False, 1)
