"""Matches per status in the feed's view, moved as rows change status.

The counts are those of the view (the statuses it lists), so they always add up to the
rows of the view: a match rejected in the default view stays on screen, and is counted as
rejected, until the next load drops it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

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
