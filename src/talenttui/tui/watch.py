"""What the code that stored a write hears about it from the outbox's one sender.

Kept apart from the sender (and free of Textual) so that the triage engine, which stores
the feed's writes, can be used and tested without the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.outbox import OutboxEntry


@dataclass(frozen=True)
class Watch:
    stored: Callable[[OutboxEntry], None] | None = None
    """At once, before anything else runs: the write is on disk (and may be sent next)."""
    delivered: Callable[[OutboxEntry, Any], None] | None = None
    """With the server's answer (the unwrapped payload)."""
    refused: Callable[[OutboxEntry, ApiError], None] | None = None
    waiting: Callable[[OutboxEntry, ApiError], None] | None = None
    """Once, when the write stays queued for a failure that may pass."""
