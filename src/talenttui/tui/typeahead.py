"""Keys that arrive ahead of the widget they are for: held, then handed on in order.

Keys that arrive together (a fast typist, a paste of keystrokes, a laggy SSH link) are all
in the app's queue before the first has been handled, and the app gives each to the widget
focused when it takes it from the queue. So a key that changes where the next ones belong
came too late for them:

- the enter on a login code: ``jja`` typed straight after it landed in the code field
  (and went with the login screen) or in a shell still building. From that enter the
  keys wait for the painted feed; if the code is refused (or no code is on its way), they
  go back to the login screen;
- tab and shift+tab: on the signup form, ``email<tab>New<tab>Person`` in one burst put
  everything in the email field. From the tab the keys wait until the focus has moved
  (or ``FOCUS_WAIT`` has passed: a tab the widget keeps moves nothing).

Holding starts at the key itself, as the app receives it: a start from the widget's own
handling of the key (a field's ``Submitted``) came too late for the keys behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

if TYPE_CHECKING:
    from textual.app import App
    from textual.widget import Widget

PASSED_ON = frozenset({"ctrl+c", "ctrl+q"})
"""Quitting works while keys are held."""
FOCUS_KEYS = frozenset({"tab", "shift+tab"})
FOCUS_WAIT = 0.1
"""Seconds the keys after a tab wait at most for the focus to move."""
FOCUS_CHECK = 0.005


class TypeAhead:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._armed: Widget | None = None
        self._held: list[events.Key] | None = None
        self._hold = 0
        """Counts holds, so a check for an earlier tab's focus leaves a later hold be."""

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
                self._start()
            elif event.key in FOCUS_KEYS:
                self._until_focus_leaves(focused, self._start(), FOCUS_WAIT)
            return False
        if event.key in PASSED_ON:
            return False
        self._held.append(events.Key(event.key, event.character))
        return True

    def _start(self) -> int:
        self._held = []
        self._hold += 1
        return self._hold

    def _until_focus_leaves(self, focused: Widget | None, hold: int, left: float) -> None:
        def check() -> None:
            if hold != self._hold or self._held is None:
                return  # released already, or another hold began
            if self._app.focused is not focused or left <= 0:
                self.release()
            else:
                self._until_focus_leaves(focused, hold, left - FOCUS_CHECK)

        self._app.set_timer(FOCUS_CHECK, check)

    def release(self) -> None:
        """The held keys to the app (so to whatever has focus then), in the order typed."""
        held, self._held = self._held or [], None
        for key in held:
            self._app.post_message(key)

    def done(self) -> None:
        """The login is over: the held keys go on, and a code's enter holds no more."""
        self._armed = None
        self.release()

    def forget(self) -> None:
        """Back to the login screen before the feed showed (the session was refused): the
        keys meant for the feed are dropped, and nothing is held any more."""
        self._armed = None
        self._held = None
