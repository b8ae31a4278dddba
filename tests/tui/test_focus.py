"""Focus never gets lost: after a tab switch, a reload, filters or any dialog, the visible
tab's list has the keys (``j`` moves its cursor) and the footer shows the tab's keys."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, TabbedContent

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.screens.shell import ShellScreen
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.match_list import MatchList

FEED_FOOTER = {"j", "k", "a", "r", "s", "u", "enter"}


def footer_keys(app: TalentApp) -> set[str]:
    """The keys the footer shows on screen (laid out, not hidden for lack of room)."""
    footer = app.screen.query_one(KeyFooter)
    return {
        str(widget.key)
        for widget in footer.walk_children(Widget)
        if hasattr(widget, "key") and widget.region.width > 0
    }


async def feed_ready(pilot: Pilot[None]) -> MatchList:
    app = pilot.app
    await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 3)
    return app.screen.query_one(MatchList)


async def assert_feed_has_the_keys(pilot: Pilot[None]) -> None:
    """``j`` moves the cursor and the footer lists the feed's keys."""
    app = pilot.app
    assert isinstance(app, TalentApp)
    await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
    rows = await feed_ready(pilot)
    await wait_for(pilot, lambda: app.focused is rows)
    before = rows.cursor
    await pilot.press("j")
    await wait_for(pilot, lambda: rows.cursor == before + 1)
    await wait_for(pilot, lambda: footer_keys(app) >= FEED_FOOTER)


async def open_dialog(pilot: Pilot[None], key: str, shows: str) -> None:
    """Press ``key`` and wait until the screen has ``shows`` (a selector in the dialog)."""
    await pilot.press(key)
    await wait_for(pilot, lambda: bool(pilot.app.screen.query(shows)))


def open_and_close(key: str, shows: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def path(pilot: Pilot[None]) -> None:
        await open_dialog(pilot, key, shows)
        await pilot.press("escape")

    return path


async def apply_filters(pilot: Pilot[None]) -> None:
    await open_dialog(pilot, "slash", "#min-score")
    pilot.app.screen.query_one("#min-score", Input).value = "50"
    await pilot.press("ctrl+s")


async def clear_filters(pilot: Pilot[None]) -> None:
    await apply_filters(pilot)
    await feed_ready(pilot)
    await open_dialog(pilot, "slash", "#min-score")
    await pilot.press("ctrl+r")


async def refresh(pilot: Pilot[None]) -> None:
    await pilot.press("f5")


async def away_and_back(pilot: Pilot[None]) -> None:
    await pilot.press("2")
    await wait_for(
        pilot, lambda: pilot.app.focused is pilot.app.screen.query_one("#conversation-list")
    )
    await pilot.press("1")


PATHS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "details": open_and_close("enter", "#details-box"),
    "accept": open_and_close("a", "#accept-message"),
    "help": open_and_close("question_mark", "#help-body"),
    "palette": open_and_close("ctrl+p", "CommandInput"),
    "apply-filters": apply_filters,
    "clear-filters": clear_filters,
    "cancel-filters": open_and_close("slash", "#min-score"),
    "f5": refresh,
    "tab-2-and-back": away_and_back,
}


@pytest.mark.parametrize("path", list(PATHS))
async def test_the_feed_keeps_its_keys_after(demo_server: Live, path: str) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await assert_feed_has_the_keys(pilot)
        await PATHS[path](pilot)
        await assert_feed_has_the_keys(pilot)


async def test_every_recruiter_tab_gives_its_list_the_keys(demo_server: Live) -> None:
    """Each tab in turn, and `1` back to the feed from each (it did nothing from Interviews)."""
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await assert_feed_has_the_keys(pilot)
        tabs = app.screen.query_one(TabbedContent)
        for number, pane_type, list_id, keys, rows in (
            ("2", ConversationsPane, "#conversation-list", {"f5"}, 1),
            ("3", CampaignsPane, "#campaign-list", {"y", "i"}, 2),
            ("4", InterviewsPane, "#interview-campaigns", {"f5"}, 2),
        ):
            await pilot.press(number)
            pane = app.screen.query_one(pane_type)
            options = pane.query_one(list_id, OptionList)
            await wait_for(pilot, lambda o=options, n=rows: o.option_count >= n)  # type: ignore[misc]
            await wait_for(pilot, lambda o=options: app.focused is o)  # type: ignore[misc]
            if rows > 1:
                before = options.highlighted or 0
                await pilot.press("j")
                await wait_for(pilot, lambda o=options, b=before: o.highlighted == b + 1)  # type: ignore[misc]
            await wait_for(pilot, lambda k=keys: k <= footer_keys(app))  # type: ignore[misc]
            await pilot.press("f5")
            await pilot.pause(0.3)
            await wait_for(pilot, lambda o=options: app.focused is o)  # type: ignore[misc]
            await open_and_close("question_mark", "#help-body")(pilot)
            await wait_for(pilot, lambda o=options: app.focused is o)  # type: ignore[misc]
            await pilot.press("1")
            assert tabs.active == "tab-matches", f"1 from tab {number}"
            await assert_feed_has_the_keys(pilot)


async def test_a_dialog_of_another_tab_gives_the_keys_back_to_its_list(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("3")
        options = app.screen.query_one("#campaign-list", OptionList)
        await wait_for(pilot, lambda: options.option_count > 1 and app.focused is options)
        await pilot.press("i")
        await wait_for(pilot, lambda: bool(app.screen.query("#invite-emails")))
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.focused is options)
        await pilot.press("j")
        await wait_for(pilot, lambda: options.highlighted == 1)


class SlowFeed(httpx.AsyncBaseTransport):
    """The real server, with the feed's first page a second late (a slow link or server)."""

    def __init__(self) -> None:
        self._real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/matches/"):
            await asyncio.sleep(1.0)
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


async def test_a_tab_chosen_before_the_feed_has_loaded_keeps_the_keys(demo_server: Live) -> None:
    """``2`` pressed the moment the shell shows, while the feed still loads: the feed's
    reload must not take the keys back to its hidden list."""
    await sign_in(demo_server, JANE, bundled=True)
    app = app_for(demo_server, bundled=True)
    transport = Transport(app.config, app.credentials, http_transport=SlowFeed())
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    async with app.run_test(size=(110, 32)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        await pilot.press("2")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        await feed_ready(pilot)
        await pilot.pause(0.3)
        assert app.screen.query_one(TabbedContent).active == "tab-messages"
        assert app.focused is pane.query_one(OptionList)
        await pilot.press("j")
        await wait_for(pilot, lambda: pane.open_id is not None)
