"""The message log alone: laying out only what changed draws what a full layout draws, and
the view keeps to the newest message, or to what was on screen when older ones came in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.app import App, ComposeResult
from textual.pilot import Pilot

from talenttui.tui.chat import ChatMessage
from talenttui.tui.widgets.message_log import MessageLog

NAMES = {"her": "Jane Doe"}


def message(n: int, day: int = 1) -> ChatMessage:
    return ChatMessage(
        key=f"msg_{n:04d}",
        sender_id="me" if n % 2 else "her",
        text=f"message {n} " + "with words to wrap " * (n % 4),
        created_at=f"2026-03-{day:02d}T10:{n % 60:02d}:00Z",
        state="delivered" if n % 2 else "",
    )


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MessageLog()


async def test_appending_and_changing_a_state_match_a_full_layout() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(MessageLog)
        messages = [message(n, day=1 + n // 30) for n in range(100)]
        log.show(messages, NAMES, "me")
        messages.append(message(100, day=9))
        messages[99] = ChatMessage(**{**messages[99].__dict__, "state": "read"})
        log.show(messages, NAMES, "me")
        incremental = log.plain_lines()
        log.toggle_expanded()
        log.toggle_expanded()  # lays out everything again
        assert incremental == log.plain_lines()
        assert "✓✓ read" in incremental[-6] + incremental[-5] + incremental[-4]
        assert sum("─" in line and "2026" in line for line in incremental) == 5
        await pilot.pause()
        assert log.scroll_y == log.max_scroll_y, "at the newest message"


async def test_older_messages_in_front_keep_the_view_where_it_was() -> None:
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(MessageLog)
        newer = [message(n) for n in range(50, 100)]
        log.show(newer, NAMES, "me")
        await pilot.pause()
        log.scroll_to(y=3, animate=False, immediate=True)
        top = log.plain_lines()[3]
        log.show([message(n) for n in range(50)] + newer, NAMES, "me")
        await pilot.pause()
        assert log.plain_lines()[int(log.scroll_y)] == top


async def test_lines_fit_beside_the_scrollbar_however_it_came() -> None:
    """Lines were laid out for the width without the scrollbar, which then took a column
    (no Resize comes for that): the last cell of the widest lines was cut off until the
    next message laid everything out again."""
    from rich.cells import cell_len

    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(MessageLog)
        for messages in (
            [message(n) for n in range(100)],
            [message(0)],
            [message(n) for n in range(6)],
        ):
            log.show(messages, NAMES, "me")
            await pilot.pause()
            await pilot.pause()
            width = log.scrollable_content_region.width
            widths = [cell_len(line) for line in log.plain_lines()]
            assert max(widths) == width, (log.show_vertical_scrollbar, max(widths), width)


@asynccontextmanager
async def log_of(count: int) -> AsyncIterator[tuple[Pilot[None], MessageLog, list[ChatMessage]]]:
    """A 60x20 app whose log shows ``count`` messages (the list, to add to)."""
    app = LogApp()
    async with app.run_test(size=(60, 20)) as pilot:
        log = app.query_one(MessageLog)
        messages = [message(n) for n in range(count)]
        log.show(messages, NAMES, "me")
        await pilot.pause()
        yield pilot, log, messages


def in_view(log: MessageLog) -> list[str]:
    """The laid-out lines the view is scrolled to."""
    top = int(log.scroll_y)
    lines = log.plain_lines()[top : top + log.scrollable_content_region.height]
    return [line.rstrip() for line in lines]


def drawn(log: MessageLog) -> list[str]:
    """What the view draws, line by line (its strips, which it keeps between frames)."""
    height = log.scrollable_content_region.height
    return ["".join(s.text for s in log.render_line(y)).rstrip() for y in range(height)]


async def test_an_arrival_follows_at_the_bottom_and_not_when_scrolled_up() -> None:
    """The scrollbar takes the new extent in the same update as the lines (no layout of
    the screen in between); at the bottom the view moves to the newest message, scrolled
    up it stays where the person put it."""
    async with log_of(60) as (pilot, log, messages):
        messages.append(message(60))
        log.show(messages, NAMES, "me")
        assert log.vertical_scrollbar.window_virtual_size == log.line_count
        assert log.scroll_y == log.max_scroll_y
        await pilot.pause()
        assert any("message 60" in line for line in in_view(log)[-3:]), "the newest in view"

        log.scroll_to(y=5, animate=False, immediate=True)
        await pilot.pause()
        top = log.plain_lines()[5]
        messages.append(message(61))
        log.show(messages, NAMES, "me")
        assert log.vertical_scrollbar.window_virtual_size == log.line_count
        await pilot.pause()
        assert log.scroll_y == 5
        assert log.plain_lines()[int(log.scroll_y)] == top


async def test_kept_strips_follow_a_state_change_an_arrival_and_a_resize() -> None:
    async with log_of(40) as (pilot, log, messages):
        assert drawn(log) == in_view(log)
        messages[39] = ChatMessage(**{**messages[39].__dict__, "state": "read"})
        log.show(messages, NAMES, "me")
        await pilot.pause()
        assert any("✓✓ read" in line for line in drawn(log))
        assert drawn(log) == in_view(log)
        messages.append(message(40))
        log.show(messages, NAMES, "me")
        await pilot.pause()
        assert drawn(log) == in_view(log)
        await pilot.resize_terminal(44, 20)
        await pilot.pause()
        assert drawn(log) == in_view(log)
        assert max(len(line) for line in drawn(log)) <= log.scrollable_content_region.width
