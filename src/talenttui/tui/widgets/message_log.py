"""A conversation's messages, drawn with the line API: 10,000 messages scroll like 40.

Each message is laid out once per width (a header line: sender, time, the state of a
send; then its text wrapped), and only the visible lines become ``Strip`` s. A day
separator goes before the first message of each day. A very long message is folded to
its first lines until the person expands it. Text is the server's or the person's, drawn
as plain segments, never markup; control and invisible characters were already made
visible (``api/sanitize.py``).

The view sticks to the newest message while it is at the bottom, and older messages put
in front (a page loaded from above) do not move what is on screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from talenttui.tui import wallclock
from talenttui.tui.chat import ChatMessage

FOLD_AFTER = 12
"""A message longer than this many lines is folded..."""
FOLD_SHOWN = 8
"""...to this many, with a line saying how many more there are."""
INDENT = "  "
STRIPS_KEPT = 2_000
"""Drawn lines kept (about 50 screens of a tall terminal)."""
_STATE_TEXT = {
    "sending": "… sending",
    "queued": "◷ queued (offline)",
    "delivered": "✓ delivered",
    "read": "✓✓ read",
}

Piece = tuple[str, str]
"""Text and the component class it is drawn in."""
Line = tuple[Piece, ...]


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces where it can be."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.expandtabs(4).split("\n"):
        if (len(paragraph) if paragraph.isascii() else cell_len(paragraph)) <= width:
            lines.append(paragraph)
            continue
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while cell_len(word) > width:
                head = set_cell_size(word, width)
                lines.append(head)
                word = word[len(head) :]
            line = word
        lines.append(line)
    return lines


def _day(when: date | None, today: date) -> str:
    if when is None:
        return ""
    if when == today:
        return "Today"
    if (today - when).days == 1:
        return "Yesterday"
    return f"{when:%a} {when.day} {when:%b %Y}"


@lru_cache(maxsize=65_536)
def _local(stamp: str | None) -> datetime | None:
    """Parsed once per time: a layout of 10,000 messages reads each one's every time."""
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return None


def _clock(stamp: str | None) -> str:
    when = _local(stamp)
    return f"{when:%H:%M}" if when else ""


def _unchanged(old: Sequence[ChatMessage], new: Sequence[ChatMessage]) -> int:
    """How many messages at the front are the very same objects (laid out already)."""
    count = min(len(old), len(new))
    for index in range(count):
        if old[index] is not new[index]:
            return index
    return count


class MessageLog(ScrollView, can_focus=False):
    COMPONENT_CLASSES = {
        "message-log--name",
        "message-log--mine",
        "message-log--time",
        "message-log--day",
        "message-log--state",
        "message-log--failed",
        "message-log--note",
    }
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")

    class NearTop(Message):
        """The view reached the oldest loaded message: time for the page before it."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._messages: Sequence[ChatMessage] = ()
        self._names: dict[str, str] = {}
        self._me: str | None = None
        self._note = ""
        self._expanded = False
        self._blocks: dict[tuple[str, int, bool], tuple[ChatMessage, list[Line]]] = {}
        self._lines: list[Line] = []
        self._starts: list[int] = []
        """The first line of each message (its day separator, if it has one)."""
        self._dates: list[date | None] = []
        """The day shown by the last separator up to each message."""
        self._body_end = 0
        """Where the note's lines start."""
        self._width = -1
        self._styles: dict[str, Style] = {}
        self._strips: dict[int, Strip] = {}
        """Each drawn line by its index, as long as the line, the width and the styles are
        the same: a message arriving scrolls the view a few lines, and the lines still on
        screen are not drawn again (nor are those a page key comes back to)."""
        self._stick = True
        """At the newest message: new lines, and a change of size, keep it in view."""

    @property
    def expanded(self) -> bool:
        return self._expanded

    @property
    def line_count(self) -> int:
        return len(self._lines)

    def plain_lines(self) -> list[str]:
        """Every line as text, top to bottom: what the view draws, without its styles."""
        return ["".join(text for text, _ in line) for line in self._lines]

    def show(
        self,
        messages: Sequence[ChatMessage],
        names: dict[str, str],
        me: str | None,
        *,
        note: str = "",
    ) -> None:
        """Draw these messages; a view at the bottom stays there, one scrolled up keeps its
        place (also when older messages came in front)."""
        first_before = self._messages[0].key if self._messages else None
        before = len(self._lines)
        start = _unchanged(self._messages, messages)
        if note != self._note or names != self._names or me != self._me:
            start = 0
        self._messages, self._names, self._me, self._note = list(messages), dict(names), me, note
        if first_before is None:
            self._stick = True
        self._layout(start)
        if not self._stick and messages and messages[0].key != first_before:
            grown = len(self._lines) - before
            self.scroll_to(y=self.scroll_y + grown, animate=False, immediate=True, force=True)

    def toggle_expanded(self) -> None:
        self._expanded = not self._expanded
        self._layout(0)

    def scroll_page(self, step: int) -> None:
        """ctrl+up / pgup from the composer: a page of history; past the top, the page before."""
        height = max(1, self.scrollable_content_region.height - 1)
        if step < 0 and self.scroll_y <= 0:
            self.post_message(self.NearTop())
        self.scroll_to(y=self.scroll_y + step * height, animate=False, immediate=True, force=True)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._stick = new >= self.max_scroll_y
        if new <= 0 and old > 0:
            self.post_message(self.NearTop())

    # -- layout --------------------------------------------------------------------------

    def on_resize(self) -> None:
        if self._text_width() != self._width:
            self._layout(0)
        elif self._stick:
            self._to_end()

    def watch_show_vertical_scrollbar(self) -> None:
        """The scrollbar took its column, or gave it back: no Resize comes (the widget's
        size is the same), and lines laid out a column too wide would lose their last."""
        self.call_after_refresh(self.on_resize)

    def _text_width(self) -> int:
        """The width lines are laid out for. Once the messages cannot all fit (each takes
        two lines at least), the scrollbar's column is left out before it shows, so its
        appearing does not lay out 10,000 messages a second time."""
        region = self.scrollable_content_region
        if self.show_vertical_scrollbar or 2 * len(self._messages) <= region.height:
            return region.width
        return region.width - self.styles.scrollbar_size_vertical

    def _to_end(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False, immediate=True, force=True)
        self._stick = True

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._strips.clear()

    def _layout(self, start: int = 0) -> None:
        """Lines for the messages from ``start`` on (those before are as they were laid
        out: a new message at the end costs its own lines, not 10,000 messages')."""
        width = self._text_width()
        if width <= 0:  # hidden (its tab is away): laid out when it is shown
            self._width = -1
            return
        if width != self._width:
            start = 0
            self._strips.clear()
        self._width = width
        start = min(start, len(self._starts))
        lines = self._lines
        kept = self._starts[start] if start < len(self._starts) else self._body_end
        del lines[kept:]
        self._forget_strips(kept)
        del self._starts[start:], self._dates[start:]
        today = wallclock.now().astimezone().date()
        shown = self._dates[start - 1] if start else None
        for message in self._messages[start:]:
            self._starts.append(len(lines))
            when = _local(message.created_at)
            if when is not None and when.date() != shown:
                shown = when.date()
                label = f" {_day(shown, today)} ".center(max(1, width), "─")
                lines.append(((label, "message-log--day"),))
            lines.extend(self._block(message, width))
            self._dates.append(shown)
        self._body_end = len(lines)
        if self._note:
            lines.extend(((text, "message-log--note"),) for text in wrap(self._note, width))
        self._set_virtual_size(Size(width, max(1, len(lines))))
        self.refresh()
        if self._stick:
            self._to_end()

    def _set_virtual_size(self, size: Size) -> None:
        """The lines' extent. While the scrollbar shows and still will, without a layout of
        the screen: the log's size is its container's, whatever its lines, so only the
        scrollbar follows, in the same frame as the lines (set as a reactive, it laid out
        the screen, and the scrollbar was repainted in a frame of its own after it: two
        frames for each message). The scrollbar coming or going needs the layout."""
        if size == self.virtual_size:
            return
        if self.show_vertical_scrollbar and size.height > self.scrollable_content_region.height:
            self.set_reactive(MessageLog.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def _block(self, message: ChatMessage, width: int) -> list[Line]:
        key = (message.key, width, self._expanded)
        cached = self._blocks.get(key)
        if cached is not None and cached[0] is message:
            return cached[1]
        if len(self._blocks) > 20_000:
            self._blocks.clear()
        lines = [self._head(message)]
        body = wrap(message.text, max(1, width - len(INDENT)))
        if message.type != "text":
            body[0] = f"({message.type}) {body[0]}"
        if not self._expanded and len(body) > FOLD_AFTER:
            hidden = len(body) - FOLD_SHOWN
            body = body[:FOLD_SHOWN]
            fold = f"{INDENT}… {hidden:,} more lines (ctrl+o shows all)"
            lines += [((INDENT + text, ""),) for text in body]
            lines.append(((fold, "message-log--note"),))
        else:
            lines += [((INDENT + text, ""),) for text in body]
        self._blocks[key] = (message, lines)
        return lines

    def _head(self, message: ChatMessage) -> Line:
        mine = message.sender_id is not None and message.sender_id == self._me
        name = "You" if mine else self._names.get(message.sender_id or "", "Unknown")
        head: list[Piece] = [
            (name, "message-log--mine" if mine else "message-log--name"),
            (f"  {_clock(message.created_at)}", "message-log--time"),
        ]
        if message.state == "failed":
            head.append(
                (
                    f"  ✗ not sent: {message.error} (ctrl+r retry, ctrl+g discard)",
                    "message-log--failed",
                )
            )
        elif message.state:
            head.append((f"  {_STATE_TEXT[message.state]}", "message-log--state"))
        return tuple(head)

    # -- drawing -------------------------------------------------------------------------

    def _style(self, component: str) -> Style:
        style = self._styles.get(component)
        if style is None:
            base = self.rich_style
            style = base + self.get_component_rich_style(component) if component else base
            self._styles[component] = style
        return style

    def _forget_strips(self, first: int) -> None:
        """Lines from ``first`` on were laid out again."""
        for index in [i for i in self._strips if i >= first]:
            del self._strips[index]

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        strip = self._strips.get(index)
        if strip is not None and strip.cell_length == width:
            return strip
        base = self._style("")
        if index >= len(self._lines):
            return Strip.blank(width, base)
        line = self._lines[index]
        segments = [Segment(text, self._style(part)) for text, part in line]
        used = sum(cell_len(text) for text, _ in line)
        if used <= width:  # one strip, padded as it is made (a crop and an extend made two more)
            if used < width:
                segments.append(Segment(" " * (width - used), base))
            strip = Strip(segments, width)
        else:
            strip = Strip(segments).crop_extend(0, width, base)
        if len(self._strips) >= STRIPS_KEPT:
            self._strips.clear()
        self._strips[index] = strip
        return strip
