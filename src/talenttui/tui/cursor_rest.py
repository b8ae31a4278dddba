"""What follows a list's cursor (the feed's detail pane and counters) drawn when the cursor
rests: at once after a pause, but while a key is held (moves under ``REST`` apart) once
it stops, so a held ``j`` draws the list's changed lines per key and nothing more.

A held key repeats every ~33 ms; the detail's forty lines drawn each time cost twice a
``DataTable``'s CPU per key (``bench/bench_feed_detail.py``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import Widget

REST = 0.05
"""Seconds the cursor stays on a row before a held key's followers are drawn."""


class CursorRest:
    """``moved()`` on each cursor move; ``draw`` runs now, or once the cursor rests."""

    def __init__(self, owner: Widget, draw: Callable[[], None]) -> None:
        self._owner = owner
        self._draw = draw
        self._moved_at = -REST
        self._timer: Timer | None = None

    def moved(self) -> None:
        now = time.monotonic()
        held = now - self._moved_at < REST
        self._moved_at = now
        if not held or not self._owner.is_mounted:
            self.now()
        elif self._timer is None:
            self._timer = self._owner.set_timer(REST, self._rested)

    def now(self) -> None:
        """Drawn at once (a page loaded, a status changed): nothing left waiting."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self._draw()

    def _rested(self) -> None:
        self._timer = None
        wait = self._moved_at + REST - time.monotonic()
        if wait > 0:
            self._timer = self._owner.set_timer(wait, self._rested)
        else:
            self._draw()
