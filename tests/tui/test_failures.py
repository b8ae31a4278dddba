"""One error policy: a bug in a worker is a notice and a logged traceback (never a pane stuck
on "Loading…"), and a token the server refuses ends the session at once with the server's
reason, while the write that met the refusal waits for the same user's next login."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login
from tests.tui.conftest import JANE, SARAH, app_for, sign_in, wait_for
from tests.tui.feed_helpers import first_new, janes_own_demo, press_on
from tests.tui.test_feed import feed_loaded, writes_done
from textual.pilot import Pilot
from textual.widgets import Static

from talenttui.api.config import ClientConfig
from talenttui.api.outbox import OUTBOX_FILE
from talenttui.tui import outbox_sender
from talenttui.tui.app import TalentApp
from talenttui.tui.failures import LOG_FILE
from talenttui.tui.panes import profile
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.screens.shell import ShellScreen


def notices(app: TalentApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def log_file() -> Path:
    return ClientConfig.load().paths.data_dir / LOG_FILE


async def test_a_bug_in_a_worker_is_a_notice_and_a_logged_traceback_not_loading(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_profile: object) -> None:
        raise KeyError("headline")  # what a missing key in a server answer used to do

    monkeypatch.setattr(profile, "render_head", broken)
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        notice = app.screen.query_one("#profile-notice", Static)
        await wait_for(pilot, lambda: "Cannot load your profile" in str(notice.render()))
        assert "Loading" not in str(notice.render())
        assert app.screen.query_one(ProfilePane).profile is not None  # the answer did come
        await wait_for(pilot, lambda: any("(KeyError)" in n for n in notices(app)))
        [shown] = [n for n in notices(app) if "(KeyError)" in n]
        assert str(log_file()) in shown and "headline" not in shown
    text = log_file().read_text()
    assert "KeyError: 'headline'" in text and "in broken" in text and "Traceback" in text
    assert stat.S_IMODE(log_file().stat().st_mode) == 0o600
    token = app.credentials.current.token if app.credentials.current else None
    assert token is None or token not in text


async def test_a_failed_sender_is_reported_and_the_write_still_goes_out(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_pass = outbox_sender.OutboxSender._pass
    failures: list[int] = []

    async def fails_once(self: outbox_sender.OutboxSender, client: object) -> None:
        if not failures:
            failures.append(1)
            raise RuntimeError("the sender tripped")
        await real_pass(self, client)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox_sender.OutboxSender, "_pass", fails_once)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        await wait_for(pilot, lambda: any("(RuntimeError)" in n for n in notices(app)))
        await press_on(pilot, app, first_new(app), "s")
        await writes_done(pilot, app)
        assert app.queued == 0
    assert "RuntimeError: the sender tripped" in log_file().read_text()


def pending_in_outbox() -> int:
    path = ClientConfig.load().paths.data_dir / OUTBOX_FILE
    with closing(sqlite3.connect(path)) as conn:
        return int(
            conn.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
        )


def status_for_jane(live: Live, match_id: str) -> str:
    token = login(live.client, JANE)["token"]
    resp = live.client.get(f"/v1/matches/{match_id}", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200, resp.text
    return str(resp.json()["data"]["status"])


async def log_in(pilot: Pilot[None], app: TalentApp, live: Live, email: str) -> None:
    await pilot.press(*email, "enter")
    await wait_for(pilot, lambda: app.screen.query_one("#code-step").display)
    code = await asyncio.to_thread(latest_code, live.client, email)
    await pilot.press(*code)
    await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))


async def test_a_refused_token_returns_to_login_once_and_the_write_waits_for_that_user(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    live = await janes_own_demo(start_server, tmp_path)
    app = app_for(live)
    signed_out: list[str] = []
    notify = app.notify

    def counting_notify(message: str, **kwargs: Any) -> None:
        if kwargs.get("title") == "Signed out":
            signed_out.append(message)
        notify(message, **kwargs)

    app.notify = counting_notify  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        target = first_new(app)
        live.server.stop()
        await press_on(pilot, app, target, "s")
        assert app.queued == 1
        live.forget_secret()  # every token it signed is void
        live.restart()
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen), timeout=30)
        message = "The server ended this session: Invalid token. Log in again."
        await wait_for(pilot, lambda: message in str(app.screen.query_one("#message").render()))
        await pilot.pause(1)
        assert signed_out == [message], "one logout, though the sender and realtime both met it"
        assert pending_in_outbox() == 1

        await log_in(pilot, app, live, SARAH)  # someone else: Jane's write is not theirs
        await pilot.pause(1)
        assert pending_in_outbox() == 1
        assert status_for_jane(live, target.id) == "new"
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))

        await log_in(pilot, app, live, JANE)
        await wait_for(pilot, lambda: pending_in_outbox() == 0, timeout=20)
        # the row is marked sent on disk before the sender's pass says so (a few awaits later)
        await wait_for(pilot, lambda: any("that waited in the outbox" in n for n in notices(app)))
    assert status_for_jane(live, target.id) == "saved"
