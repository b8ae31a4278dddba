"""The pane beside the feed: why this match, which skills with what weight, how compatible."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from talenttui.api.models.matches import Match
from talenttui.tui.text import bar, expiry_text

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


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
        self._body = Static("", id="match-detail-body", markup=False)
        self._fitted = False

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, match: Match | None) -> None:
        body = self._body
        if match is None:
            content = Content("Select a match to see why it fits.").stylize("dim")
        else:
            content = render_match(match)
        width = body.content_region.width
        fits = width > 0 and (
            content.get_height(cast("RulesMap", body.styles), width)
            <= self.scrollable_content_region.height
        )
        body.update(content, layout=not (fits and self._fitted))
        self._fitted = fits
        if self.is_mounted and self.scroll_y:
            self.scroll_home(animate=False)
