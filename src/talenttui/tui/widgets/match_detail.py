"""The pane beside the feed: why this match, which skills with what weight, how compatible."""

from __future__ import annotations

from datetime import UTC, datetime

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from talenttui.api.models.matches import Match

BAR_WIDTH = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar with eighth-cell precision; readable without colour."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width, "·")


def expiry_text(expires_at: str | None, now: datetime | None = None) -> str:
    """The date, and how long is left while it is ahead."""
    if not expires_at:
        return ""
    try:
        when = datetime.fromisoformat(expires_at.replace("Z", "+00:00"))
    except ValueError:
        return f"expires {expires_at}"
    day = f"{when.day} {when:%b %Y}"
    left = when - (now or datetime.now(UTC))
    if left.total_seconds() <= 0:
        return f"expired {day}"
    if left.days >= 1:
        return f"expires {day} (in {left.days} d)"
    return f"expires {day} (in {max(1, int(left.total_seconds() // 3600))} h)"


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
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # held, not queried: a highlight can arrive before the body is mounted or while the
        # screen is being taken down (a slower server moves it there)
        self._body = Static("", id="match-detail-body", markup=False)

    def compose(self) -> ComposeResult:
        yield self._body

    def show(self, match: Match | None) -> None:
        body = self._body
        if match is None:
            body.update(Content("Select a match to see why it fits.").stylize("dim"))
        else:
            body.update(render_match(match))
        if self.is_mounted:
            self.scroll_home(animate=False)
