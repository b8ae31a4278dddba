"""Quit only once what was typed before it has been handled.

``ctrl+q`` is a priority key: the app acts on it before the focused widget has read the
keys that came just before it in the same burst (enter in the composer, ``a`` in the
feed). Exiting then would drop a message the person saw leave the composer. So the quit
first lets every widget's queue run dry and every write being stored reach the outbox.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.app import App

STEADY_CHECKS = 3
"""Consecutive quiet looks: a message handled in one widget posts the next to its parent."""

LONGEST_SECONDS = 3.0
"""A quit never waits longer than this (a handler stuck on the network must not hold it)."""


class Storing(Protocol):
    @property
    def storing(self) -> int:
        """Writes on their way into the outbox now."""
        ...


def _quiet(app: App[Any], writes: Storing) -> bool:
    if writes.storing:
        return False
    return all(
        node.message_queue_size == 0
        for screen in app.screen_stack
        for node in screen.walk_children(with_self=True)
    )


async def handled_input(app: App[Any], writes: Storing) -> None:
    """Until the widgets' queues are empty and no write is being stored, a few looks in a
    row (or ``LONGEST_SECONDS``)."""
    deadline = time.monotonic() + LONGEST_SECONDS
    steady = 0
    while steady < STEADY_CHECKS and time.monotonic() < deadline:
        await asyncio.sleep(0 if steady else 0.005)
        steady = steady + 1 if _quiet(app, writes) else 0
