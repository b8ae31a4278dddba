"""The line above the feed: matches per status (``tally.Tally``), the cursor's place, the
filters, freshness."""

from __future__ import annotations

from textual.content import Content

from talenttui.tui.preferences import FeedFilters
from talenttui.tui.tally import COUNTED, Tally, view_statuses
from talenttui.tui.text import age_text


def counters_line(
    tally: Tally,
    filters: FeedFilters,
    *,
    position: int | None,
    total: int,
    source: str,
    age: float | None,
) -> Content:
    """``New 3  Saved 1  Accepted 2  Rejected 1 │ 4/7 │ score ≥ 60 (default)``: the view's
    statuses always, others once a row of the view has one."""
    listed = view_statuses(filters.status)
    parts: list[Content | str | tuple[str, str]] = []
    for name in COUNTED:
        if name in listed or tally.get(name):
            gap = "  " if parts else ""
            parts += [(f"{gap}{name.capitalize()} ", "dim"), (str(tally.get(name)), "bold")]
    if total:
        parts += [("  │ ", "dim"), f"{(position or 0) + 1}/{total}"]
    parts.append(("  │ " + filters.describe(), "dim"))
    text = Content.assemble(*parts)
    if source == "offline" and age is not None:
        text = text.append(Content.styled(f"  │ offline, from {age_text(age)}", "bold"))
    elif source == "cache" and age is not None and age >= 60:
        text = text.append(Content.styled(f"  │ cached {age_text(age)}", "dim"))
    return text
