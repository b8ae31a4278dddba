"""Pictures of the login, feed and help screens at 80x24 and 120x40 (pytest-textual-snapshot).

The app runs against a real demo server. What moves with wall time is fixed before the
picture: the rate-limit remaining (its bucket refills every second), the connection state
(reached asynchronously), and the dates: the demo is dated from when it is seeded, so this
module's server is seeded at a fixed moment and the app reads dates against the same one.
Update with ``pytest --snapshot-update``.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from tests.conftest import FakeClock, Live
from tests.tui.conftest import JANE, app_for, demo_settings, sign_in, wait_for
from textual.pilot import Pilot

from talenttui.tui import wallclock
from talenttui.tui.app import TalentApp
from talenttui.tui.widgets.match_list import MatchList

SEEDED = datetime(2026, 1, 20, 10, 42, tzinfo=UTC)
"""The moment the pictured demo is seeded (its minutes are the reference's)."""

SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A demo server seeded at ``SEEDED``; its clock is the wall clock from then on (login
    tokens are checked against the real time too)."""
    clock = FakeClock()
    clock.offset = SEEDED.timestamp() - time.time()
    settings = replace(demo_settings(tmp_path_factory.mktemp("pictured-demo")), clock=clock)
    live = Live(settings)
    clock.offset = 0.0
    yield live
    live.close()


@pytest.fixture(autouse=True)
def _pinned_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wallclock, "now", lambda: SEEDED + timedelta(minutes=1))


def steady(app: TalentApp) -> None:
    app.rate_text = "58/60 req"
    app.connection = "online"


def login_app(live: Live) -> TalentApp:
    return app_for(live, bundled=True)


async def at_login(pilot: Pilot[None]) -> None:
    await pilot.pause(0.2)


def signed_in_app(live: Live) -> TalentApp:
    asyncio.run(sign_in(live, JANE, bundled=True))
    return app_for(live, bundled=True)


async def feed_painted(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TalentApp)
    await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 10)
    await wait_for(pilot, lambda: app.connection == "online")
    steady(app)
    await pilot.pause(0.2)


async def help_open(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("question_mark")
    await pilot.pause(0.2)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    ("make", "before"),
    [
        (login_app, at_login),
        (signed_in_app, feed_painted),
        (signed_in_app, help_open),
    ],
    ids=["login", "feed", "help"],
)
def test_screens(
    snap_compare: Callable[..., bool],
    demo_server: Live,
    size: tuple[int, int],
    make: Callable[[Live], TalentApp],
    before: Callable[[Pilot[None]], object],
) -> None:
    assert snap_compare(make(demo_server), terminal_size=size, run_before=before)
