"""One seeding of the demo: its random stream, its size and the moment it is dated from.

The demo is written on the reference's timeline (its examples are dated 20 Jan 2025
10:42 UTC) and moved by whole hours to the last such moment before it is seeded, so it
looks alive whenever it is made: matches expire in the days ahead, conversations are a
few days old, interviews ran last week. Everything but the dates is the same on every
machine, and the minutes of every date are the reference's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from talenttui.server.demo.constants import ANCHOR, SEED


@dataclass(frozen=True)
class DemoRun:
    rng: random.Random
    size: int
    now: datetime
    """The reference's ``ANCHOR`` moved by whole hours to at most an hour before seeding."""

    @classmethod
    def starting(cls, now: datetime, size: int) -> DemoRun:
        rng = random.Random(SEED)  # noqa: S311 - demo data must be reproducible, not secret
        hours = (now - ANCHOR) // timedelta(hours=1)
        return cls(rng, max(1, size), ANCHOR + timedelta(hours=hours))

    def at(self, reference: datetime) -> datetime:
        """A moment of the reference's timeline, moved by as much as the seeding is later."""
        return reference + (self.now - ANCHOR)
