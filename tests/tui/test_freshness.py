"""The screen tells the truth about freshness: a hung server reads offline, a server back
reads online, the visible tab refetches, a restart offline shows what was queued, an open
conversation catches up, and undoing an accept says what cannot be undone."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.conftest import Live
from tests.process_server import ProcessServer
from tests.tui.conftest import (
    JANE,
    SARAH,
    app_for,
    jane_messages_sarah,
    sign_in,
    wait_for,
)
from tests.tui.feed_helpers import (
    first_new,
    janes_own_demo,
    press_on,
    triaged_in_an_earlier_run,
)
from tests.tui.test_feed import feed_loaded, feed_of, rows_of, server_status, writes_done
from tests.tui.test_panes import open_first_conversation

from talenttui.api.endpoints.messages import get_conversation
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.widgets.message_log import MessageLog


@pytest.fixture
def hangable(tmp_path: Path) -> Iterator[ProcessServer]:
    server = ProcessServer(tmp_path / "server")
    yield server
    server.close()


def notices(app: TalentApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


def counters(app: TalentApp) -> str:
    return str(app.screen.query_one("#feed-counters").render())


async def test_a_hung_server_reads_offline_and_back_online_and_the_queue_is_sent(
    hangable: ProcessServer,
) -> None:
    """kill -STOP: offline within seconds (it stayed "online" for 30 s); kill -CONT: online
    at once (it took 18-20 s). The bounds below are generous; bench/bench_freshness.py
    measures the figures."""
    await sign_in(hangable, JANE)  # type: ignore[arg-type]
    app = app_for(hangable)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        await wait_for(pilot, lambda: app.connection == "online")
        hangable.hang()
        await wait_for(pilot, lambda: app.connection == "offline", timeout=10)
        target = first_new(app)
        await press_on(pilot, app, target, "s")
        assert app.queued == 1, "the outbox's count, at once"
        assert (current := rows_of(app).current) is not None and current.id != target.id
        assert rows_of(app).matches[rows_of(app).index_of(target.id) or 0].status == "saved"
        hangable.resume()
        await wait_for(pilot, lambda: app.connection == "online", timeout=5)
        await wait_for(pilot, lambda: app.queued == 0 and feed_of(app).idle, timeout=20)
    assert server_status(hangable, app, target.id) == "saved"  # type: ignore[arg-type]


async def test_a_restart_offline_shows_queued_actions_and_the_banner_goes_when_back(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    live = await janes_own_demo(start_server, tmp_path)
    first = app_for(live)
    async with first.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, first, 10)
        rows = list(rows_of(first).matches)
    live.server.stop()
    rejected, saved = [m for m in rows if m.status == "new"][:2]
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 10)
        await wait_for(pilot, lambda: feed_of(app).source == "offline")
        for match, key in ((rejected, "r"), (saved, "s")):
            await press_on(pilot, app, match, key)
        assert app.queued == 2
    again = app_for(live)  # a restart, still offline
    async with again.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, again, 10)
        await wait_for(pilot, lambda: "offline, from" in counters(again))
        shown = {m.id: m.status for m in rows_of(again).matches}
        assert (shown[rejected.id], shown[saved.id]) == ("rejected", "saved")
        feed = feed_of(again)
        assert sum(feed.counts.values()) == feed.total
        assert feed.counts["rejected"] == 1
        live.restart()
        await wait_for(pilot, lambda: again.queued == 0, timeout=30)
        await wait_for(pilot, lambda: any("that waited in the outbox" in n for n in notices(again)))
        # refetched once the writes landed: the rejected match leaves the default view
        await wait_for(pilot, lambda: rows_of(again).index_of(rejected.id) is None)
        assert feed_of(again).source == "network" and "offline" not in counters(again)
        assert server_status(live, again, rejected.id) == "rejected"
        assert server_status(live, again, saved.id) == "saved"


async def test_a_restart_offline_after_the_actions_landed_still_shows_them(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    """The cached page predates the actions, which reached the server: drawn as made."""
    live = await janes_own_demo(start_server, tmp_path)
    target = await triaged_in_an_earlier_run(live, "r")
    live.server.stop()
    again = app_for(live)
    async with again.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, again, 10)
        await wait_for(pilot, lambda: "offline, from" in counters(again))
        index = rows_of(again).index_of(target.id)
        assert index is not None and rows_of(again).matches[index].status == "rejected"
        assert again.queued == 0
        feed = feed_of(again)
        assert feed.counts["rejected"] == 1 and sum(feed.counts.values()) == feed.total


async def test_an_open_conversation_catches_up_when_its_tab_is_shown_again(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_first_conversation(pilot, app)
        log = pane.query_one(MessageLog)
        await wait_for(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
        await pilot.press("1")
        text = "Are you free on Friday? (sent while the tab was away)"
        await jane_messages_sarah(demo_server, text)
        await wait_for(pilot, lambda: any("Friday" in n for n in notices(app)))
        thread = pane.view.thread
        assert thread is not None
        await wait_for(pilot, lambda: thread.messages[-1].text == text)  # live, tab away
        await wait_for(pilot, lambda: pane.conversations[0].unread_count == 1)  # not read yet
        await pilot.press("2")
        await wait_for(pilot, lambda: pane.conversations[0].unread_count == 0)
        await wait_for(pilot, lambda: f"  {text}" in log.plain_lines())
        assert log.plain_lines().count(f"  {text}") == 1
        assert app.screen.query_one(ConversationsPane).open_id == pane.open_id


async def test_undoing_an_accept_says_the_first_message_was_delivered(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 5)
        target = first_new(app)
        await press_on(pilot, app, target, "a")
        await wait_for(pilot, lambda: bool(app.screen.query("#accept-message")))
        await pilot.press(*"Glad to meet you", "enter")
        await writes_done(pilot, app)
        await pilot.press("u")
        await writes_done(pilot, app)
        assert any("first message was already delivered" in text for text in notices(app))
        assert server_status(demo_server, app, target.id) == "new"
        client = await app.client()
        conversation = await _conversation_with(app, target.user_id)
        page = await client.send(get_conversation(conversation, limit=50))
        assert [m.message for m in page.messages].count("Glad to meet you") == 1


async def _conversation_with(app: TalentApp, user_id: str | None) -> str:
    from talenttui.api.endpoints.messages import list_conversations

    client = await app.client()
    page = await client.send(list_conversations(limit=100))
    for conversation in page.conversations:
        if user_id in {p.id for p in conversation.participants}:
            return conversation.id
    raise AssertionError("no conversation with the accepted match")
