"""SQLite's WAL checkpoints, made beside the writers instead of inside one's commit.

Left to itself, SQLite checkpoints in the commit that grows the WAL past 1000 pages:
that commit copies pages into the database file and syncs it (often 100 ms and more on
a busy disk) while it holds the one write lock (`db.WriterSession`), and every writer
queued behind it waits (the demo-size-50 re-score's longest batches held the lock
145-160 ms so, against 20-40 ms for the rest). The engine's connections are opened
with `wal_autocheckpoint=0` (`db.make_engine`), and this task makes a PASSIVE
checkpoint every second on a pooled connection of its own, in that connection's driver
thread: writers go on appending to the WAL meanwhile, and it is recycled as before.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("talenttui.server")

EVERY_SECONDS = 1.0


class WalCheckpoints:
    def __init__(self, engine: AsyncEngine, every: float = EVERY_SECONDS) -> None:
        self._engine = engine
        self._every = every
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        """Only SQLite has a WAL to checkpoint; elsewhere there is nothing to start."""
        if self._engine.dialect.name == "sqlite":
            self._task = asyncio.create_task(self._run(), name="wal-checkpoints")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def checkpoint(self) -> None:
        async with self._engine.connect() as conn:
            raw = await conn.get_raw_connection()
            driver = raw.driver_connection  # the aiosqlite connection: no transaction begun
            assert driver is not None
            cursor = await driver.execute("PRAGMA wal_checkpoint(PASSIVE)")
            await cursor.close()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._every)
            try:
                await self.checkpoint()
            except Exception as exc:  # a busy moment: the next second tries again
                log.warning("WAL checkpoint failed: %s", type(exc).__name__)
