"""Writes a person made, kept on disk until they land: each is stored here first, then sent.

Each entry gets its ``Idempotency-Key`` (a uuid4) when it is enqueued, and every replay
sends that same key, so the server performs the write once however many times it is sent.
Crash safety follows from the order of commits: ``enqueue`` has committed when it
returns; an entry is marked done only after the server said yes. A crash between the
server's yes and our mark replays the entry with the same key, and the server answers with
its first result instead of writing again. That is the only commit before a write is sent:
the try is counted (``attempts``) with its outcome, in one commit after the answer, and
the file is in WAL mode (a commit appends to the log and syncs it once; the rollback
journal's several syncs cost tens of milliseconds on a busy disk, before every send).

Replay goes in enqueue order and stops at the first failure that may pass (no network,
401 until the user signs in again, 408, 429, 5xx), so later writes never overtake an
earlier one; it does not retry a network failure itself (the next replay is the retry).
A write the server refuses (any other 4xx) is marked failed and reported: sending it
again cannot help. One replay runs at a time per outbox, so no entry is sent twice at once.

Auth endpoints are refused: a login code or a freshly created API key must never be
written to disk, and both make no sense to replay later.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from talenttui.api.errors import ApiError
from talenttui.api.localdb import LocalDb

if TYPE_CHECKING:
    from talenttui.api.transport import Transport

OUTBOX_FILE = "outbox.sqlite3"
_SCHEMA = """
PRAGMA journal_mode = WAL;
PRAGMA synchronous = FULL;
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    server TEXT NOT NULL,
    user TEXT NOT NULL,
    created_at REAL NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    body TEXT,
    idempotency_key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'pending',
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX IF NOT EXISTS outbox_queue ON outbox (server, user, state, id);
"""
_REFUSED_PREFIXES = ("/api/v1/auth/", "/v1/auth/")
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

State = Literal["pending", "done", "failed"]


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    created_at: float
    method: str
    path: str
    body: Any
    idempotency_key: str
    label: str
    state: State
    attempts: int
    last_error: str | None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> OutboxEntry:
        return cls(
            id=row["id"],
            created_at=row["created_at"],
            method=row["method"],
            path=row["path"],
            body=json.loads(row["body"]) if row["body"] is not None else None,
            idempotency_key=row["idempotency_key"],
            label=row["label"],
            state=row["state"],
            attempts=row["attempts"],
            last_error=row["last_error"],
        )


@dataclass(frozen=True)
class Delivered:
    entry: OutboxEntry
    result: Any


@dataclass
class ReplayReport:
    delivered: list[Delivered] = field(default_factory=list)
    failed: list[OutboxEntry] = field(default_factory=list)
    """Refused by the server (4xx): marked failed, not retried."""
    errors: dict[int, ApiError] = field(default_factory=dict)
    """The refusal of each failed entry, by entry id."""
    stopped_by: ApiError | None = None
    """The failure that may pass (offline, 401, 408, 429, 5xx) that left the rest pending."""
    pending: int = 0


def _may_pass(exc: ApiError) -> bool:
    return exc.status == 0 or exc.status in (401, 408, 429) or exc.status >= 500


class Outbox:
    """One user's queued writes to one server."""

    def __init__(
        self,
        path: Path | None,
        server: str,
        user: str,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._db = LocalDb(path, _SCHEMA)
        self.server = server
        self.user = user
        self._clock = clock
        self._replaying = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        data_dir: Path,
        server: str,
        user: str,
        *,
        kiosk: bool,
        clock: Callable[[], float] = time.time,
    ) -> Outbox:
        """The user's outbox file, or memory only in kiosk mode."""
        path = None if kiosk else data_dir / OUTBOX_FILE
        return await asyncio.to_thread(cls, path, server, user, clock=clock)

    async def enqueue(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        label: str = "",
        idempotency_key: str | None = None,
    ) -> OutboxEntry:
        """Queue a write; it is on disk (and has its idempotency key) when this returns.

        A write already tried once keeps the key it was sent with (``idempotency_key``): if
        that first try reached the server and only the answer was lost, the replay is
        recognised instead of writing again.
        """
        method = method.upper()
        if method not in _WRITE_METHODS:
            raise ValueError(f"only writes are queued, not {method}")
        if path.startswith(_REFUSED_PREFIXES):
            raise ValueError("auth requests are never queued")
        encoded = json.dumps(body) if body is not None else None
        key = idempotency_key or str(uuid.uuid4())
        now = self._clock()

        def insert(conn: sqlite3.Connection) -> OutboxEntry:
            cursor = conn.execute(
                "INSERT INTO outbox (server, user, created_at, method, path, body,"
                " idempotency_key, label) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.server, self.user, now, method, path, encoded, key, label),
            )
            row = conn.execute("SELECT * FROM outbox WHERE id = ?", (cursor.lastrowid,)).fetchone()
            return OutboxEntry.from_row(row)

        return await self._db.transaction(insert)

    async def entries(self, state: State | None = None) -> list[OutboxEntry]:
        """This user's entries in enqueue order, optionally of one state."""
        sql = "SELECT * FROM outbox WHERE server = ? AND user = ?"
        args: tuple[Any, ...] = (self.server, self.user)
        if state is not None:
            sql += " AND state = ?"
            args += (state,)
        rows = await self._db.run(lambda conn: conn.execute(sql + " ORDER BY id", args).fetchall())
        return [OutboxEntry.from_row(row) for row in rows]

    async def pending(self) -> list[OutboxEntry]:
        return await self.entries("pending")

    async def pending_count(self) -> int:
        """Writes not yet delivered: the status bar's queue figure."""
        row = await self._db.run(
            lambda conn: conn.execute(
                "SELECT COUNT(*) FROM outbox WHERE server = ? AND user = ? AND state = 'pending'",
                (self.server, self.user),
            ).fetchone()
        )
        return int(row[0])

    async def discard(self, entry_id: int) -> None:
        """Drop an entry the user gave up on (a failed one, or a pending one not yet sent)."""
        await self._db.transaction(
            lambda conn: conn.execute(
                "DELETE FROM outbox WHERE id = ? AND server = ? AND user = ? AND state != 'done'",
                (entry_id, self.server, self.user),
            )
        )

    async def forget_done(self, before: float | None = None) -> None:
        """Drop delivered entries (made before ``before``, when given: newer ones still say
        what cached answers older than them are missing)."""
        cutoff = self._clock() if before is None else before
        await self._db.transaction(
            lambda conn: conn.execute(
                "DELETE FROM outbox WHERE server = ? AND user = ? AND state = 'done'"
                " AND created_at <= ?",
                (self.server, self.user, cutoff),
            )
        )

    async def replay(self, transport: Transport) -> ReplayReport:
        """Send pending writes in order; one replay at a time per outbox."""
        async with self._replaying:
            report = ReplayReport()
            queue = await self.pending()
            for index, entry in enumerate(queue):
                try:
                    result = await transport.request(
                        entry.method,
                        entry.path,
                        json=entry.body,
                        idempotency_key=entry.idempotency_key,
                        read=False,
                        retry_network=False,
                    )
                except ApiError as exc:
                    if _may_pass(exc):
                        await self._tried(entry.id, "pending", str(exc))
                        report.stopped_by = exc
                        report.pending = len(queue) - index
                        return report
                    report.failed.append(await self._tried(entry.id, "failed", str(exc)))
                    report.errors[entry.id] = exc
                    continue
                report.delivered.append(Delivered(await self._tried(entry.id, "done"), result))
            return report

    async def _tried(self, entry_id: int, state: State, error: str | None = None) -> OutboxEntry:
        """One try's outcome and its count, in one commit; the entry as it now is."""

        def update(conn: sqlite3.Connection) -> OutboxEntry:
            conn.execute(
                "UPDATE outbox SET state = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?",
                (state, error, entry_id),
            )
            row = conn.execute("SELECT * FROM outbox WHERE id = ?", (entry_id,)).fetchone()
            return OutboxEntry.from_row(row)

        return await self._db.transaction(update)

    def close(self) -> None:
        self._db.close()
