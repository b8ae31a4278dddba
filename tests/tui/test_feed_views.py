"""Counters and views that add up: the counters equal the rows after every action, the
default minimum score shows as a filter, a status view (``v``, or the filter dialog) shows
what was rejected and undoes it days later, and the cursor's place shows as ``n/N``."""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.feed_helpers import janes_own_demo, press_on, triaged_in_an_earlier_run
from tests.tui.test_feed import feed_loaded, feed_of, rows_of, server_status, writes_done
from textual.pilot import Pilot
from textual.widgets import Select

from talenttui.api.config import ClientConfig
from talenttui.api.endpoints.matches import list_matches
from talenttui.tui.app import TalentApp


def counters(app: TalentApp) -> str:
    return str(app.screen.query_one("#feed-counters").render())


def assert_counters_match_the_rows(app: TalentApp) -> None:
    feed = feed_of(app)
    rows = rows_of(app).matches
    assert len(rows) == feed.total, "the whole view is loaded (Jane's feed is one page)"
    assert {k: v for k, v in feed.counts.items() if v} == dict(Counter(m.status for m in rows))
    text = counters(app)
    for status, count in Counter(m.status for m in rows).items():
        assert f"{status.capitalize()} {count}" in text, (status, text)


async def loaded_view(pilot: Pilot[None], app: TalentApp, status: str | None) -> None:
    await wait_for(
        pilot,
        lambda: feed_of(app).filters.status == status and not feed_of(app).fetching,
    )


async def test_the_counters_match_the_rows_after_every_action(demo_server: Live) -> None:
    """Today: "New 0 Saved 1 Accepted 1 │ 3 shown" after one reject."""
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        assert_counters_match_the_rows(app)
        for key in ("r", "s", "r", "u", "s", "r", "u", "u"):
            await pilot.press(key)
            await pilot.pause()
            assert_counters_match_the_rows(app)
        await writes_done(pilot, app)
        assert "Rejected 1" in counters(app)


async def test_the_default_minimum_score_and_the_position_are_shown(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        total = feed_of(app).total
        assert "score ≥ 60 (default)" in counters(app) and "no filters" not in counters(app)
        assert f"1/{total}" in counters(app)
        await pilot.press("j", "j")
        assert f"3/{total}" in counters(app)
        await pilot.press("G")
        assert f"{total}/{total}" in counters(app)


async def test_v_cycles_the_status_views_and_a_rejected_match_comes_back_days_later(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    live = await janes_own_demo(start_server, tmp_path)
    target = await triaged_in_an_earlier_run(live, "r")
    later = app_for(live)  # another day: the undo stack is gone
    async with later.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, later, 5)
        await wait_for(pilot, lambda: feed_of(later).source == "network")
        assert rows_of(later).index_of(target.id) is None, "rejected: not in the active view"
        client = await later.client()
        for status in ("new", "saved", "accepted", "rejected"):
            await pilot.press("v")
            await loaded_view(pilot, later, status)
            page = await client.send(list_matches(limit=100, status=status))
            assert [m.id for m in rows_of(later).matches] == [m.id for m in page.matches]
            assert {m.status for m in rows_of(later).matches} <= {status}
            assert f"{status} only" in counters(later)
            if rows_of(later).matches:
                assert_counters_match_the_rows(later)
        await press_on(pilot, later, target, "u")
        await writes_done(pilot, later)
        assert server_status(live, later, target.id) == "new"
        assert any("Restored" in str(n.message) for n in later._notifications)
        assert_counters_match_the_rows(later)
        await pilot.press("v")
        await loaded_view(pilot, later, None)
        assert rows_of(later).index_of(target.id) is not None, "back in the active view"
    saved = tomllib.loads(ClientConfig.load().paths.config_file.read_text())
    assert "status" not in saved["feed"]


async def test_the_filter_dialog_chooses_the_status_and_it_is_saved(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        await pilot.press("slash")
        await wait_for(pilot, lambda: bool(app.screen.query("#status")))
        app.screen.query_one("#status", Select).value = "saved"
        await pilot.click("#apply")
        await loaded_view(pilot, app, "saved")
        assert rows_of(app).matches and {m.status for m in rows_of(app).matches} == {"saved"}
    saved = tomllib.loads(ClientConfig.load().paths.config_file.read_text())
    assert saved["feed"]["status"] == "saved"
    again = app_for(demo_server)
    async with again.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, again)
        assert "saved only" in counters(again)
