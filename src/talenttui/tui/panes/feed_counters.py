"""The line above the feed: matches per status, the cursor's place, the filters, freshness.

The counts are those of the view (the statuses it lists), moved as rows change status,
so they always add up to the rows of the view: a match rejected in the default view
stays on screen, and is counted as rejected, until the next load drops it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from textual.content import Content

from talenttui.tui.preferences import FeedFilters
from talenttui.tui.text import age_text

COUNTED = ("new", "saved", "accepted", "rejected")
ACTIVE = ("new", "saved", "accepted")
"""What the default view (no status chosen) lists: the server leaves rejected matches out."""


def view_statuses(status: str | None) -> tuple[str, ...]:
    return (status,) if status else ACTIVE


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNTED, 0))

    @classmethod
    def for_view(
        cls, status: str | None, counts: Mapping[str, int] | None, rows: Iterable[str]
    ) -> Tally:
        """The server's counts of the statuses the view lists (the reference API sends
        none: then the rows are counted)."""
        listed = view_statuses(status)
        tally = cls()
        if counts is None:
            for row_status in rows:
                tally.counts[row_status] = tally.counts.get(row_status, 0) + 1
            return tally
        for name in listed:
            tally.counts[name] = int(counts.get(name, 0))
        return tally

    def move(self, before: str, after: str) -> None:
        if before == after:
            return
        self.counts[before] = max(0, self.counts.get(before, 0) - 1)
        self.counts[after] = self.counts.get(after, 0) + 1

    def get(self, status: str) -> int:
        return self.counts.get(status, 0)


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
