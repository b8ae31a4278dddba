"""A small SQLite database run off the event loop, shared by the cache and the outbox.

One connection per database, used from worker threads one call at a time (a lock), so a
slow disk never stalls the UI. ``path=None`` keeps everything in memory (kiosk mode). Files
are created 0600 in a 0700 directory before SQLite opens them: they hold the user's data,
and SQLite gives its journal files the database file's mode.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from talenttui.paths import create_private_file

T = TypeVar("T")


class LocalDb:
    """``prepare`` runs once before ``schema``: the cache uses it to start over when its
    file has an older layout."""

    def __init__(
        self,
        path: Path | None,
        schema: str,
        *,
        prepare: Callable[[sqlite3.Connection], None] | None = None,
    ) -> None:
        self.path = path
        if path is not None:
            create_private_file(path)
        self._conn = sqlite3.connect(
            ":memory:" if path is None else str(path),
            check_same_thread=False,
            isolation_level=None,  # explicit transactions: commits happen where the code says
        )
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.Lock()
        with self._lock:
            self._conn.execute("PRAGMA busy_timeout = 5000")
            if prepare is not None:
                prepare(self._conn)
            self._conn.executescript(schema)

    def _locked(self, work: Callable[[sqlite3.Connection], T]) -> T:
        with self._lock:
            return work(self._conn)

    def run_now(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` on this thread: only for code already off the event loop."""
        return self._locked(work)

    async def run(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` with the connection in a worker thread."""
        return await asyncio.to_thread(self._locked, work)

    async def transaction(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``work`` inside BEGIN IMMEDIATE … COMMIT: durable once this returns."""

        def wrapped(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

        return await self.run(wrapped)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
