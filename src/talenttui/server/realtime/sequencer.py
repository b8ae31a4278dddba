"""Put live frames in order for one connection: no gap, no duplicate.

Live frames can reach a connection out of order (two commits for one user publish
from different tasks), and the backlog read at connect overlaps the first live
frames. A frame at or below the last seq sent is dropped; one that skips ahead is
preceded by the missing events, read back from the log (they are committed: a
user's events commit in seq order).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from talenttui.server.hub import Frame

GapReader = Callable[[int, int], Awaitable[list[Frame]]]


class Sequencer:
    def __init__(self, last: int, read_gap: GapReader) -> None:
        self.last = last
        self._read_gap = read_gap

    async def admit(self, frame: Frame) -> list[Frame]:
        """The frames to send now, in order, for one frame taken from the hub."""
        if frame.seq is None:
            return [frame]
        if frame.seq <= self.last:
            return []
        missed = await self._read_gap(self.last, frame.seq) if frame.seq > self.last + 1 else []
        self.last = frame.seq
        return [*missed, frame]
