"""The feed's list: one line per match, drawn with the line API so 100,000 rows cost what 40 do.

Only the visible lines are rendered (``render_line``), each cached as a ``Strip`` keyed by
the match, the width and whether the cursor is on it; an update repaints one line. No
widget per row: ``ListView`` slows past ~1,000 items and ``DataTable`` costs ~19 ms a key
at 1,000 rows. Names and titles are the server's text, drawn as literal segments.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from talenttui.api.models.matches import Match

STATUS_GLYPH = {"new": "●", "saved": "★", "accepted": "✓", "rejected": "✗"}
SCORE_WIDTH = 4


def _fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells with an ellipsis, padded to exactly ``width``."""
    if width <= 0:
        return ""
    if len(text) > width:
        return text[: max(0, width - 1)] + "…"
    return text.ljust(width)


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


def row_text(match: Match, width: int) -> tuple[str, str, str]:
    """The marker, the score and the rest of a row, fitted to ``width``."""
    name_w, head_w, loc_w, skills_w = column_widths(width)
    profile = match.profile
    cells = [_fit(match.name, name_w)]
    if head_w:
        cells.append(_fit(profile.headline if profile else "", head_w))
    if loc_w:
        cells.append(_fit((profile.location or "") if profile else "", loc_w))
    if skills_w:
        cells.append(_fit(", ".join(match.top_skills(3)), skills_w))
    marker = STATUS_GLYPH.get(match.status, "?") + " "
    score = f"{match.match_score:>{SCORE_WIDTH}} "
    return marker, score, " ".join(cells)


class MatchList(ScrollView, can_focus=True):
    COMPONENT_CLASSES = {
        "match-list--cursor",
        "match-list--score",
        "match-list--new",
        "match-list--saved",
        "match-list--accepted",
        "match-list--rejected",
        "match-list--empty",
    }
    DEFAULT_CSS = """
    MatchList {
        scrollbar-size-vertical: 1;
    }
    MatchList > .match-list--cursor {
        background: $accent 40%;
        text-style: bold;
    }
    MatchList:focus > .match-list--cursor {
        background: $accent;
        color: $text;
    }
    MatchList > .match-list--score { text-style: bold; }
    MatchList > .match-list--new { color: $primary; }
    MatchList > .match-list--saved { color: $warning; }
    MatchList > .match-list--accepted { color: $success; }
    MatchList > .match-list--rejected { color: $error; }
    MatchList > .match-list--empty { color: $text-muted; }
    """
    BINDINGS = [
        Binding("j", "cursor_down", "Next", id="match_list.down"),
        Binding("down", "cursor_down", "Next", id="match_list.down_arrow", show=False),
        Binding("k", "cursor_up", "Previous", id="match_list.up"),
        Binding("up", "cursor_up", "Previous", id="match_list.up_arrow", show=False),
        Binding("pagedown", "page_down", "Page down", id="match_list.page_down", show=False),
        Binding("pageup", "page_up", "Page up", id="match_list.page_up", show=False),
        Binding("g,home", "first", "First", id="match_list.first", show=False),
        Binding("G,end", "last", "Last", id="match_list.last", show=False),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved; floods (key repeat) collapse into the latest one."""

        def __init__(self, index: int, match: Match | None) -> None:
            super().__init__()
            self.index = index
            self.match = match

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MatchList.Highlighted)

    class NearEnd(Message):
        """The cursor is close to the last row: time to fetch the next page."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(
        self,
        *,
        prefetch_margin: int = 25,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.prefetch_margin = prefetch_margin
        self._rows: list[Match] = []
        self._index: dict[str, int] = {}
        self._near_end_sent_at = -1
        self._strips: dict[tuple[int, int, bool], tuple[Match, Strip]] = {}

    # -- data ----------------------------------------------------------------------------

    @property
    def matches(self) -> Sequence[Match]:
        return self._rows

    @property
    def current(self) -> Match | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_matches(self, matches: Sequence[Match], *, keep_cursor_on: str | None = None) -> None:
        self._rows = list(matches)
        self._reindex()
        self._near_end_sent_at = -1
        target = self._index.get(keep_cursor_on, 0) if keep_cursor_on else 0
        self._resized()
        self.cursor = min(target, max(0, len(self._rows) - 1))

    def append_matches(self, matches: Sequence[Match]) -> None:
        start = len(self._rows)
        self._rows.extend(matches)
        for offset, match in enumerate(matches):
            self._index[match.id] = start + offset
        self._resized()
        self._check_near_end()

    def update_match(self, match: Match) -> None:
        index = self._index.get(match.id)
        if index is None:
            return
        self._rows[index] = match
        self._refresh_row(index)

    def remove_match(self, match_id: str) -> int | None:
        index = self._index.get(match_id)
        if index is None:
            return None
        del self._rows[index]
        self._reindex()
        self._resized()
        self.cursor = min(self.cursor, max(0, len(self._rows) - 1))
        return index

    def insert_match(self, index: int, match: Match) -> None:
        self._rows.insert(max(0, min(index, len(self._rows))), match)
        self._reindex()
        self._resized()
        self.cursor = self.cursor

    def move_to(self, index: int) -> None:
        if self._rows:
            self.cursor = max(0, min(index, len(self._rows) - 1))

    def _reindex(self) -> None:
        self._index = {match.id: i for i, match in enumerate(self._rows)}
        self._strips.clear()

    def _resized(self) -> None:
        self.virtual_size = Size(self.size.width, max(1, len(self._rows)))
        self._strips.clear()
        self.refresh()

    # -- cursor --------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self.scroll_to_region(
            Region(0, new, max(1, self.size.width), 1), animate=False, force=True, immediate=True
        )
        self.post_message(self.Highlighted(new, self.current))
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
            self.post_message(self.NearEnd(count))

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

    def on_resize(self) -> None:
        self._resized()

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if not self._rows:
            if y == 0:
                style = self.get_component_rich_style("match-list--empty")
                return Strip([Segment(_fit("No matches", width), style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        match = self._rows[index]
        is_cursor = index == self.cursor
        key = (index, width, is_cursor)
        cached = self._strips.get(key)
        if cached is not None and cached[0] is match:
            return cached[1]
        strip = self._render_row(match, width, is_cursor)
        if len(self._strips) > 512:
            self._strips.clear()
        self._strips[key] = (match, strip)
        return strip

    def _render_row(self, match: Match, width: int, is_cursor: bool) -> Strip:
        marker, score, rest = row_text(match, width)
        base = self.rich_style
        status_style = self.get_component_rich_style(f"match-list--{match.status}", partial=True)
        score_style = self.get_component_rich_style("match-list--score", partial=True)
        if is_cursor:
            base = base + self.get_component_rich_style("match-list--cursor", partial=True)
            marker = ">" + marker[1:] if self.app.no_color else marker
        segments = [
            Segment(marker, base + status_style),
            Segment(score, base + score_style),
            Segment(rest, base),
        ]
        if is_cursor and self.app.no_color:
            segments = [
                Segment(s.text, (s.style or Style()) + Style(reverse=True)) for s in segments
            ]
        return Strip(segments).adjust_cell_length(width, base)
