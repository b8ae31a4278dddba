"""Fan-out of committed events to this process's live subscribers, in memory.

Events reach the hub only after their transaction commits: `bind_publisher` hooks the
app's own session class, so a writer calling `events.emit()` cannot forget to publish
and a rolled-back event is never seen. A SAVEPOINT's release or rollback is not the
transaction's: the hook waits for the outermost commit, and an event whose row a
rolled-back SAVEPOINT took away (it is no longer persistent) is not published.

Events committed by other server processes (PostgreSQL) arrive through `bus`, which
reads them from the event log and publishes them here; the hub remembers the highest
`seq` it has published per watched user, so the bus reads only what is missing.

Besides events, a user's connections can be sent a `Notice`: a control message, carried
to every process with the commit that caused it (see `bus`). The one kind today is
`revoked(user, credential)`: every socket opened with that token or key closes 4401,
whichever process it is on.
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
from talenttui.server.events import DELIVERIES_KEY, PENDING_KEY
from talenttui.server.models import Event

QUEUE_SIZE = 1000
NOTICES_KEY = "talenttui.pending_notices"


@dataclass(frozen=True)
class Frame:
    """One server frame; `seq` is None for ephemeral events such as `typing`."""

    user_id: int
    seq: int | None
    body: dict[str, Any]


@dataclass(frozen=True)
class Notice:
    """A control message for one user's connections; `kind` says what it asks of them."""

    user_id: int
    kind: str
    data: dict[str, Any]


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
REVOKE = "revoke"


def revoked(user_id: int, credential: str) -> Notice:
    """The notice that closes every socket of `user_id` opened with `credential`."""
    return Notice(user_id, REVOKE, {"credential": credential})


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
        self._published: dict[int, int] = {}
        self._listeners: list[Callable[[], None]] = []
        self._revocations: list[Callable[[str], None]] = []

    def subscribe(self, user_id: int, credential: str = "") -> Subscription:
        sub = Subscription(self, user_id, credential)
        self._subs[user_id].add(sub)
        return sub

    def connections(self, user_id: int) -> int:
        return len(self._subs.get(user_id, ()))

    def add_revocation_listener(self, listener: Callable[[str], None]) -> None:
        """Called with each revoked credential, here or on another process (the credential cache)."""
        self._revocations.append(listener)

    def revoke(self, user_id: int, credential: str) -> None:
        """Close every socket of `user_id` here opened with `credential` (`revoked` notice)."""
        for listener in self._revocations:
            listener(credential)
        for sub in list(self._subs.get(user_id, ())):
            if sub.credential == credential:
                sub.close(REVOKED)

    def unsubscribe(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.user_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.user_id]
                self._published.pop(sub.user_id, None)

    def watched(self) -> list[int]:
        """Users with a live subscriber in this process."""
        return list(self._subs)

    def watches(self, user_id: int) -> bool:
        return user_id in self._subs

    def published_seq(self, user_id: int) -> int | None:
        """The highest seq published here to a watched user, if any was."""
        return self._published.get(user_id)

    def add_listener(self, listener: Callable[[], None]) -> None:
        """Called after each commit that queued webhook deliveries (the dispatcher listens)."""
        self._listeners.append(listener)

    def publish(self, frame: Frame) -> None:
        subs = self._subs.get(frame.user_id)
        if not subs:
            return
        if frame.seq is not None:
            self._published[frame.user_id] = max(self._published.get(frame.user_id, 0), frame.seq)
        for sub in list(subs):
            sub.offer(frame)

    def notice(self, notice: Notice) -> None:
        if notice.kind == REVOKE:
            self.revoke(notice.user_id, str(notice.data.get("credential", "")))

    def committed(self, rows: list[Event], notices: list[Notice], deliveries: bool) -> None:
        for row in rows:
            self.publish(event_frame(row))
        for notice in notices:
            self.notice(notice)
        if deliveries:
            for listener in self._listeners:
                listener()


def bind_publisher(session_class: type[Session], hub: Hub) -> None:
    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            return
        rows = [row for row in session.info.pop(PENDING_KEY, ()) if inspect(row).persistent]
        notices = session.info.pop(NOTICES_KEY, [])
        deliveries = bool(session.info.pop(DELIVERIES_KEY, False))
        if rows or notices or deliveries:
            hub.committed(rows, notices, deliveries)

    def after_rollback(session: Session) -> None:
        if not session.in_nested_transaction():
            for key in (PENDING_KEY, NOTICES_KEY, DELIVERIES_KEY):
                session.info.pop(key, None)

    event.listen(session_class, "after_commit", after_commit)
    event.listen(session_class, "after_rollback", after_rollback)
