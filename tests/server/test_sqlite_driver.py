"""SQLite's driver: one thread trip per statement, a transaction's BEGIN riding with its first
statement (issue #15, point 5), and the transaction still one: immediate for writes, undone
whole by a rollback. WAL checkpoints happen beside the writers, not in a commit (#14, 7)."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from talenttui.server import sqlite_driver
from talenttui.server.db import Sessions, make_engine, make_sessions
from talenttui.server.wal_checkpoints import WalCheckpoints
from tests.conftest import Live
from tests.server.skillsync_people import person


@pytest.fixture
async def sessions(tmp_path: Path) -> AsyncIterator[tuple[Sessions, Path]]:
    path = tmp_path / "t.db"
    engine = make_engine(f"sqlite+aiosqlite:///{path}")
    made = make_sessions(engine)
    async with made.write() as db:
        await db.execute(text("CREATE TABLE t (x INTEGER)"))
        await db.commit()
    yield made, path
    await engine.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What each trip to aiosqlite's thread ran: its BEGIN (if any) and its statement."""
    seen: list[str] = []
    run = sqlite_driver._run

    def counted(raw: sqlite3.Connection, begin: str | None, operation: str, *rest: Any) -> Any:
        seen.append(f"{begin} + {operation}" if begin else operation)
        return run(raw, begin, operation, *rest)

    monkeypatch.setattr(sqlite_driver, "_run", counted)
    return seen


async def test_a_write_begins_immediate_in_its_first_statements_trip(
    sessions: tuple[Sessions, Path], trips: list[str]
) -> None:
    made, path = sessions
    async with made.write() as db:
        await db.execute(text("INSERT INTO t VALUES (1)"))
        assert trips == ["BEGIN IMMEDIATE + INSERT INTO t VALUES (1)"]
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # the write lock is ours from the first statement
        other.close()
        await db.execute(text("INSERT INTO t VALUES (2)"))
        await db.commit()
    assert trips[1:] == ["INSERT INTO t VALUES (2)"]
    async with made.read() as db:
        assert list(await db.scalars(text("SELECT x FROM t ORDER BY x"))) == [1, 2]


async def test_a_rollback_undoes_the_whole_transaction(
    sessions: tuple[Sessions, Path], trips: list[str]
) -> None:
    made, _ = sessions
    async with made.write() as db:
        await db.execute(text("INSERT INTO t VALUES (1)"))
        await db.execute(text("INSERT INTO t VALUES (2)"))
        await db.rollback()
        await db.execute(text("INSERT INTO t VALUES (3)"))  # a new transaction, begun anew
        await db.commit()
    assert trips[0].startswith("BEGIN IMMEDIATE + ") and trips[2].startswith("BEGIN IMMEDIATE + ")
    async with made.read() as db:
        assert list(await db.scalars(text("SELECT x FROM t"))) == [3]


async def test_a_transaction_that_runs_nothing_begins_nothing(
    sessions: tuple[Sessions, Path], trips: list[str]
) -> None:
    made, _ = sessions
    async with made.write() as db:
        await db.connection()  # queues for the write lock and begins (re-score batches do this)
        await db.commit()
    async with made.read() as db:
        assert list(await db.scalars(text("SELECT count(*) FROM t"))) == [0]
    assert trips[-1] == "BEGIN + SELECT count(*) FROM t"


async def _fill(made: Sessions, rows: int) -> None:
    async with made.write() as db:
        await db.execute(
            text("INSERT INTO t VALUES (:x)"), [{"x": n * 1_000_003} for n in range(rows)]
        )
        await db.commit()


async def test_no_commit_checkpoints_the_wal_the_checkpointer_does(
    sessions: tuple[Sessions, Path],
) -> None:
    """A commit past SQLite's 1000-page mark copies nothing into the database file (that
    copy and its sync would happen inside the write lock); `WalCheckpoints` copies it."""
    made, path = sessions
    before = path.stat().st_size
    await _fill(made, 200_000)  # some 1,500 pages
    assert path.stat().st_size == before
    engine = made.write.kw["bind"]
    await WalCheckpoints(engine).checkpoint()
    assert path.stat().st_size > before + 1_000_000


async def test_the_server_checkpoints_its_wal_by_itself(live: Live) -> None:
    if not live.settings.on_sqlite:
        pytest.skip("PostgreSQL has no WAL of ours to checkpoint")
    path = Path(live.settings.resolved_database_url.removeprefix("sqlite+aiosqlite:///"))
    before = path.stat().st_size
    person(live)  # a few rows, in the WAL until the next checkpoint
    deadline = time.monotonic() + 15
    while path.stat().st_size == before:
        assert time.monotonic() < deadline, "the WAL was never checkpointed"
        await asyncio.sleep(0.1)
