"""Two people chatting: Sarah's app and Jane's app (each with its own home: config, data,
cache, outbox) against one real demo server, in one test."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.server.skillsync_people import db
from tests.tui.conftest import JANE, SARAH, demo_settings, sign_in, wait_for
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static

from talenttui.api.config import ClientConfig
from talenttui.paths import Paths
from talenttui.server.models import User
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.widgets.match_list import MatchList
from talenttui.tui.widgets.message_log import MessageLog

JANE_ID = "user_456"
SARAH_ID = "user_123"


async def signed_in_app(live: Live, email: str, home: Path) -> TalentApp:
    """An app with a home of its own (config, data, cache, outbox), its user signed in."""
    paths = Paths(home / "config", home / "data", home / "cache")
    await sign_in(live, email, paths=paths)
    return TalentApp(ClientConfig.load(server=live.url, paths=paths))


async def sarah_and_jane(live: Live, home: Path) -> tuple[TalentApp, TalentApp]:
    """The two demo people's apps, each with a home of its own under ``home``."""
    return (
        await signed_in_app(live, SARAH, home / "sarah"),
        await signed_in_app(live, JANE, home / "jane"),
    )


@pytest.fixture
def chat_server(tmp_path: Path) -> Iterator[Live]:
    """A demo server of the test's own: these tests stop and restart it."""
    live = Live(demo_settings(tmp_path / "server"))
    yield live
    live.close()


async def open_chat(pilot: Pilot[None]) -> ConversationsPane:
    """Messages tab, the conversation between Sarah and Jane open, the composer focused."""
    app = pilot.app
    await wait_for(pilot, lambda: getattr(app, "connection", "") == "online")
    await pilot.press("2")
    pane = app.screen.query_one(ConversationsPane)
    await wait_for(pilot, lambda: bool(pane.conversations))
    await pilot.press("j", "enter")
    await wait_for(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
    await wait_for(pilot, lambda: pane.view.composer.has_focus)
    return pane


def shown(pilot: Pilot[None]) -> list[str]:
    return pilot.app.screen.query_one(MessageLog).plain_lines()


def head_of(pilot: Pilot[None], text: str) -> Callable[[], str]:
    """The header line (sender, time, state) of the message whose first line is ``text``."""

    def head() -> str:
        lines = shown(pilot)
        at = lines.index(f"  {text}")
        return lines[at - 1]

    return head


def server_messages(live: Live, auth: dict[str, str] | None = None) -> list[str]:
    """What the server holds of the conversation, oldest first (as Jane reads it; ``auth``:
    her headers when polling, which would spend the login's limits)."""
    auth = auth or {"Authorization": f"Bearer {login(live.client, JANE)['token']}"}
    listed = live.client.get("/v1/messages/conversations", headers=auth).json()["data"]
    [conv] = [
        c for c in listed["conversations"] if SARAH_ID in {p["id"] for p in c["participants"]}
    ]
    thread = live.client.get(
        f"/v1/messages/conversations/{conv['id']}", params={"limit": 100}, headers=auth
    ).json()["data"]
    return [m["message"] for m in thread["messages"]]


async def test_typed_in_one_app_it_appears_in_the_other_with_typing_and_read(
    tmp_path: Path, chat_server: Live
) -> None:
    """The message crosses, "… is typing" crosses first, and Sarah sees Jane read it."""
    live = chat_server
    sarah, jane = await sarah_and_jane(live, tmp_path)
    async with sarah.run_test(size=(120, 40)) as sp, jane.run_test(size=(120, 40)) as jp:
        await open_chat(sp)
        await open_chat(jp)
        await sp.press(*"See you Thursday")
        typing = jp.app.screen.query_one("#typing-line", Static)
        await wait_for(jp, lambda: "Sarah Johnson is typing…" in str(typing.render()))
        await sp.press("ctrl+j", *"[bold]at 10[/]", "enter")
        await wait_for(jp, lambda: "  See you Thursday" in shown(jp))
        assert shown(jp)[shown(jp).index("  See you Thursday") + 1] == "  [bold]at 10[/]"
        await wait_for(jp, lambda: str(typing.render()) == "")
        # Jane has the conversation open and in view: she read it, and Sarah sees that.
        await wait_for(sp, lambda: "✓✓ read" in head_of(sp, "See you Thursday")())
        assert server_messages(live)[-1] == "See you Thursday\n[bold]at 10[/]"


async def test_twenty_messages_written_offline_arrive_once_in_order(
    tmp_path: Path, chat_server: Live
) -> None:
    live = chat_server
    before = server_messages(live)
    sarah = await signed_in_app(live, SARAH, tmp_path / "sarah")
    async with sarah.run_test(size=(120, 40)) as pilot:
        await open_chat(pilot)
        live.server.stop()
        texts = [f"offline {n:02d}" for n in range(20)]
        for text in texts:
            await pilot.press(*text, "enter")
        await wait_for(pilot, lambda: "◷ queued (offline)" in head_of(pilot, texts[-1])())
        assert all("queued" in head_of(pilot, t)() for t in texts)
        live.restart()
        await wait_for(
            pilot,
            lambda: all("✓" in head_of(pilot, t)() for t in texts),
            timeout=30,
        )
        assert sarah.queued == 0
    assert server_messages(live) == before + texts


async def test_the_server_killed_mid_send_then_back_the_message_lands_once(
    tmp_path: Path, chat_server: Live
) -> None:
    """Stopped the moment enter is pressed: whether the send reached it or not, after the
    restart the server holds the message exactly once (the outbox resends the same key)."""
    live = chat_server
    before = server_messages(live)
    sarah = await signed_in_app(live, SARAH, tmp_path / "sarah")
    async with sarah.run_test(size=(120, 40)) as pilot:
        await open_chat(pilot)
        await pilot.press(*"sent as the server went down", "enter")
        live.server.stop()
        live.restart()
        await wait_for(
            pilot,
            lambda: "✓" in head_of(pilot, "sent as the server went down")(),
            timeout=30,
        )
    assert server_messages(live) == [*before, "sent as the server went down"]


async def test_a_conversation_started_from_the_feed_shows_at_the_top_for_both(
    tmp_path: Path, chat_server: Live
) -> None:
    """Jane presses m on a match she has not talked to and writes; the candidate's list
    gets the new conversation live (``conversation.started``), with the message."""
    live = chat_server
    jane = await signed_in_app(live, JANE, tmp_path / "jane")
    async with jane.run_test(size=(120, 40)) as jp:
        await wait_for(jp, lambda: jane.connection == "online")
        pane = jane.screen.query_one(ConversationsPane)
        await wait_for(jp, lambda: bool(pane.conversations))
        talking = {p.id for c in pane.conversations for p in c.participants}
        feed = jane.screen.query_one(MatchList)
        await wait_for(jp, lambda: bool(feed.matches))
        index, match = next((i, m) for i, m in enumerate(feed.matches) if m.user_id not in talking)
        with db(live) as session:
            email = session.scalars(select(User.email).where(User.public_id == match.user_id)).one()
        other = await signed_in_app(live, email, tmp_path / "other")
        async with other.run_test(size=(120, 40)) as op:
            await wait_for(op, lambda: other.connection == "online")
            theirs = other.screen.query_one(ConversationsPane)
            notice = theirs.query_one("#conversations-notice", Static)
            await wait_for(  # the list's first load: some conversations, or none
                op, lambda: bool(theirs.conversations) or "No conv" in str(notice.render())
            )
            before = [c.id for c in theirs.conversations]
            await jp.press(*["j"] * index, "m")
            await wait_for(jp, lambda: pane.view.composer.has_focus)
            await jp.press(*"hello from the feed", "enter")
            await wait_for(jp, lambda: pane.open_id is not None)
            await wait_for(op, lambda: [c.id for c in theirs.conversations][1:] == before)
            top = theirs.conversations[0]
            assert top.id == pane.open_id
            assert (
                top.last_message is not None and top.last_message.message == "hello from the feed"
            )
            assert top.unread_count == 1


async def test_enter_then_quit_at_once_loses_nothing(tmp_path: Path, chat_server: Live) -> None:
    """Enter and ctrl+q in one burst (as a terminal delivers them when typed fast): quit is a
    priority key, handled before the composer's enter; the message must still be stored, and
    it reaches the server once, now or when the app is next started."""
    live = chat_server
    before = server_messages(live)
    sarah = await signed_in_app(live, SARAH, tmp_path / "sarah")
    async with sarah.run_test(size=(120, 40)) as pilot:
        await open_chat(pilot)
        await pilot.press(*"typed just before quitting")
        sarah.post_message(events.Key("enter", "\r"))
        sarah.post_message(events.Key("ctrl+q", None))
        while sarah.is_running:  # the quit itself, not the test's end, closes the app
            await asyncio.sleep(0.01)
    home = tmp_path / "sarah"
    again = TalentApp(
        ClientConfig.load(
            server=live.url, paths=Paths(home / "config", home / "data", home / "cache")
        )
    )
    async with again.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: again.connection == "online")
        jane = {"Authorization": f"Bearer {login(live.client, JANE)['token']}"}
        for _ in range(60):  # the outbox may send it a moment after the start
            if server_messages(live, jane) != before:
                break
            await pilot.pause(0.5)
        await pilot.pause(1.0)  # and nothing more after it
    assert server_messages(live) == [*before, "typed just before quitting"]
