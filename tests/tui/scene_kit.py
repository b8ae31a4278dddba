"""What every picture of the app shares (tests/tui/scenes.py lists them): the pictured demo
server, what is pinned, how a scene's app starts and how its steps settle.

A scene is who is signed in when the app starts (nobody: the login screen) and the keys
from the first screen to the picture. The app runs against a real demo server, seen as
its bundled one (so the login screen shows the demo code). What moves with time or chance
is pinned, so a picture changes only when the screen does: the demo is seeded at
``SEEDED`` and the app reads dates against the same moment (in UTC), the login code and
its resend countdown stand still, share links are built on a fixed public URL, and the
status bar's rate-limit figure and connection and the text cursor are set before the
picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup
from tests.tui.conftest import app_for, demo_settings, sign_in, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, Static

from talenttui.server.skilldeo import otp
from talenttui.tui import wallclock
from talenttui.tui.app import TalentApp
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.widgets.match_list import MatchList

SEEDED = datetime(2026, 1, 20, 10, 42, tzinfo=UTC)
"""The moment the pictured demo is seeded (its minutes are the reference's)."""
SHOWN_AT = SEEDED + timedelta(minutes=1)
"""The app's wall clock in every picture."""
LOGIN_CODE = "424242"
PUBLIC_URL = "https://talent.example.org"
RATE_TEXT = "58/60 req"

Steps = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    """The picture's name: ``screenshots/<name>.svg`` and the snapshot's id."""
    user: str | None
    """Signed in before the app starts; None: the login screen."""
    steps: Steps
    """From the first screen to the picture."""


def pictured_demo(data_dir: Path) -> Live:
    """A demo server whose clock runs from ``SEEDED``: seeded then, and what it counts by
    date (the analytics' week of messages) is the same on any day. The app keeps the real
    clock (its login lasts the token's lifetime from its arrival, whatever the server's
    clock says)."""
    clock = FakeClock()
    clock.offset = SEEDED.timestamp() - time.time()
    settings = replace(demo_settings(data_dir), clock=clock, public_url=PUBLIC_URL)
    return Live(settings)


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """The wall clock, the time zone, the login code and its countdown, for the pictures."""
    with contextlib.ExitStack() as stack:
        stack.callback(time.tzset)  # last: once TZ is as it was
        stack.enter_context(mock.patch.dict(os.environ, {"TZ": "UTC"}))
        time.tzset()
        stack.enter_context(mock.patch.object(wallclock, "now", lambda: SHOWN_AT))
        stack.enter_context(mock.patch.object(otp, "new_code", lambda: LOGIN_CODE))
        stack.enter_context(mock.patch.object(LoginScreen, "_tick", lambda self: None))
        yield


NEWCOMER = "nia.new@example.com"
"""A candidate who has just signed up (no profile yet): the first-run form's scene."""
_signed_up: set[str] = set()


async def app_for_scene(scene: Scene, live: Live) -> TalentApp:
    """The app as it starts for ``scene``: signed in beforehand through the real OTP flow."""
    if scene.user == NEWCOMER and live.url not in _signed_up:
        await asyncio.to_thread(signup, live.client, NEWCOMER, first_name="Nia", last_name="New")
        _signed_up.add(live.url)
    if scene.user is not None:
        await sign_in(live, scene.user, bundled=True)
    return app_for(live, bundled=True)


def app_of(pilot: Pilot[None]) -> TalentApp:
    app = pilot.app
    assert isinstance(app, TalentApp)
    return app


async def steady(pilot: Pilot[None]) -> None:
    """What moves on its own, fixed (the status bar's figures, the text cursor's blink) or
    waited for (the unread total); then the screen settles."""
    app = app_of(pilot)
    # the Messages list is built and loads once the feed has (the shell's "shell-start"), for
    # the unread total on its tab and the status bar
    waited = ("shell-start", "conversations")
    await wait_for(
        pilot, lambda: not any(w.group in waited and not w.is_finished for w in app.workers)
    )
    app.rate_text = RATE_TEXT
    app.connection = "online"
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.2)


def text_of(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def feed_painted(pilot: Pilot[None]) -> None:
    app = app_of(pilot)
    await wait_for(pilot, lambda: bool(app.screen.query_one(MatchList).matches))
    await wait_for(pilot, lambda: app.connection == "online")


async def open_tab(pilot: Pilot[None], key: str) -> None:
    """The feed first (as a person sees it), then the tab."""
    await feed_painted(pilot)
    await pilot.press(key)


def run_scene_app(scene: Scene, live: Live) -> TalentApp:
    """``app_for_scene`` from synchronous code (a test, before the app's own loop)."""
    return asyncio.run(app_for_scene(scene, live))
