"""Help and the palette show every key of the screen whatever has focus; dialogs show their
own keys; at 80x24 the footer keeps help and quit and never cuts a key in half."""

from __future__ import annotations

import itertools

import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.test_focus import FEED_FOOTER, feed_ready, footer_keys
from textual.widget import Widget
from textual.widgets import Input

from talenttui.api.config import ClientConfig
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.help import HelpScreen
from talenttui.tui.preferences import FeedFilters, Preferences
from talenttui.tui.screens.shell import ShellScreen
from talenttui.tui.widgets.key_footer import KeyFooter


@pytest.fixture
async def jane(demo_server: Live) -> TalentApp:
    """The app, signed in as Jane (the demo recruiter) on this module's demo server."""
    await sign_in(demo_server, JANE)
    return app_for(demo_server)


FEED_ACTIONS = ("Accept", "Reject", "Save", "Undo", "Details", "Filter", "Refresh", "Next")


def help_groups(app: TalentApp) -> dict[str, str]:
    """The help text split at its group headings."""
    body = str(app.screen.query_one("#help-body").render())
    groups: dict[str, str] = {}
    for block in body.strip().split("\n\n"):
        heading, _, rest = block.partition("\n")
        groups[heading] = rest
    return groups


async def test_help_and_palette_list_the_tabs_keys_with_focus_on_the_tab_bar(
    jane: TalentApp,
) -> None:
    app = jane
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_ready(pilot)
        await pilot.press("shift+tab")
        await wait_for(pilot, lambda: type(app.focused).__name__ == "ContentTabs")
        assert not FEED_FOOTER & footer_keys(app), "the keys do not reach the feed from here"
        titles = {command.title for command in app.get_system_commands(app.screen)}
        for action in FEED_ACTIONS:
            assert action in titles, action
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        groups = help_groups(app)
        assert list(groups) == ["Matches", "This screen", "Everywhere"]
        for action in FEED_ACTIONS:
            assert action in groups["Matches"], action
        assert "Go to tab 4" in groups["This screen"]
        for action in ("Help", "Quit", "Log out"):
            assert action in groups["Everywhere"], action


async def test_help_follows_the_visible_tab(jane: TalentApp) -> None:
    app = jane
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_ready(pilot)
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.query_one("#campaign-list").has_focus)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        groups = help_groups(app)
        assert "Campaigns" in groups and "Matches" not in groups
        assert "Copy link" in groups["Campaigns"] and "Invite" in groups["Campaigns"]
        await pilot.press("escape")
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {"Copy link", "Invite", "Next campaign"} <= titles
        assert "Accept" not in titles


async def test_the_filter_dialog_shows_its_keys_and_clears_from_a_text_field(
    jane: TalentApp,
) -> None:
    """``ctrl+x`` was "clear all", but the focused text field takes it (cut)."""
    app = jane
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_ready(pilot)
        app.preferences.filters = FeedFilters(location="Remote")
        await pilot.press("slash")
        await wait_for(pilot, lambda: bool(app.screen.query("#skills")))
        assert isinstance(app.focused, Input)
        await wait_for(pilot, lambda: {"ctrl+s", "ctrl+r", "escape"} <= footer_keys(app))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        assert not app.preferences.filters.active


async def test_each_dialog_has_a_footer_of_its_keys(jane: TalentApp) -> None:
    app = jane
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_ready(pilot)
        for key, keys in (
            ("a", {"ctrl+s", "escape"}),
            ("enter", {"escape"}),
            ("question_mark", {"escape"}),
        ):
            await pilot.press(key)
            await wait_for(pilot, lambda: not isinstance(app.screen, ShellScreen))
            await wait_for(pilot, lambda k=keys: k <= footer_keys(app))  # type: ignore[misc]
            await pilot.press("escape")
            await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.query_one("#campaign-list").has_focus)
        await pilot.press("i")
        await wait_for(pilot, lambda: bool(app.screen.query("#invite-emails")))
        await wait_for(pilot, lambda: {"ctrl+s", "escape"} <= footer_keys(app))


async def test_at_80x24_the_footer_keeps_help_and_quit_and_cuts_no_key(jane: TalentApp) -> None:
    app = jane
    async with app.run_test(size=(80, 24)) as pilot:
        await feed_ready(pilot)
        for tab in ("1", "2", "3", "4", "5"):
            await pilot.press(tab)
            await pilot.pause(0.3)
            footer = app.screen.query_one(KeyFooter)
            await wait_for(pilot, lambda: {"question_mark", "ctrl+q"} <= footer_keys(app))
            shown = [w for w in footer.walk_children(Widget) if w.region.width > 0]
            assert all(w.region.right <= footer.region.right for w in shown)
            regions = sorted((w.region for w in shown if w.parent is footer), key=lambda r: r.x)
            assert all(a.right <= b.x for a, b in itertools.pairwise(regions)), tab
        await pilot.press("1")
        await wait_for(pilot, lambda: {"question_mark", "ctrl+q", "a", "r"} <= footer_keys(app))


async def test_at_80x24_the_filter_dialog_scrolls_to_its_buttons(jane: TalentApp) -> None:
    """It is taller than 23 rows: the focused field or button scrolls into view."""
    app = jane
    async with app.run_test(size=(80, 24)) as pilot:
        await feed_ready(pilot)
        await pilot.press("slash")
        await wait_for(pilot, lambda: bool(app.screen.query("#skills")))
        assert app.focused is app.screen.query_one("#skills")
        apply = app.screen.query_one("#apply")
        while app.focused is not apply:
            await pilot.press("tab")
        await pilot.pause(0.2)
        dialog = app.screen.query_one(".dialog")
        assert dialog.region.contains_region(apply.region)
        assert apply.region.bottom <= app.screen.query_one(KeyFooter).region.y


async def test_at_80x24_long_filters_end_the_counters_line_with_an_ellipsis(
    demo_server: Live,
) -> None:
    Preferences.load(ClientConfig.load().paths.config_file, kiosk=False).save_filters(
        FeedFilters(
            min_score=50,
            skills=("React", "Node.js", "TypeScript"),
            location="San Francisco, CA",
            experience_level="senior",
        )
    )
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        counters = app.screen.query_one("#feed-counters")
        await wait_for(pilot, lambda: "skills" in str(counters.render()))
        await pilot.pause(0.2)
        row = "".join(
            segment.text for segment in counters.render_lines(counters.region.reset_offset)[0]
        )
        assert row.rstrip().endswith("…"), row
