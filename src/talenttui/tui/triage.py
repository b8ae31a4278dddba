"""The triage engine: the feed's writes as the person made them, stored first, undone in
order, rolled back when refused, and drawn as made until the server has them.

No Textual here: the feed widget (``panes.match_feed``) is its view (``FeedView``) and
hands it a way to store a write (``Store``); tests/tui/test_triage.py drives it alone.

An action is stored in the outbox (on disk) before the row changes and the cursor moves
on, so a terminal closed a moment later loses nothing; the app's one sender delivers the
writes in the order they were made (an undo never overtakes the action it undoes).

Rows from the server (or the cache) are drawn with the statuses that writes still in the
outbox will set, and cached rows with those of writes made after they were fetched, so a
feed painted while offline, even after a restart, shows what the person did. A write
that landed after a load began is applied too: that load's answer may predate it.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from talenttui.tui.watch import Watch

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.errors import ApiError
    from talenttui.api.models.match_rows import MatchRow
    from talenttui.api.models.matches import MatchActionName
    from talenttui.api.outbox import OutboxEntry
    from talenttui.tui.tally import Tally

Severity = Literal["information", "warning", "error"]
Store = Callable[["Call[Any]", str, Watch], Awaitable["OutboxEntry | None"]]
"""Stores a write in the outbox (on disk when it returns) and sends it on; None when it
could not be stored, which has been reported (``loading.store``)."""


class FeedView(Protocol):
    """What the engine changes on screen."""

    @property
    def current(self) -> MatchRow | None:
        """The match under the cursor."""

    def show_status(self, match_id: str, status: str, reason: str | None = None) -> None:
        """The row (and the counters) as if the server had it already; ``reason`` is a
        rejection's."""

    def advance_past(self, match_id: str) -> None:
        """The cursor onto the row after this match."""

    def move_to(self, match_id: str) -> None:
        """The cursor onto this match, if it is listed."""

    def say(
        self, text: str, *, severity: Severity = "information", timeout: float | None = None
    ) -> None:
        """A notice (plain text, never markup; ``timeout`` None: the app's default)."""


ACTION_TO: dict[str, MatchActionName] = {
    "accepted": "accept",
    "rejected": "reject",
    "saved": "save",
    "new": "reset",
}


REASON_KEY = "reason"
"""Where a reject's reason goes in the action's ``metadata`` (the server reads it back)."""

OFFLINE_QUIET = 3.0
"""Seconds after an offline notice in which the next ones (a batch's rows) stay quiet."""

LANDED_KEPT = 300.0
"""Seconds a landed write is remembered: longer than any load takes."""


@dataclass(frozen=True)
class Triage:
    """One action as the person made it; undo sends the action that restores ``before``."""

    match_id: str
    name: str
    before: str
    after: str
    message: str | None = None
    reason: str | None = None
    """A reject's reason, sent in the action's ``metadata``."""


Batch = list[Triage]
"""What one ``u`` undoes: one action, or all the rows of a batch."""


@dataclass(frozen=True)
class Write:
    action: MatchActionName
    triage: Triage
    undo: bool

    @property
    def label(self) -> str:
        """How the outbox and its notices name it: "save Ana Lee", "undo: Ana Lee back to new"."""
        if self.undo:
            return f"undo: {self.triage.name} back to {self.triage.before}"
        return f"{self.action} {self.triage.name}"

    @property
    def status(self) -> str:
        return self.triage.before if self.undo else self.triage.after


class PendingStatuses:
    def __init__(self) -> None:
        self._writes: dict[int, tuple[str, str, float, bool]] = {}
        """Outbox entry id -> (match id, status, made at (epoch), still pending), in the
        order the writes were made."""
        self._landed: dict[str, tuple[str, float]] = {}
        """Match id -> (status, when it landed (monotonic)): for loads that began before."""

    def reset_from(self, entries: list[OutboxEntry]) -> None:
        """What the outbox holds now: pending writes, and delivered ones a cached page may
        predate (refused ones were put back)."""
        from talenttui.api.endpoints.matches import queued_status

        self._writes = {}
        for entry in entries:
            found = queued_status(entry.method, entry.path, entry.body)
            if found is not None and entry.state != "failed":
                match_id, status = found
                self._writes[entry.id] = (
                    match_id,
                    status,
                    entry.created_at,
                    entry.state == "pending",
                )

    def queued(self, entry: OutboxEntry, match_id: str, status: str) -> None:
        self._writes[entry.id] = (match_id, status, entry.created_at, True)

    def landed(self, entry_id: int) -> None:
        now = time.monotonic()
        self._landed = {m: v for m, v in self._landed.items() if v[1] > now - LANDED_KEPT}
        found = self._writes.get(entry_id)
        if found is not None:
            match_id, status, made_at, _ = found
            self._writes[entry_id] = (match_id, status, made_at, False)
            self._landed[match_id] = (status, now)

    def dropped(self, entry_id: int) -> None:
        self._writes.pop(entry_id, None)

    def waiting(self, match_id: str) -> bool:
        return any(m == match_id and pending for m, _, _, pending in self._writes.values())

    def statuses(self, fetched_at: float, since: float) -> dict[str, str]:
        """Match id -> the status to draw on data fetched at ``fetched_at`` (epoch) by a load
        that began at ``since`` (monotonic): pending writes, writes made after the data was
        fetched, and writes that landed while the load was under way."""
        shown = {m: status for m, (status, at) in self._landed.items() if at >= since}
        for match_id, status, made_at, pending in self._writes.values():
            if pending or made_at >= fetched_at:
                shown[match_id] = status
        return shown


class Triager:
    """One feed's actions: what to store, what undo sends, what a refusal puts back."""

    def __init__(self, view: FeedView, store: Store) -> None:
        self._view = view
        self._store_write = store
        self._undo: list[Batch] = []
        self._writes: dict[int, Write] = {}
        """Outbox entry id -> this session's write not yet delivered or refused."""
        self.pending = PendingStatuses()
        self._offline_said_at = -OFFLINE_QUIET

    @property
    def idle(self) -> bool:
        """No action of this session still on its way to the server."""
        return not self._writes

    def drawn(
        self, matches: list[MatchRow], fetched_at: float, since: float, tally: Tally
    ) -> list[MatchRow]:
        """Server rows fetched at ``fetched_at`` (epoch) by a load that began at ``since``
        (monotonic), with the writes they do not show yet drawn as made (and counted)."""
        statuses = self.pending.statuses(fetched_at, since)
        if not statuses:
            return matches
        drawn = []
        for match in matches:
            status = statuses.get(match.id, match.status)
            if status != match.status:
                tally.move(match.status, status)
                match = match.with_status(status, match.reject_reason)
            drawn.append(match)
        return drawn

    async def act(
        self,
        match: MatchRow,
        action: MatchActionName,
        message: str | None,
        reason: str | None = None,
    ) -> None:
        from talenttui.api.endpoints.matches import ACTION_STATUS

        view = self._view
        after = ACTION_STATUS[action]
        if match.status == after and message is None and reason is None:
            view.say(f"Already {after}.", timeout=2)
            view.advance_past(match.id)
            return
        triage = Triage(match.id, match.name, match.status, after, message, reason)
        if await self._store(Write(action, triage, undo=False)) is None:
            return
        self._undo.append([triage])
        view.show_status(match.id, after, reason)
        view.advance_past(match.id)

    async def act_on_all(
        self, matches: list[MatchRow], action: MatchActionName, reason: str | None = None
    ) -> int:
        """A batch, each row stored as its own write, undone by one ``u``; rows already
        in that status are left as they are. Returns how many were stored."""
        from talenttui.api.endpoints.matches import ACTION_STATUS

        after = ACTION_STATUS[action]
        batch: Batch = []
        for match in matches:
            if match.status == after and reason is None:
                continue
            triage = Triage(match.id, match.name, match.status, after, None, reason)
            if await self._store(Write(action, triage, undo=False)) is None:
                break
            batch.append(triage)
            self._view.show_status(match.id, after, reason)
        if batch:
            self._undo.append(batch)
        return len(batch)

    async def undo(self) -> None:
        if not self._undo:
            await self._restore_rejected()
            return
        view = self._view
        batch = self._undo.pop()
        undone: Batch = []
        waiting = False
        for triage in reversed(batch):
            waiting = self.pending.waiting(triage.match_id)
            if await self._store(Write(ACTION_TO[triage.before], triage, undo=True)) is None:
                break
            undone.append(triage)
            view.show_status(triage.match_id, triage.before)
        left = [t for t in batch if t not in undone]
        if left:
            self._undo.append(left)
        if not undone:
            return
        view.move_to(undone[-1].match_id)
        if len(batch) == 1:
            view.say(undone_text(undone[0], waiting), timeout=5)
        else:
            view.say(f"Undone: {len(undone)} of {len(batch)} matches as they were.", timeout=5)

    async def _restore_rejected(self) -> None:
        """Nothing left to undo: a rejected match under the cursor (days later, in the
        rejected view) goes back to new."""
        view = self._view
        match = view.current
        if match is None or match.status != "rejected":
            view.say("Nothing to undo.", timeout=2)
            return
        triage = Triage(match.id, match.name, "rejected", "new")
        if await self._store(Write("reset", triage, undo=False)) is None:
            return
        view.show_status(match.id, "new")
        view.say(f"Restored: {match.name} is new again.", timeout=3)

    async def _store(self, write: Write) -> OutboxEntry | None:
        """Into the outbox, on disk, before the screen shows it; then on its way."""
        from talenttui.api.endpoints.matches import act_on_match

        triage = write.triage
        message = triage.message if not write.undo else None
        metadata = {REASON_KEY: triage.reason} if triage.reason and not write.undo else None
        call = act_on_match(triage.match_id, write.action, message=message, metadata=metadata)

        def stored(entry: OutboxEntry) -> None:
            self._writes[entry.id] = write
            self.pending.queued(entry, triage.match_id, write.status)

        watch = Watch(
            stored=stored,
            delivered=lambda entry, _result: self._landed(entry),
            refused=self._refused,
            waiting=self._waiting,
        )
        return await self._store_write(call, write.label, watch)

    def _landed(self, entry: OutboxEntry) -> None:
        self._writes.pop(entry.id, None)
        self.pending.landed(entry.id)

    def _refused(self, entry: OutboxEntry, error: ApiError) -> None:
        self.pending.dropped(entry.id)
        write = self._writes.pop(entry.id, None)
        if write is None:
            return
        triage = write.triage
        if write.undo:
            self._view.show_status(triage.match_id, triage.after, triage.reason)
        else:
            self._view.show_status(triage.match_id, triage.before)
        if not write.undo and self._undo and triage in self._undo[-1]:
            self._undo[-1].remove(triage)
            if not self._undo[-1]:
                self._undo.pop()
        self._view.say(
            f"Could not {write.action} {triage.name}: {error.message}. The change was undone.",
            severity="error",
        )

    def _waiting(self, entry: OutboxEntry, error: ApiError) -> None:
        from talenttui.api.errors import AuthError

        if entry.id not in self._writes or isinstance(error, AuthError):
            return
        now = time.monotonic()
        if now - self._offline_said_at < OFFLINE_QUIET:
            return
        self._offline_said_at = now
        self._view.say(
            f"Offline: “{entry.label}” will be sent when the server is back.",
            severity="warning",
            timeout=3,
        )


def undone_text(triage: Triage, accept_waiting: bool) -> str:
    """An accept cannot be taken back on the server: its first message is (or will be) sent."""
    text = f"Undone: {triage.name} is {triage.before} again."
    if triage.after != "accepted":
        return text
    if triage.message is None:
        return text + " The conversation the accept opened stays."
    if accept_waiting:
        return text + " Your first message will still be delivered when the accept is sent."
    return text + " Your first message was already delivered; the conversation stays."
