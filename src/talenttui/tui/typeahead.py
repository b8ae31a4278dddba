"""Keys typed between the enter on a login code and the painted feed: held, then handed on
in order, so ``jja`` typed straight after the code moves and acts in the feed instead of
landing in the code field (and going with the login screen) or in a shell still building.

Holding starts at the enter key itself, as the app receives it: keys that arrive together
(a fast typist, a laggy SSH link) are all in the app's queue before the code field has
handled the enter, so a start from its ``Submitted`` came too late for them. If no code is
on its way after all, or the code is refused, the held keys go back to the login screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

if TYPE_CHECKING:
    from textual.message_pump import MessagePump
    from textual.widget import Widget

PASSED_ON = frozenset({"ctrl+c", "ctrl+q"})
"""Quitting works while keys are held."""


class TypeAhead:
    def __init__(self) -> None:
        self._armed: Widget | None = None
        self._held: list[events.Key] | None = None

    def arm(self, field: Widget) -> None:
        """An enter in ``field`` (the code) starts holding the keys after it."""
        self._armed = field

    def kept(self, event: events.Key, focused: Widget | None) -> bool:
        """True when ``event`` is now held (so it is not handled now). A key on its way
        back up from the widget that had it (forwarded) was handled already."""
        if event.is_forwarded:
            return False
        if self._held is None:
            if event.key == "enter" and focused is not None and focused is self._armed:
                self._held = []
            return False
        if event.key in PASSED_ON:
            return False
        self._held.append(events.Key(event.key, event.character))
        return True

    def release(self, app: MessagePump) -> None:
        """The held keys to the app (so to whatever has focus then), in the order typed."""
        held, self._held = self._held or [], None
        for key in held:
            app.post_message(key)

    def done(self, app: MessagePump) -> None:
        """The login is over: the held keys go on, and nothing is held again."""
        self._armed = None
        self.release(app)

    def forget(self) -> None:
        """Back to the login screen before the feed showed (the session was refused): the
        keys meant for the feed are dropped, and nothing is held any more."""
        self._armed = None
        self._held = None
