"""The match feed end to end: triage by keys, undo, filters, offline, against a real server."""

from __future__ import annotations

import gc
import tomllib

import httpx
import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for

from talenttui.api.config import ClientConfig
from talenttui.api.models.match_rows import MatchRow
from talenttui.api.models.matches import Match
from talenttui.tui.app import TalentApp
from talenttui.tui.panes import match_feed
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.preferences import FeedFilters, Preferences
from talenttui.tui.widgets.match_list import MatchList


def show_every_score() -> None:
    """Jane's demo feed has 18 matches at the default minimum score, 23 at any score."""
    Preferences.load(ClientConfig.load().paths.config_file, kiosk=False).save_filters(
        FeedFilters(min_score=0)
    )


def feed_of(app: TalentApp) -> MatchFeed:
    return app.screen.query_one(MatchFeed)


def rows_of(app: TalentApp) -> MatchList:
    return app.screen.query_one(MatchList)


def server_status(live: Live, app: TalentApp, match_id: str) -> str:
    creds = app.credentials.current
    assert creds is not None and creds.token
    resp = live.client.get(
        f"/v1/matches/{match_id}", headers={"Authorization": f"Bearer {creds.token}"}
    )
    assert resp.status_code == 200, resp.text
    return str(resp.json()["data"]["status"])


async def feed_loaded(pilot, app: TalentApp, rows: int = 1) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: len(rows_of(app).matches) >= rows)


async def writes_done(pilot, app: TalentApp) -> None:  # type: ignore[no-untyped-def]
    await wait_for(pilot, lambda: feed_of(app).idle)


async def test_triage_twenty_matches_by_keys(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    show_every_score()
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 21)
        before = dict(feed_of(app).counts)
        rows = list(rows_of(app).matches[:20])
        expected: dict[str, str] = {}
        for index, match in enumerate(rows):
            await wait_for(pilot, lambda: rows_of(app).current is not None)
            current = rows_of(app).current
            assert current is not None and current.id == match.id, index
            key = "ars"[index % 3]
            await pilot.press(key)
            if key == "a":
                await wait_for(pilot, lambda: bool(app.screen.query("#accept-message")))
                if index == 0:
                    await pilot.press(*"Let's talk")
                await pilot.press("enter")
                await wait_for(pilot, lambda: not app.screen.query("#accept-message"))
            expected[match.id] = {"a": "accepted", "r": "rejected", "s": "saved"}[key]
        await writes_done(pilot, app)
        for match_id, status in expected.items():
            assert server_status(demo_server, app, match_id) == status
            shown = next(m for m in rows_of(app).matches if m.id == match_id)
            assert shown.status == status
        after = feed_of(app).counts
        accepted_now = sum(
            1 for m in rows if m.status != "accepted" and expected[m.id] == "accepted"
        )
        assert after["accepted"] == before["accepted"] + accepted_now


async def test_undo_restores_the_previous_status_on_the_server(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    show_every_score()
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        rows_of(app).move_to(3)
        await pilot.pause()
        target = rows_of(app).current
        assert target is not None
        original = target.status
        await pilot.press("r")
        await writes_done(pilot, app)
        assert server_status(demo_server, app, target.id) == "rejected"
        assert (current := rows_of(app).current) is not None and current.id != target.id
        await pilot.press("u")
        await writes_done(pilot, app)
        assert server_status(demo_server, app, target.id) == original
        assert (current := rows_of(app).current) is not None and current.id == target.id
        assert current.status == original
        await pilot.press("u")
        await pilot.pause()
        assert server_status(demo_server, app, target.id) == original


async def test_filters_narrow_the_feed_and_are_saved(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        await pilot.press("slash")
        await wait_for(pilot, lambda: bool(app.screen.query("#min-score")))
        await pilot.click("#min-score")
        await pilot.press(*"75", "enter")
        await wait_for(
            pilot,
            lambda: feed_of(app).filters.min_score == 75 and not feed_of(app).fetching,
        )
        scores = [m.match_score for m in rows_of(app).matches]
        assert scores and min(scores) >= 75
    config = tomllib.loads(ClientConfig.load().paths.config_file.read_text())
    assert config["feed"]["min_score"] == 75
    again = app_for(demo_server)
    async with again.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, again)
        assert min(m.match_score for m in rows_of(again).matches) >= 75


async def test_offline_the_feed_paints_from_cache_and_actions_wait(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    first = app_for(demo_server)
    async with first.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, first, 10)
        assert feed_of(first).source == "network"
    demo_server.server.stop()
    try:
        app = app_for(demo_server)
        async with app.run_test(size=(120, 40)) as pilot:
            await feed_loaded(pilot, app, 10)
            assert feed_of(app).source in ("cache", "offline")
            await wait_for(pilot, lambda: app.connection == "offline")
            await wait_for(pilot, lambda: feed_of(app).source == "offline")
            index = next(i for i, m in enumerate(rows_of(app).matches) if m.status != "saved")
            rows_of(app).move_to(index)
            await pilot.pause()
            target = rows_of(app).current
            assert target is not None and target.status != "saved"
            await pilot.press("s")
            await wait_for(pilot, lambda: app.queued == 1)
            assert rows_of(app).matches[index].status == "saved"
            demo_server.restart()
            await wait_for(pilot, lambda: app.queued == 0, timeout=30)
            assert server_status(demo_server, app, target.id) == "saved"
    finally:
        try:
            httpx.get(f"{demo_server.url}/healthz", timeout=2)
        except httpx.TransportError:
            demo_server.restart()


async def test_a_refused_action_is_rolled_back_with_a_notice(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        real = rows_of(app).matches[0]
        ghost = MatchRow.of(
            real.full().model_copy(update={"id": "match_00000000deadbeef", "status": "new"})
        )
        rows_of(app).set_matches([ghost, *rows_of(app).matches])
        await pilot.pause()
        await pilot.press("s")
        await writes_done(pilot, app)
        await wait_for(pilot, lambda: rows_of(app).matches[0].status == "new")
        notices = [str(n.message) for n in app._notifications]
        assert any("Could not save" in text and "undone" in text for text in notices)
        await pilot.press("u")
        await pilot.pause()
        assert any("Nothing to undo" in str(n.message) for n in app._notifications)


async def test_the_next_page_loads_before_the_cursor_reaches_the_end(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(match_feed, "PAGE_SIZE", 5)
    await sign_in(demo_server, JANE)
    show_every_score()
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        total = feed_of(app).total
        assert total > 10
        await pilot.press("j")
        await wait_for(pilot, lambda: len(rows_of(app).matches) == total)
        assert rows_of(app).cursor == 1
        ids = [m.id for m in rows_of(app).matches]
        assert len(set(ids)) == len(ids)


async def test_the_counters_add_up_to_the_filtered_list(demo_server: Live) -> None:
    """Counters follow the filters (not the status), so they agree with the rows shown."""
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        feed = feed_of(app)
        assert app.preferences.filters == FeedFilters()  # the server default: score 60 or more
        shown = len(rows_of(app).matches)
        assert shown == feed.total
        assert feed.counts["new"] + feed.counts["saved"] + feed.counts["accepted"] == shown
        counters = str(app.screen.query_one("#feed-counters").render())
        assert f"New {feed.counts['new']}" in counters and f"1/{shown}" in counters


async def test_loaded_rows_are_kept_out_of_full_collections(demo_server: Live) -> None:
    """A full GC pass over 100k rows takes ~0.6 s; the feed freezes rows once loaded."""
    await sign_in(demo_server, JANE)
    show_every_score()
    gc.unfreeze()
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        await pilot.pause()
        assert gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(m) in tracked for m in rows_of(app).matches)


async def test_cursor_move_redraws_the_detail_in_place(demo_server: Live) -> None:
    """A held ``j`` re-laid-out the whole screen per key (the detail's size could change),
    drawing the detail two frames after the cursor. Now a move between matches that fit
    the pane updates the detail with no layout pass, once the cursor rests."""
    from talenttui.tui.widgets.match_detail import MatchDetail

    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        # what the shell does once the feed has loaded (Messages built, the link opened)
        # lays out the screen too: counted from when that is done, only keys are counted
        await wait_for(
            pilot,
            lambda: not any(w.group == "shell-start" and not w.is_finished for w in app.workers),
        )
        await pilot.pause()
        screen = app.screen
        layouts: list[object] = []
        relayout = screen._refresh_layout

        def counted(*args: object, **kwargs: object) -> None:
            layouts.append(args)
            relayout(*args, **kwargs)  # type: ignore[arg-type]

        screen._refresh_layout = counted  # type: ignore[method-assign]
        body = app.screen.query_one(MatchDetail).query_one("#match-detail-body")
        for _ in range(3):
            await pilot.press("j")
            current = rows_of(app).current
            assert current is not None
            name = current.name
            await wait_for(pilot, lambda: str(body.render()).startswith(name))  # noqa: B023
        await pilot.pause()
        assert layouts == []


async def test_a_held_key_draws_the_detail_once_the_cursor_rests(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keys closer together than the rest (made long here, so a loaded machine cannot
    space them out) move the cursor at once and leave the detail for the row it stops on:
    the pane's forty lines are not drawn per key."""
    from talenttui.tui import cursor_rest
    from talenttui.tui.widgets import match_detail

    monkeypatch.setattr(cursor_rest, "REST", 1.0)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 8)
        detail = app.screen.query_one(match_detail.MatchDetail)
        body = detail.query_one("#match-detail-body")
        shown: list[str | None] = []
        show = detail.show

        def counted(match: Match | None) -> None:
            shown.append(match.id if match else None)
            show(match)

        detail.show = counted  # type: ignore[method-assign]
        await pilot.press(*"jjjjj")
        assert rows_of(app).cursor == 5
        during = list(shown)
        current = rows_of(app).current
        assert current is not None
        await wait_for(pilot, lambda: str(body.render()).startswith(current.name))
        assert len(during) <= 1, during
        assert shown[-1] == current.id and len(shown) <= 2
