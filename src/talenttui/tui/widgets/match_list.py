"""The feed's list: one line per match, drawn with the line API so 100,000 rows cost what 40 do.

Rows are compact ``MatchRow`` s (``api.models.match_rows``), not pydantic models: the
list holds only what it draws.

Only the visible lines are rendered (``render_line``), each kept in an LRU cache of
``Strip`` s keyed by row, width and cursor, and checked against the match it was drawn
from, so an update or a shift of rows redraws only what changed. No widget per row:
``ListView`` slows past ~1,000 items and ``DataTable`` costs ~19 ms a key at 1,000 rows.
Names and titles are the server's text, drawn as literal segments (never markup).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from talenttui.api.models.match_rows import SEP, MatchRow

STATUS_GLYPH = {"new": "●", "saved": "★", "accepted": "✓", "rejected": "✗"}
SCORE_WIDTH = 4
STRIP_CACHE_SIZE = 1024
MOVE = Binding.Group("Move", compact=True)
"""j and k share one footer entry ("jk Move"): room for the triage keys at 80 columns."""
BASE = ""
MARK = "+"
"""Beside the status glyph of a marked row (and the row tinted): readable without colour."""
# C0, DEL and C1 controls would move the terminal's cursor mid-line: shown as "�" instead.
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], "\ufffd")


def _fit(text: str, width: int) -> str:
    """``text`` on one line, cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    if width <= 0:
        return ""
    if not text.isprintable():
        text = text.translate(_CONTROLS)
    cells = len(text) if text.isascii() else cell_len(text)
    if cells > width:
        return set_cell_size(text, width - 1) + "…"
    return text + " " * (width - cells)


@lru_cache(maxsize=64)
def column_widths(width: int) -> tuple[int, int, int, int]:
    """Name, headline, location and skills columns for a line ``width`` cells wide.

    Marker (2) and score (4 + 1) are fixed; the rest is shared, the skills column first to
    go when space is short, then the location.
    """
    rest = max(0, width - 2 - SCORE_WIDTH - 1)
    if rest < 50:
        name = max(8, rest * 5 // 10)
        headline = max(0, rest - name - 1)
        return name, headline, 0, 0
    if rest < 80:
        name = rest * 3 // 10
        headline = rest * 4 // 10
        location = rest - name - headline - 2
        return name, headline, location, 0
    name = rest * 22 // 100
    headline = rest * 30 // 100
    location = rest * 16 // 100
    skills = rest - name - headline - location - 3
    return name, headline, location, skills


def row_text(match: MatchRow, width: int) -> tuple[str, str, str]:
    """The marker, the score and the rest of a row, fitted to ``width``."""
    widths = column_widths(width)
    cells = [_fit(text, w) for text, w in zip(match.line.split(SEP), widths, strict=True) if w]
    marker = STATUS_GLYPH.get(match.status, "?") + " "
    score = f"{match.match_score:>{SCORE_WIDTH}} "
    return marker, score, " ".join(cells)


class MatchList(ScrollView, can_focus=True):
    """Matches, one per line, with a cursor; tells its screen where the cursor is."""

    COMPONENT_CLASSES = {
        "match-list--cursor",
        "match-list--score",
        "match-list--new",
        "match-list--saved",
        "match-list--accepted",
        "match-list--rejected",
        "match-list--empty",
        "match-list--marked",
    }
    DEFAULT_CSS = Path(__file__).with_name("match_list.tcss").read_text(encoding="utf-8")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Next", id="match_list.down", group=MOVE),
        Binding("down", "cursor_down", "Next", id="match_list.down_arrow", show=False),
        Binding("k", "cursor_up", "Previous", id="match_list.up", group=MOVE),
        Binding("up", "cursor_up", "Previous", id="match_list.up_arrow", show=False),
        Binding("pagedown", "page_down", "Page down", id="match_list.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="match_list.page_up", show=False),
        Binding("g,home", "first", "First", id="match_list.first", show=False),
        Binding("G,end", "last", "Last", id="match_list.last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved; floods (key repeat) collapse into the latest one."""

        def __init__(
            self, index: int, match: MatchRow | None, match_list: MatchList | None = None
        ) -> None:
            super().__init__()
            self.index = index
            self.match = match
            self.match_list = match_list

        @property
        def control(self) -> MatchList | None:
            """The list that moved, so ``@on(MatchList.Highlighted, "#id")`` can select it."""
            return self.match_list

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, MatchList.Highlighted) and message.match_list is self.match_list
            )

    class NearEnd(Message):
        """The cursor is close to the last row: time to fetch the next page."""

        def __init__(self, count: int, match_list: MatchList | None = None) -> None:
            super().__init__()
            self.count = count
            self.match_list = match_list

        @property
        def control(self) -> MatchList | None:
            return self.match_list

    def __init__(
        self,
        *,
        prefetch_margin: int = 25,
        highlights: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.prefetch_margin = prefetch_margin
        self.highlights = highlights
        """Post ``Highlighted`` on each move; off where the owner watches ``cursor`` (the
        feed): unread, each one still climbed every container to the app, per key."""
        self._rows: list[MatchRow] = []
        self._index: dict[str, int] = {}
        self._near_end_sent_at = -1
        self._marked: dict[str, None] = {}
        """Ids of the rows marked for a batch (``space``, ``V``), in the order marked."""
        self._strips: LRUCache[tuple[int, int, bool, bool], tuple[MatchRow, Strip]] = LRUCache(
            STRIP_CACHE_SIZE
        )
        self._styles: dict[str, Style] = {}

    # -- data ----------------------------------------------------------------------------

    @property
    def matches(self) -> Sequence[MatchRow]:
        return self._rows

    def index_of(self, match_id: str) -> int | None:
        """The row of a match, from the id map the list keeps anyway (no scan)."""
        return self._index.get(match_id)

    @property
    def current(self) -> MatchRow | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_matches(
        self, matches: Sequence[MatchRow], *, keep_cursor_on: str | None = None
    ) -> None:
        """Replace every row; the cursor stays on ``keep_cursor_on`` if present, else goes to 0."""
        self._rows = list(matches)
        self._reindex(0)
        self._near_end_sent_at = -1
        self._resized()
        self.cursor = self._index.get(keep_cursor_on, 0) if keep_cursor_on else 0

    def append_matches(self, matches: Sequence[MatchRow]) -> None:
        start = len(self._rows)
        self._rows.extend(matches)
        self._reindex(start)
        self._resized()
        self._check_near_end()

    def update_match(self, match: MatchRow) -> None:
        """Replace the row with ``match.id`` (optimistic status change); repaint that line."""
        index = self._index.get(match.id)
        if index is None:
            return
        self._rows[index] = match
        self._refresh_row(index)

    def remove_match(self, match_id: str) -> int | None:
        """Drop a row; the cursor stays at the same index, so it lands on the next match."""
        index = self._index.pop(match_id, None)
        if index is None:
            return None
        del self._rows[index]
        self._reindex(index)
        self._resized()
        self.cursor = min(self.cursor, max(0, len(self._rows) - 1))
        return index

    def insert_match(self, index: int, match: MatchRow) -> None:
        """Put a row back (undo of a removal); the cursor stays at its index."""
        index = max(0, min(index, len(self._rows)))
        self._rows.insert(index, match)
        self._reindex(index)
        self._resized()
        self.cursor = self.cursor

    def move_to(self, index: int) -> None:
        if self._rows:
            self.cursor = index

    # -- marks (bulk triage) -------------------------------------------------------------

    @property
    def marked(self) -> list[MatchRow]:
        """The marked rows still listed, in list order."""
        rows = [self._index[m] for m in self._marked if m in self._index]
        return [self._rows[i] for i in sorted(rows)]

    def toggle_mark(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            match_id = self._rows[index].id
            if match_id in self._marked:
                del self._marked[match_id]
            else:
                self._marked[match_id] = None
            self._refresh_row(index)

    def mark_range(self, start: int, end: int) -> None:
        """Every row from ``start`` to ``end`` (either order) marked."""
        low, high = sorted((start, end))
        for index in range(max(0, low), min(high, len(self._rows) - 1) + 1):
            self._marked[self._rows[index].id] = None
        self.refresh()

    def clear_marks(self) -> None:
        self._marked = {}
        self.refresh()

    def _reindex(self, start: int) -> None:
        """Rows from ``start`` on moved: their ids point at their new indexes."""
        if start == 0:
            self._index = {}
        index = self._index
        for position in range(start, len(self._rows)):
            index[self._rows[position].id] = position

    def _resized(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, max(1, len(self._rows)))
        self.refresh()

    # -- cursor --------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._rows) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self.scroll_to_region(
            Region(0, new, max(1, self.size.width), 1), animate=False, force=True, immediate=True
        )
        if self.highlights:
            self.post_message(self.Highlighted(new, self.current, self))
        self._check_near_end()

    def _check_near_end(self) -> None:
        """Ask for more once per row count, when the cursor is within the margin of the end."""
        count = len(self._rows)
        if (
            count
            and self.cursor >= count - self.prefetch_margin
            and self._near_end_sent_at != count
        ):
            self._near_end_sent_at = count
            self.post_message(self.NearEnd(count, self))

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            self.refresh(Region(0, index - int(self.scroll_y), max(1, self.size.width), 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_page_down(self) -> None:
        self.move_to(self.cursor + max(1, self.scrollable_content_region.height - 1))

    def action_page_up(self) -> None:
        self.move_to(self.cursor - max(1, self.scrollable_content_region.height - 1))

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(len(self._rows) - 1)

    # -- drawing -------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """Theme, focus or NO_COLOR changed the component styles: cached strips are stale."""
        super().notify_style_update()
        self._strips.clear()
        self._styles.clear()

    def _style(self, component: str) -> Style:
        """A component class's style, or the widget's own for ``BASE``, looked up once per
        style change: Textual takes ~0.1 ms for each, and a new page draws 40 rows."""
        style = self._styles.get(component)
        if style is None:
            if component == BASE:
                style = self.rich_style
            else:
                style = self.get_component_rich_style(component, partial=True)
            self._styles[component] = style
        return style

    def on_resize(self) -> None:
        self._resized()

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if not self._rows:
            if y == 0:
                style = self._style(BASE) + self._style("match-list--empty")
                return Strip([Segment(_fit("No matches", width), style)], width)
            return Strip.blank(width, self._style(BASE))
        if index >= len(self._rows):
            return Strip.blank(width, self._style(BASE))
        match = self._rows[index]
        key = (index, width, index == self.cursor, match.id in self._marked)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is match:
            return cached[1]
        strip = self._render_row(match, width, key[2], key[3])
        self._strips.set(key, (match, strip))
        return strip

    def _render_row(self, match: MatchRow, width: int, is_cursor: bool, is_marked: bool) -> Strip:
        marker, score, rest = row_text(match, width)
        base = self._style(BASE)
        if is_marked:
            marker = marker[0] + MARK
            base += self._style("match-list--marked")
        if is_cursor:
            base += self._style("match-list--cursor")
            if self.app.no_color:
                base += Style(reverse=True, bold=True)
        status_style = (
            self._style(f"match-list--{match.status}") if match.status in STATUS_GLYPH else Style()
        )
        score_style = self._style("match-list--score")
        segments = [
            Segment(marker, base + status_style),
            Segment(score, base + score_style),
            Segment(rest, base),
        ]
        return Strip(segments).adjust_cell_length(width, base)
