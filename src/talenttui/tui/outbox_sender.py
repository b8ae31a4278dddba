"""The app's one sender of the outbox: stored writes go out one at a time, in order.

Delivered writes stay in the outbox as long as the cache keeps answers: a page cached
before a write is drawn with it (``triage.PendingStatuses``).

Every write a person makes is in the outbox (on disk) before the screen shows it done;
this loop sends them. Whoever stored a write may ``watch`` it: told when the server took
it, refused it, or when it has to wait (offline, or the session needs a new login). A
write nobody watches (left from an earlier run) gets a notice if it is refused. One loop
per app, so no entry is ever sent twice at once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.worker import Worker

    from talenttui.api.call import Call
    from talenttui.api.client import TalentClient
    from talenttui.api.errors import ApiError
    from talenttui.api.outbox import Outbox, OutboxEntry, ReplayReport
    from talenttui.tui.watch import Watch


class SenderHost(Protocol):
    """What the sender needs of the app (``TalentApp``): the client, a worker for its loop,
    the status bar's count, notices, and the app's steps when the server refuses the
    session or writes that waited went in."""

    queued: int
    """Writes waiting in the outbox."""

    async def client(self) -> TalentClient: ...

    def run_worker(
        self, work: Coroutine[Any, Any, None], *, name: str, group: str, exit_on_error: bool
    ) -> Worker[None]: ...

    def notify(
        self, message: str, *, severity: SeverityLevel = "information", markup: bool = True
    ) -> None: ...

    async def session_refused(self, error: ApiError) -> None: ...

    def view_stale(self) -> None: ...


class OutboxSender:
    def __init__(self, app: SenderHost) -> None:
        self._app = app
        self._worker: Worker[None] | None = None
        self._wake = asyncio.Event()
        self._watches: dict[int, Watch] = {}
        self._told_waiting: set[int] = set()
        self.storing = 0
        """Writes on their way into the outbox now (a quit waits for them: ``tui/settle.py``)."""

    async def submit(self, call: Call[Any], label: str, watch: Watch | None = None) -> OutboxEntry:
        """Store a write (on disk when this returns), count it at once, and send it next.

        The one commit before the POST is the entry's own: the count goes up here (the pass
        counts the outbox again after sending), so no read of the file stands between the
        commit and the request.
        """
        self.storing += 1
        try:
            client = await self._app.client()
            entry = await client.enqueue(call, label)
        finally:
            self.storing -= 1
        if watch is not None:
            if watch.stored is not None:
                watch.stored(entry)
            self._watches[entry.id] = watch
        self._app.queued += 1
        self.wake()
        return entry

    async def count(self) -> None:
        """The status bar's figure: the outbox's pending writes."""
        client = await self._app.client()
        if client.signed_in:
            self._app.queued = await (await client.outbox()).pending_count()

    def forget_watches(self) -> None:
        """The session ended: the screens that watched are gone; the writes stay queued."""
        self._watches.clear()
        self._told_waiting.clear()

    def wake(self) -> None:
        """A pass soon (the loop is started on first use, and again if it ever failed)."""
        if self._worker is None or self._worker.is_finished:
            self._worker = self._app.run_worker(
                self.run(), group="outbox", name="outbox sender", exit_on_error=False
            )
        self._wake.set()

    async def run(self) -> None:
        """Until the app ends: a pass over the outbox each time something wakes it."""
        while True:
            await self._wake.wait()
            self._wake.clear()
            client = await self._app.client()
            if client.signed_in:
                await self._pass(client)

    async def _pass(self, client: TalentClient) -> None:
        from talenttui.api.errors import AuthError

        report = await client.replay()
        outbox = await client.outbox()
        await self.count()
        late = self._delivered(report)
        await self._refused(report, outbox)
        if report.delivered:
            kept = client.config.cache.max_age_seconds  # as long as a cached page may be
            await outbox.forget_done(before=time.time() - kept)
        stopped = report.stopped_by
        if stopped is not None:
            for entry in await outbox.pending():
                self._waiting(entry, stopped)
            if isinstance(stopped, AuthError):
                await self._app.session_refused(stopped)
        if late:  # writes that had waited (offline, or from an earlier run) are in
            self._app.notify(
                f"Sent {late} action{'s' if late != 1 else ''} that waited in the outbox."
            )
            self._app.view_stale()

    def _delivered(self, report: ReplayReport) -> int:
        """Tell the watchers; the number of writes that had been waiting (or are older)."""
        late = 0
        for delivered in report.delivered:
            entry = delivered.entry
            watch = self._watches.pop(entry.id, None)
            if watch is None or entry.id in self._told_waiting:
                late += 1
            self._told_waiting.discard(entry.id)
            if watch is not None and watch.delivered is not None:
                watch.delivered(entry, delivered.result)
        return late

    async def _refused(self, report: ReplayReport, outbox: Outbox) -> None:
        """Refused writes were reported to their watcher (or in a notice): they are dropped."""
        for entry in report.failed:
            error = report.errors[entry.id]
            watch = self._watches.pop(entry.id, None)
            self._told_waiting.discard(entry.id)
            if watch is not None and watch.refused is not None:
                watch.refused(entry, error)
            else:
                self._app.notify(
                    f"The server refused a queued action ({entry.label}): {error.message}",
                    severity="error",
                    markup=False,
                )
            await outbox.discard(entry.id)

    def _waiting(self, entry: OutboxEntry, reason: ApiError) -> None:
        if entry.id in self._told_waiting:
            return
        self._told_waiting.add(entry.id)
        watch = self._watches.get(entry.id)
        if watch is not None and watch.waiting is not None:
            watch.waiting(entry, reason)
