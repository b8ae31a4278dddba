"""Text for the screen, shared by panes, dialogs and widgets: user text always literal, dates
as short as is still clear, bars, and campaign labels.

Dates are read against ``wallclock.now()``, so a snapshot test can pin them.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from textual.content import Content

from talenttui.tui import wallclock

if TYPE_CHECKING:
    from talenttui.api.models.campaigns import CampaignSummary

BAR_WIDTH = 10
_EIGHTHS = " ▏▎▍▌▋▊▉"


def literal(text: object) -> Content:
    """Server or user text as-is: ``[bold]`` or ``[@click=app.quit]`` shows as typed.

    Control characters were already turned into caret notation by the API layer.
    """
    return Content(str(text))


def age_text(seconds: float) -> str:
    """How old cached data is, in the largest unit that fits."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"


def _parsed(stamp: str) -> datetime | None:
    """An ISO 8601 time as the servers send it (``Z`` for UTC), or None."""
    try:
        return datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None


def date_text(stamp: str | None) -> str:
    """An ISO 8601 date as "3 Mar 2024"; text that is not one shows as sent."""
    if not stamp:
        return ""
    when = _parsed(stamp)
    if when is None:
        return stamp
    return f"{when.day} {when:%b %Y}"


def when_text(stamp: str | None, *, clock: bool = False, now: datetime | None = None) -> str:
    """A time as short as is still clear: the time today, the day this year, else the date.

    ``clock`` adds the time to a day, for messages of one conversation.
    """
    if not stamp:
        return ""
    parsed = _parsed(stamp)
    if parsed is None:
        return stamp
    when = parsed.astimezone()
    now = (now or wallclock.now()).astimezone(when.tzinfo)
    time = f"{when:%H:%M}"
    if when.date() == now.date():
        return time
    day = f"{when.day} {when:%b}" if when.year == now.year else f"{when.day} {when:%b %Y}"
    return f"{day} {time}" if clock else day


def expiry_text(expires_at: str | None, now: datetime | None = None) -> str:
    """The date, and how long is left while it is ahead."""
    if not expires_at:
        return ""
    when = _parsed(expires_at)
    if when is None:
        return f"expires {expires_at}"
    day = f"{when.day} {when:%b %Y}"
    now = now or wallclock.now()
    left = when - now
    if left.total_seconds() <= 0:
        return f"expired {day}"
    if left.days >= 1:
        # days between the dates shown, not whole 24 h periods: a 90-day key made now
        # expires "in 90 d", not 89 (now in the expiry's own zone, as its date is shown)
        days = (when.date() - now.astimezone(when.tzinfo).date()).days
        return f"expires {day} (in {days} d)"
    return f"expires {day} (in {max(1, int(left.total_seconds() // 3600))} h)"


def bar(fraction: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar with eighth-cell precision; readable without colour."""
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width, "·")


def campaign_label(campaign: CampaignSummary, *, compact: bool = False) -> Content:
    """A campaign as its lists show it: its name and status, then (unless ``compact``)
    its skill and place on a second line."""
    head = Content.assemble((campaign.name or f"Campaign {campaign.id}", "bold"))
    if campaign.status:
        head = head.append(Content.styled(f"  {campaign.status}", "dim"))
    if compact:
        return head
    where = " · ".join(part for part in (campaign.skill, campaign.location) if part)
    return Content.assemble(head, "\n", (where or " ", "dim"))
