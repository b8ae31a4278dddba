"""Fan-out of committed events to live subscribers, in memory, for one server process.

One process only: a second process would not see this hub's events (a shared
broker such as PostgreSQL LISTEN/NOTIFY would be needed to scale out).

Events reach the hub only after their transaction commits: `bind_publisher` hooks the
app's own session class, so a writer calling `events.emit()` cannot forget to publish
and a rolled-back event is never seen. A SAVEPOINT's release or rollback is not the
transaction's: the hook waits for the outermost commit, and an event whose row a
rolled-back SAVEPOINT took away (it is no longer persistent) is not published.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from talenttui.server.clock import isoformat_z
from talenttui.server.events import PENDING_KEY
from talenttui.server.models import Event

QUEUE_SIZE = 1000


@dataclass(frozen=True)
class Frame:
    """One server frame; `seq` is None for ephemeral events such as `typing`."""

    user_id: int
    seq: int | None
    body: dict[str, Any]


def event_frame(row: Event) -> Frame:
    return Frame(
        user_id=row.user_id,
        seq=row.seq,
        body={
            "id": row.public_id,
            "seq": row.seq,
            "event": row.event,
            "data": row.data,
            "created_at": isoformat_z(row.created_at),
        },
    )


@dataclass(frozen=True)
class Closing:
    """Put in a subscription's queue to end its socket: `code` and `reason` for the close frame."""

    code: int
    reason: str


REVOKED = Closing(4401, "credential revoked")


class Subscription:
    """One socket's queue; `credential` names the token or key it was opened with."""

    def __init__(self, hub: Hub, user_id: int, credential: str = "") -> None:
        self.hub = hub
        self.user_id = user_id
        self.credential = credential
        self.queue: asyncio.Queue[Frame | Closing | None] = asyncio.Queue(QUEUE_SIZE)
        self.overflowed = False

    def close(self, closing: Closing) -> None:
        """Ends the socket ahead of any frame still queued."""
        self.overflowed = True  # nothing more is queued behind it
        while not self.queue.empty():
            self.queue.get_nowait()
        self.queue.put_nowait(closing)

    def offer(self, frame: Frame) -> None:
        """A subscriber that cannot keep up is cut off (a `None` frame) and resumes with `since=`."""
        if self.overflowed:
            return
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.overflowed = True
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(None)


class Hub:
    def __init__(self) -> None:
        self._subs: dict[int, set[Subscription]] = defaultdict(set)
        self._listeners: list[Callable[[list[Event]], None]] = []

    def subscribe(self, user_id: int, credential: str = "") -> Subscription:
        sub = Subscription(self, user_id, credential)
        self._subs[user_id].add(sub)
        return sub

    def connections(self, user_id: int) -> int:
        return len(self._subs.get(user_id, ()))

    def revoke(self, user_id: int, credential: str) -> None:
        """A per-user control notice: close every socket of `user_id` opened with `credential`.

        Sent after the revocation commits; a bus between processes carries the same notice.
        """
        for sub in list(self._subs.get(user_id, ())):
            if sub.credential == credential:
                sub.close(REVOKED)

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.user_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.user_id]

    def add_listener(self, listener: Callable[[list[Event]], None]) -> None:
        """Called with each committed batch (webhook delivery listens here)."""
        self._listeners.append(listener)

    def publish(self, frame: Frame) -> None:
        for sub in list(self._subs.get(frame.user_id, ())):
            sub.offer(frame)

    def committed(self, rows: list[Event]) -> None:
        for row in rows:
            self.publish(event_frame(row))
        for listener in self._listeners:
            listener(rows)


def bind_publisher(session_class: type[Session], hub: Hub) -> None:
    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            return
        rows = [row for row in session.info.pop(PENDING_KEY, ()) if inspect(row).persistent]
        if rows:
            hub.committed(rows)

    def after_rollback(session: Session) -> None:
        if not session.in_nested_transaction():
            session.info.pop(PENDING_KEY, None)

    event.listen(session_class, "after_commit", after_commit)
    event.listen(session_class, "after_rollback", after_rollback)
