"""Steps the feed's tests share: a demo server of one's own, and a key on a given row."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in
from tests.tui.test_feed import feed_loaded, rows_of, writes_done
from textual.pilot import Pilot

from talenttui.api.models.match_rows import MatchRow
from talenttui.tui.app import TalentApp


async def janes_own_demo(start_server: Callable[..., Live], tmp_path: Path) -> Live:
    """A demo server for one test (its triage changes the data), Jane signed in."""
    live = start_server(demo=True, data_dir=tmp_path / "demo")
    await sign_in(live, JANE)
    return live


def first_new(app: TalentApp) -> MatchRow:
    return next(m for m in rows_of(app).matches if m.status == "new")


async def press_on(pilot: Pilot[None], app: TalentApp, match: MatchRow, key: str) -> None:
    """The cursor onto ``match``, then ``key``."""
    index = rows_of(app).index_of(match.id)
    assert index is not None, match.id
    rows_of(app).move_to(index)
    await pilot.pause()
    await pilot.press(key)


async def triaged_in_an_earlier_run(live: Live, key: str) -> MatchRow:
    """A first run of the app: a new match gets ``key``; it ends once the server has it."""
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 10)
        target = first_new(app)
        await press_on(pilot, app, target, key)
        await writes_done(pilot, app)
    return target
