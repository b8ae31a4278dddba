"""The pane beside the feed: why this match, which skills with what weight, how compatible."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

from talenttui.api.models.matches import Match
from talenttui.tui.text import bar, expiry_text

if TYPE_CHECKING:
    from textual.selection import Selection

KEPT = 64
"""Matches whose lines stay rendered: a screen of rows walked up and down costs no render."""
PLACEHOLDER = Content("Select a match to see why it fits.").stylize("dim")


def render_match(match: Match) -> Content:
    profile = match.profile
    parts: list[Content | str | tuple[str, str]] = [(match.name, "bold"), "\n"]
    if profile is not None:
        if profile.headline:
            parts += [profile.headline, "\n"]
        where = " · ".join(
            x for x in (profile.location, profile.company_size, profile.industry) if x
        )
        if where:
            parts += [(where, "dim"), "\n"]
    parts += ["\n", ("Score ", "bold"), f"{match.match_score}/100  ", bar(match.match_score / 100)]
    status = match.status
    expiry = expiry_text(match.expires_at)
    parts += ["\n", (f"{status}" + (f" · {expiry}" if expiry else ""), "dim"), "\n"]
    if status == "rejected" and match.reject_reason:
        parts += [("Reason ", "bold"), match.reject_reason, "\n"]
    if match.contact_email:
        parts += [("Email ", "bold"), match.contact_email, "\n"]
    if match.match_reasons:
        parts += ["\n", ("Why", "bold underline"), "\n"]
        for reason in match.match_reasons:
            parts += ["• ", reason, "\n"]
    if match.skills_matched:
        parts += ["\n", ("Skills matched", "bold underline"), "\n"]
        width = max(len(s.skill) for s in match.skills_matched[:8])
        for skill in match.skills_matched[:8]:
            parts += [skill.skill.ljust(width), " ", bar(skill.weight), f" {skill.weight:.2f}\n"]
    scores = match.compatibility_scores
    rows = [
        ("Technical", scores.technical),
        ("Cultural", scores.cultural),
        ("Experience", scores.experience),
    ]
    if any(value is not None for _, value in rows):
        parts += ["\n", ("Compatibility", "bold underline"), "\n"]
        for label, value in rows:
            if value is not None:
                parts += [label.ljust(10), " ", bar(value / 100), f" {value}\n"]
    return Content.assemble(*parts)


def _changed(before: list[Strip], after: list[Strip], width: int) -> list[Region]:
    """The runs of lines that differ between two renders, as regions to repaint."""
    regions: list[Region] = []
    start = None
    for y in range(max(len(before), len(after)) + 1):
        same = (y >= len(before) and y >= len(after)) or (
            y < len(before) and y < len(after) and before[y] == after[y]
        )
        if not same and start is None:
            start = y
        elif same and start is not None:
            regions.append(Region(0, start, width, y - start))
            start = None
    return regions


class _Drawn:
    """A match's text and its lines per width. Held with the match itself, which the key
    (its ``id``) must still be: a new model (a status change, a refresh) draws anew."""

    __slots__ = ("content", "lines", "match")

    def __init__(self, match: Match | None, content: Content) -> None:
        self.match = match
        self.content = content
        self.lines: dict[int, list[Strip]] = {}


class DetailBody(Widget):
    """The pane's text, drawn with the line API: a match's lines are rendered once a width
    (the last ``KEPT`` matches kept), and a move to another match repaints only the lines
    that differ from those on screen. ``Static.update`` rendered and repainted all forty
    lines on each key (``bench/bench_feed_detail.py``).

    The lines are Textual's own rendering of the ``Content`` (``Visual.to_strips``, as a
    ``Static`` draws it), so the pane looks the same; ``render`` returns the ``Content``,
    so its height and text selection work as a ``Static``'s do.
    """

    DEFAULT_CSS = "DetailBody { height: auto; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn = _Drawn(None, PLACEHOLDER)
        self._kept: LRUCache[tuple[int, str], _Drawn] = LRUCache(KEPT)
        self._shown: tuple[int, list[Strip]] = (0, [])
        """The width and lines on screen, while they fit the pane: what a move compares."""
        self._selected: list[Strip] | None = None
        """The lines with the selected text highlighted, while there is a selection."""

    def render(self) -> Content:
        return self._drawn.content

    def lines(self, width: int) -> list[Strip]:
        """The shown match's lines at ``width`` cells, rendered once and kept."""
        drawn = self._drawn
        lines = drawn.lines.get(width)
        if lines is None:
            lines = Visual.to_strips(
                self, drawn.content, width, None, self.visual_style, apply_selection=False
            )
            drawn.lines[width] = lines
        return lines

    def show(self, match: Match | None, pane_height: int) -> None:
        """Draw ``match``: only the lines that differ when it and the match before both
        fit the pane's ``pane_height`` at this width, else with a layout (a scroll bar may
        come or go)."""
        expiry = expiry_text(match.expires_at) if match is not None else ""
        key = (id(match), expiry)
        drawn = self._kept.get(key)
        if drawn is None or drawn.match is not match:
            drawn = _Drawn(match, render_match(match) if match is not None else PLACEHOLDER)
            self._kept.set(key, drawn)
        self._drawn = drawn
        if not self.is_attached:
            self._shown = (0, [])
            return
        self._selected = self._selection_lines(self.text_selection)
        width = self.size.width
        lines = self.lines(width) if width else []
        fits = bool(lines) and len(lines) <= pane_height
        shown_width, shown = self._shown
        if fits and shown and shown_width == width and self._selected is None:
            if changed := _changed(shown, lines, width):
                self.refresh(*changed)
        else:
            self.refresh(layout=True)
        self._shown = (width, lines if fits else [])

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._selected if self._selected is not None else self.lines(width)
        if y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def _selection_lines(self, selection: Selection | None) -> list[Strip] | None:
        if selection is None:
            return None
        return Visual.to_strips(self, self._drawn.content, self.size.width, None, self.visual_style)

    def selection_updated(self, selection: Selection | None) -> None:
        self._selected = self._selection_lines(selection)
        self._shown = (0, [])
        self.refresh()

    def notify_style_update(self) -> None:
        """Theme, NO_COLOR or size changed the styles: the kept lines are stale."""
        super().notify_style_update()
        self._kept.clear()
        self._drawn.lines.clear()
        self._shown = (0, [])


class MatchDetail(VerticalScroll, can_focus=False):
    """Holds its body rather than querying it: a quit right after login prunes the
    children while the list still reports its cursor, and a query would then raise.

    The body is at least as tall as the pane, so while each match fits, showing the next
    keeps the body's size and needs no layout: a re-layout of the screen per cursor move
    cost a held ``j`` two extra frames and six times the CPU of a ``DataTable``
    (``bench/bench_feed_detail.py``).
    """

    DEFAULT_CSS = """
    MatchDetail > #match-detail-body { min-height: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._body = DetailBody(id="match-detail-body")

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, match: Match | None) -> None:
        self._body.show(match, self.scrollable_content_region.height)
        if self.is_mounted and self.scroll_y:
            self.scroll_home(animate=False)
