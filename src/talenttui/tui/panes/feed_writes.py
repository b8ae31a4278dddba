"""The feed's writes as the person made them: stored first, undone in order, rolled back
when refused, and drawn as made until the server has them.

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
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.matches import Match, MatchActionName
    from talenttui.api.outbox import OutboxEntry
    from talenttui.tui.panes.match_feed import MatchFeed

ACTION_TO: dict[str, MatchActionName] = {
    "accepted": "accept",
    "rejected": "reject",
    "saved": "save",
    "new": "reset",
}


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

    def __init__(self, feed: MatchFeed) -> None:
        self._feed = feed
        self._undo: list[Triage] = []
        self._writes: dict[int, Write] = {}
        """Outbox entry id -> this session's write not yet delivered or refused."""
        self.pending = PendingStatuses()

    @property
    def idle(self) -> bool:
        """No action of this session still on its way to the server."""
        return not self._writes

    async def act(self, match: Match, action: MatchActionName, message: str | None) -> None:
        from talenttui.api.endpoints.matches import ACTION_STATUS

        feed = self._feed
        after = ACTION_STATUS[action]
        if match.status == after and message is None:
            feed.notify(f"Already {after}.", timeout=2)
            feed.advance_past(match.id)
            return
        triage = Triage(match.id, match.name, match.status, after, message)
        if await self._store(Write(action, triage, undo=False)) is None:
            return
        self._undo.append(triage)
        feed.apply_status(match.id, after)
        feed.advance_past(match.id)

    async def undo(self) -> None:
        if not self._undo:
            await self._restore_rejected()
            return
        feed = self._feed
        triage = self._undo.pop()
        accept_waiting = self.pending.waiting(triage.match_id)
        if await self._store(Write(ACTION_TO[triage.before], triage, undo=True)) is None:
            self._undo.append(triage)
            return
        feed.apply_status(triage.match_id, triage.before)
        index = feed.match_list.index_of(triage.match_id)
        if index is not None:
            feed.match_list.move_to(index)
        feed.notify(undone_text(triage, accept_waiting), timeout=5, markup=False)

    async def _restore_rejected(self) -> None:
        """Nothing left to undo: a rejected match under the cursor (days later, in the
        rejected view) goes back to new."""
        feed = self._feed
        match = feed.match_list.current
        if match is None or match.status != "rejected":
            feed.notify("Nothing to undo.", timeout=2)
            return
        triage = Triage(match.id, match.name, "rejected", "new")
        if await self._store(Write("reset", triage, undo=False)) is None:
            return
        feed.apply_status(match.id, "new")
        feed.notify(f"Restored: {match.name} is new again.", timeout=3, markup=False)

    async def _store(self, write: Write) -> OutboxEntry | None:
        """Into the outbox, on disk, before the screen shows it; then on its way."""
        from talenttui.api.endpoints.matches import act_on_match
        from talenttui.tui.loading import store
        from talenttui.tui.outbox_sender import Watch

        triage = write.triage
        message = triage.message if not write.undo else None
        call = act_on_match(triage.match_id, write.action, message=message)

        def stored(entry: OutboxEntry) -> None:
            self._writes[entry.id] = write
            self.pending.queued(entry, triage.match_id, write.status)

        watch = Watch(
            stored=stored,
            delivered=lambda entry, _result: self._landed(entry),
            refused=self._refused,
            waiting=self._waiting,
        )
        return await store(self._feed.talent, call, label=write.label, watch=watch)

    def _landed(self, entry: OutboxEntry) -> None:
        self._writes.pop(entry.id, None)
        self.pending.landed(entry.id)

    def _refused(self, entry: OutboxEntry, error: ApiError) -> None:
        self.pending.dropped(entry.id)
        write = self._writes.pop(entry.id, None)
        if write is None:
            return
        triage = write.triage
        self._feed.apply_status(triage.match_id, triage.after if write.undo else triage.before)
        if not write.undo and self._undo and self._undo[-1] == triage:
            self._undo.pop()
        self._feed.notify(
            f"Could not {write.action} {triage.name}: {error.message}. The change was undone.",
            severity="error",
            markup=False,
        )

    def _waiting(self, entry: OutboxEntry, error: ApiError) -> None:
        from talenttui.api.errors import AuthError

        if entry.id in self._writes and not isinstance(error, AuthError):
            self._feed.notify(
                f"Offline: “{entry.label}” will be sent when the server is back.",
                severity="warning",
                timeout=3,
                markup=False,
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
