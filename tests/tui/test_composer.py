"""The composer's keys, its limit, a refused send, ``m`` from the feed, find and unread-only,
end to end against a real demo server."""

from __future__ import annotations

import httpx
from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.tui.conftest import (
    JANE,
    SARAH,
    app_for,
    app_refusing,
    jane_messages_sarah,
    sign_in,
    wait_for,
)
from tests.tui.test_chat import head_of, open_chat, shown
from textual.widgets import OptionList, TabbedContent

from talenttui.api.models.messages import MAX_MESSAGE_CHARS
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.widgets.match_list import MatchList
from talenttui.tui.widgets.status_bar import StatusBar

JANE_ID = "user_456"


async def test_composer_keys_newline_up_escape_and_enter(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_chat(pilot)
        composer = pane.view.composer
        lines = list(shown(pilot))
        await pilot.press("up")
        assert composer.text == "" and shown(pilot) == lines, "up in an empty composer: nothing"
        await pilot.press("a", "ctrl+j", "b")
        assert composer.text == "a\nb"
        await pilot.press("shift+enter", "c")  # where the terminal reports it (kitty, foot)
        assert composer.text == "a\nb\nc", "shift+enter is a new line, not a send"
        await pilot.press("escape")
        assert app.screen.query_one("#conversation-list", OptionList).has_focus
        assert composer.text == "a\nb\nc", "the draft stays"
        await pilot.press("enter")
        await wait_for(pilot, lambda: composer.has_focus)


async def test_a_message_over_the_limit_is_said_before_sending(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        pane = await open_chat(pilot)
        composer = pane.view.composer
        assert f"0/{MAX_MESSAGE_CHARS:,}" in str(composer.border_subtitle)
        composer.load_text("x" * (MAX_MESSAGE_CHARS + 1))
        await pilot.pause()
        assert "1 too many" in str(composer.border_subtitle)
        assert composer.has_class("too-long")
        before = pane.view.thread.messages if pane.view.thread else []
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert pane.view.thread is not None and pane.view.thread.messages == before
        assert len(composer.text) == MAX_MESSAGE_CHARS + 1, "nothing sent, nothing lost"
        assert app.queued == 0


async def test_a_refused_send_shows_the_reason_and_can_be_discarded(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    refusal = httpx.Response(
        422,
        json={
            "success": False,
            "error": {"code": "VALIDATION_ERROR", "message": "Nope, not today"},
        },
    )
    app = app_refusing(demo_server, {"/v1/messages": refusal})
    async with app.run_test(size=(120, 30)) as pilot:
        await open_chat(pilot)
        await pilot.press(*"refused one", "enter")
        await wait_for(
            pilot, lambda: "✗ not sent: Nope, not today" in head_of(pilot, "refused one")()
        )
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: "✗ not sent" in head_of(pilot, "refused one")())
        assert shown(pilot).count("  refused one") == 1
        await pilot.press("ctrl+g")
        await wait_for(pilot, lambda: "  refused one" not in shown(pilot))


async def test_m_on_a_match_opens_the_conversation_with_that_person(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        feed = app.screen.query_one(MatchList)
        await wait_for(pilot, lambda: any(m.user_id == JANE_ID for m in feed.matches))
        index = next(i for i, m in enumerate(feed.matches) if m.user_id == JANE_ID)
        await pilot.press(*["j"] * index, "m")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: pane.view.composer.has_focus)
        assert pane.view.person is not None and pane.view.person.id == JANE_ID
        [existing] = [c for c in pane.conversations if JANE_ID in {p.id for p in c.participants}]
        assert pane.open_id == existing.id, "the conversation there is reused"
        await pilot.press(*"from the feed", "enter")
        await wait_for(pilot, lambda: "✓" in head_of(pilot, "from the feed")())
        assert pane.open_id == existing.id


async def test_find_by_name_and_unread_only(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("2")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        everyone = len(pane.conversations)
        await pilot.press("slash", *"nobody-called-this", "enter")
        await wait_for(pilot, lambda: pane.conversations == [])
        await pilot.press("slash", *["backspace"] * 30, *"acme", "enter")
        await wait_for(pilot, lambda: len(pane.conversations) == 1)
        assert "Acme" in pane.conversations[0].participants[0].name + "".join(
            p.name for p in pane.conversations[0].participants
        )
        await pilot.press("slash", *["backspace"] * 30, "enter")
        await wait_for(pilot, lambda: len(pane.conversations) == everyone)
        await pilot.press("u")
        await wait_for(
            pilot, lambda: "unread only" in str(pane.query_one("#conversations-notice").render())
        )
        assert all(c.unread_count for c in pane.conversations)
        await jane_messages_sarah(demo_server, "unread again")
        await wait_for(pilot, lambda: len(pane.conversations) == 1)
        assert pane.conversations[0].unread_count >= 1
        await pilot.press("u")
        await wait_for(pilot, lambda: len(pane.conversations) == everyone)


async def test_a_long_message_is_folded_until_ctrl_o(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    long = "\n".join(f"row {n} \u202e [b]x[/b]\x1b[2J" for n in range(300))
    async with app.run_test(size=(100, 30)) as pilot:
        await open_chat(pilot)
        await jane_messages_sarah(demo_server, long)
        await wait_for(pilot, lambda: "  row 0 <U+202E> [b]x[/b]^[[2J" in shown(pilot))
        assert "  … 292 more lines (ctrl+o shows all)" in shown(pilot)
        assert "  row 8 <U+202E> [b]x[/b]^[[2J" not in shown(pilot)
        await pilot.press("ctrl+o")
        assert "  row 299 <U+202E> [b]x[/b]^[[2J" in shown(pilot)
        await pilot.press("ctrl+o")
        assert "  row 299 <U+202E> [b]x[/b]^[[2J" not in shown(pilot)


async def test_a_fresh_load_shows_what_the_other_person_has_read(demo_server: Live) -> None:
    """The read mark comes with the page, not only with the live ``message.read``."""
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_chat(pilot)
        await pilot.press(*"read me later", "enter")
        await wait_for(pilot, lambda: "✓ delivered" in head_of(pilot, "read me later")())
    jane = login(demo_server.client, JANE)
    auth = {"Authorization": f"Bearer {jane['token']}"}
    listed = demo_server.client.get("/v1/messages/conversations", headers=auth).json()["data"]
    for conv in listed["conversations"]:
        demo_server.client.get(f"/v1/messages/conversations/{conv['id']}", headers=auth)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        await open_chat(pilot)
        await wait_for(pilot, lambda: "✓✓ read" in head_of(pilot, "read me later")())


async def test_m_on_a_match_with_no_conversation_starts_one_at_the_top(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection == "online")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        talking = {p.id for c in pane.conversations for p in c.participants}
        feed = app.screen.query_one(MatchList)
        await wait_for(pilot, lambda: bool(feed.matches))
        index, match = next((i, m) for i, m in enumerate(feed.matches) if m.user_id not in talking)
        await pilot.press(*["j"] * index, "m")
        await wait_for(pilot, lambda: pane.view.composer.has_focus)
        assert pane.open_id is None and "No messages yet" in "".join(shown(pilot))
        await pilot.press(*"a first hello", "enter")
        await wait_for(pilot, lambda: "✓" in head_of(pilot, "a first hello")())
        await wait_for(pilot, lambda: pane.open_id is not None)
        await wait_for(pilot, lambda: pane.conversations[0].id == pane.open_id)
        top = pane.conversations[0]
        assert match.user_id in {p.id for p in top.participants}
        assert top.match_id == match.id


async def test_unread_counts_and_notices_follow_messages_on_any_tab(demo_server: Live) -> None:
    """On the feed: the tab's label and the status bar count it, a notice names the sender
    and the bell rings (``[ui] bell``); while reading that conversation: no notice."""
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    app.preferences.bell = True
    rings: list[None] = []
    app.bell = lambda: rings.append(None)  # type: ignore[method-assign]
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.connection == "online")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        unread = sum(c.unread_count for c in pane.conversations)
        tab = app.screen.query_one(TabbedContent).get_tab("tab-messages")
        await jane_messages_sarah(demo_server, "ping [b]from[/b] Jane")
        await wait_for(pilot, lambda: str(tab.label) == f"Messages ({unread + 1})")
        assert f"{unread + 1} unread" in str(app.screen.query_one(StatusBar).render())
        notices = [n for n in app._notifications if n.message == "ping [b]from[/b] Jane"]
        assert [n.title for n in notices] == ["New message from Acme Corp"]
        assert len(rings) == 1
        await open_chat(pilot)
        await wait_for(pilot, lambda: str(tab.label) == "Messages")
        await jane_messages_sarah(demo_server, "pong while reading")
        await wait_for(pilot, lambda: "  pong while reading" in shown(pilot))
        await pilot.pause(0.3)
        assert not [n for n in app._notifications if n.message == "pong while reading"]
        assert len(rings) == 1
        await wait_for(pilot, lambda: str(tab.label) == "Messages")


async def test_moving_up_past_the_top_loads_older_pages_without_a_jump(
    demo_server: Live,
) -> None:
    jane = login(demo_server.client, JANE)
    auth = {"Authorization": f"Bearer {jane['token']}"}
    for n in range(70):
        sent = demo_server.client.post(
            "/v1/messages",
            json={"recipient_id": "user_123", "message": f"history {n:02d}"},
            headers=auth,
        )
        assert sent.status_code == 201, sent.text
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 30)) as pilot:
        pane = await open_chat(pilot)
        thread = pane.view.thread
        assert thread is not None and len(thread.messages) == 50 and thread.older
        log = pane.view.messages
        for _ in range(100):
            if log.scroll_y == 0:
                break
            await pilot.press("pageup")
        top = log.plain_lines()[0]
        await wait_for(pilot, lambda: len(thread.messages) > 50)
        assert log.plain_lines()[int(log.scroll_y)] == top, "the view stays where it was"
        for _ in range(200):
            if not thread.older:
                break
            await pilot.press("ctrl+up")
            await pilot.pause(0.05)
        assert thread.older is None, "every page loaded"
        texts = [m.text for m in thread.messages]
        assert texts[-70:] == [f"history {n:02d}" for n in range(70)]
        assert len(texts) == len({m.key for m in thread.messages}), "no message twice"


async def test_the_composer_keeps_focus_after_opening_reads_the_conversation(
    demo_server: Live,
) -> None:
    """Enter on the list just shown (nothing highlighted yet) did nothing, and the words
    typed next went to the list's keys (``u`` toggled unread-only). It opens the first
    conversation, which reads it, and the composer keeps the keys."""
    await jane_messages_sarah(demo_server, "Are you free on Thursday?")
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: getattr(app, "connection", "") == "online")
        await pilot.press("2")
        pane = app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        assert any(c.unread_count for c in pane.conversations)
        await pilot.press("enter")
        await wait_for(pilot, lambda: not any(c.unread_count for c in pane.conversations))
        await pilot.pause(1)
        assert pane.view.composer.has_focus, app.screen.focused
        await pilot.press(*"Thursday works")
        assert pane.view.composer.text == "Thursday works"
