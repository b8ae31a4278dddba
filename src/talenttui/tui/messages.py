"""Messages the app posts to screens."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class ServerEvent(Message):
    """A realtime event (or ``session.resync``) for the current screen to act on."""

    def __init__(self, event: str, data: dict[str, Any]) -> None:
        super().__init__()
        self.event = event
        self.data = data


class ViewStale(Message):
    """The server answers again, or writes that waited reached it: what the visible tab
    shows is from before, so it refetches."""


class ProfileSaved(Message):
    """The server saved the person's profile and recomputed their matches: the feed refetches."""
