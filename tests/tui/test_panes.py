"""The Messages, Profile and Analytics tabs end to end against the real demo server.

The tests run in file order on one demo server: the unread test comes before the tests that
open Sarah's conversation with Jane (and so mark it read).
"""

from __future__ import annotations

import httpx
from tests.conftest import Live
from tests.tui.conftest import (
    SARAH,
    app_for,
    app_refusing,
    jane_messages_sarah,
    sign_in,
    wait_for,
)
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Static, TabbedContent

from talenttui.api.endpoints.analytics import user_analytics
from talenttui.api.endpoints.messages import list_conversations
from talenttui.api.endpoints.profiles import get_profile
from talenttui.api.models.messages import Conversation
from talenttui.server.demo.conversations_seed import SARAH_AND_JANE, SARAH_UNREAD
from talenttui.tui.app import TalentApp
from talenttui.tui.chat import Thread
from talenttui.tui.panes.analytics import SECTIONS, AnalyticsPane, figure_id
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.widgets.message_log import MessageLog
from talenttui.tui.widgets.status_bar import StatusBar

JANE_ID = "user_456"


def text_of(app: TalentApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def with_jane(conversations: list[Conversation]) -> Conversation:
    [conversation] = [c for c in conversations if JANE_ID in {p.id for p in c.participants}]
    return conversation


async def server_unread(app: TalentApp) -> int:
    client = await app.client()
    page = await client.send(list_conversations(limit=100))
    return with_jane(page.conversations).unread_count


async def open_first_conversation(pilot: Pilot[None], app: TalentApp) -> ConversationsPane:
    """Messages tab, then ``j``: the first conversation (Sarah's, with Jane) opens."""
    await pilot.press("2")
    pane = app.screen.query_one(ConversationsPane)
    await wait_for(pilot, lambda: bool(pane.conversations))
    await pilot.press("j")
    await wait_for(pilot, lambda: pane.open_id is not None)
    return pane


async def show_tab(pilot: Pilot[None], app: TalentApp, key: str, pane: type[Widget]) -> None:
    await pilot.press(key)
    await wait_for(pilot, lambda: app.screen.query_one(pane).display)


async def test_panes_load_only_when_their_tab_is_first_shown(demo_server: Live) -> None:
    """All but the Messages list, whose unread total is on the tab and in the status bar:
    they are not even built before (``test_shell``: a tab built when first shown)."""
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.connection == "online")
        await pilot.pause(0.3)
        assert not app.screen.query(ProfilePane) and not app.screen.query(AnalyticsPane)
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        assert pane.open_id is None
        tab = app.screen.query_one(TabbedContent).get_tab("tab-messages")
        await wait_for(pilot, lambda: str(tab.label) == f"Messages ({SARAH_UNREAD})")
        assert f"{SARAH_UNREAD} unread" in str(app.screen.query_one(StatusBar).render())
        await pilot.press("3")
        await wait_for(pilot, lambda: app.screen.query_one(ProfilePane).profile is not None)
        assert not app.screen.query(AnalyticsPane)


async def test_messages_list_jane_with_unread_and_opening_reads_it(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        conversation = with_jane(pane.conversations)
        assert conversation.unread_count == SARAH_UNREAD == 2
        options = app.screen.query_one("#conversation-list", OptionList)
        index = pane.conversations.index(conversation)
        row = str(options.get_option_at_index(index).prompt)
        assert "Acme Corp" in row and "2 unread" in row
        assert SARAH_AND_JANE[-1][1][:20] in row
        assert pane.open_id is None
        assert await server_unread(app) == 2, "showing the list must not mark anything read"

        assert options.has_focus
        assert "f5" in {b.binding.key for b in app.screen.active_bindings.values()}
        for _ in range(index + 1):
            await pilot.press("j")
        log = app.screen.query_one(MessageLog)
        await wait_for(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
        shown = "\n".join(log.plain_lines())
        heads = [line for line in log.plain_lines() if not line.startswith((" ", "─"))]
        assert len(heads) == len(SARAH_AND_JANE)
        for (who, text), head in zip(SARAH_AND_JANE, heads, strict=True):
            assert text.split()[0] in shown
            assert head.startswith("You" if who == "sarah" else "Acme Corp")
        assert "Acme Corp" in text_of(app, "#conversation-header")
        assert await server_unread(app) == 0
        await wait_for(pilot, lambda: with_jane(pane.conversations).unread_count == 0)
        assert "unread" not in str(options.get_option_at_index(index).prompt)

        view = app.screen.query_one("#conversation-view")
        assert options.region.width >= 28 and view.region.width >= 40
        assert view.region.right <= 80 and view.region.bottom <= 22


async def test_a_new_message_shows_literally_after_refresh(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_first_conversation(pilot, app)
        hostile = "[@click=app.quit]hi[/] and [bold]not bold[/]"
        await jane_messages_sarah(demo_server, hostile)
        await pilot.press("f5")
        log = app.screen.query_one(MessageLog)
        await wait_for(pilot, lambda: any(hostile in line for line in log.plain_lines()))
        assert app.is_running


async def test_a_new_message_appears_live_in_the_open_conversation(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection == "online")
        pane = await open_first_conversation(pilot, app)
        text = "Live without a refresh"
        await jane_messages_sarah(demo_server, text)
        log = app.screen.query_one(MessageLog)
        await wait_for(pilot, lambda: any(text in line for line in log.plain_lines()))
        await wait_for(pilot, lambda: with_jane(pane.conversations).unread_count == 0)


async def test_a_conversation_the_server_does_not_know_shows_its_error(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        pane.view.open(Thread("conv_doesnotexist", JANE_ID, None), None)
        await wait_for(pilot, lambda: "Cannot load" in text_of(app, "#conversation-header"))
        assert "not found" in text_of(app, "#conversation-header").lower()


async def test_profile_shows_sarah_as_the_server_has_her(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(ProfilePane)
        await wait_for(pilot, lambda: pane.profile is not None)
        profile = await (await app.client()).send(get_profile())
        head = text_of(app, "#profile-head")
        assert profile.name == "Sarah Johnson"
        for fact in (profile.name, profile.title, profile.location, "open to remote", "4 yrs"):
            assert fact in head
        skills = text_of(app, "#profile-skills").splitlines()
        assert len(skills) == len(profile.skills) >= 3
        for line, skill in zip(skills, profile.skills, strict=True):
            assert line.startswith(skill.name) and skill.level in line
            assert f"{skill.years:g} yr" in line
        assert "React" in skills[0] and "expert" in skills[0]
        prefs = text_of(app, "#profile-preferences")
        assert "full-time, contract" in prefs and "80,000 to 120,000 USD" in prefs
        assert pane.has_focus
        assert pane.region.right <= 80 and pane.region.bottom <= 22


async def test_analytics_figures_are_the_apis(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: pane.analytics is not None)
        await pilot.press("f5")
        await pilot.pause(0.3)
        api = await (await app.client()).send(user_analytics())
        assert api.matches.total_received > 0 and api.skills_trending
        checked = 0
        for section, _, figures in SECTIONS:
            group = getattr(api, section)
            for field, label in figures:
                value, shown_label = text_of(app, f"#{figure_id(section, field)}").splitlines()
                assert value == str(getattr(group, field)) and shown_label == label
                checked += 1
        assert checked == 11
        skills = text_of(app, "#analytics-skills").splitlines()
        assert [line.split()[0] for line in skills] == [s.skill for s in api.skills_trending]
        assert skills[0].endswith(str(api.skills_trending[0].demand_score))
        palette = {c.title for c in app.get_system_commands(app.screen)}
        assert "Refresh" in palette


async def test_profile_and_analytics_show_the_servers_error(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    locked = {
        "success": False,
        "error": {"code": "INSUFFICIENT_PERMISSIONS", "message": "Figures are locked"},
    }
    refusal = httpx.Response(403, json=locked)
    app = app_refusing(demo_server, {"/v1/analytics/users/me": refusal, "/v1/profiles/me": refusal})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: "Figures are locked" in text_of(app, "#profile-notice"))
        assert text_of(app, "#profile-notice") == "Cannot load your profile: Figures are locked"
        assert app.screen.query_one("#profile-notice").has_class("error")
        await pilot.press("4")
        await wait_for(pilot, lambda: "Figures are locked" in text_of(app, "#analytics-notice"))
        assert app.is_running
