"""One login code with the server at a time, never cancelled, never sent twice at once.

The code is checked as soon as six digits are in, and most people press enter after the
sixth digit: that second submit of the same code must do nothing. Cancelling the first
check instead (an exclusive worker) lost a code the server had already used up.
"""

from __future__ import annotations

import asyncio
import contextlib

ENTER_GRACE = 0.5
"""Seconds an accepted code that was not entered waits for the enter most people press
next, so that enter is spent on the login screen, not on the first match of the next."""


class CodeGate:
    def __init__(self) -> None:
        self.checking: str | None = None
        """The code the server is checking."""
        self._next: str | None = None
        self._entered = asyncio.Event()

    def submit(self, code: str, *, entered: bool) -> bool:
        """True when ``code`` should be sent now. A repeat of the code being checked does
        nothing; a different one waits for the answer about the first."""
        start = self.checking is None
        if start:
            self.checking = code
            self._entered.clear()
        elif code != self.checking:
            self._next = code
        if entered and code == self.checking:
            self._entered.set()
        return start

    def refused(self, *, retry_allowed: bool) -> str | None:
        """The check is over and failed: the code typed meanwhile, if it may be tried."""
        refused, waiting = self.checking, self._next
        self.checking = self._next = None
        if waiting is None or waiting == refused or not retry_allowed:
            return None
        return waiting

    def forget(self) -> None:
        """Another address or session: a waiting code is no longer for it."""
        self._next = None

    async def wait_for_enter(self, grace: float | None = None) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._entered.wait(), ENTER_GRACE if grace is None else grace)
