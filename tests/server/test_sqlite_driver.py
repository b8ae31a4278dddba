"""SQLite's driver: one thread trip per statement, a transaction's BEGIN riding with its first
statement (issue #15, point 5), and the transaction still one: immediate for writes, undone
whole by a rollback."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text

from talenttui.server import sqlite_driver
from talenttui.server.db import Sessions, make_engine, make_sessions


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

    def counted(raw: sqlite3.Connection, first: list[str], operation: str, *rest: Any) -> Any:
        seen.append(" + ".join([*first, operation]))
        return run(raw, first, operation, *rest)

    monkeypatch.setattr(sqlite_driver, "_run", counted)
    return seen


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every trip to aiosqlite's thread, by what it ran: a statement, commit or rollback."""
    seen: list[str] = []
    execute = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kw: Any) -> Any:
        name = getattr(fn, "__name__", "")
        seen.append(name if name in ("commit", "rollback") else "statement")
        return await execute(self, fn, *args, **kw)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
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
    sessions: tuple[Sessions, Path], hops: list[str]
) -> None:
    made, _ = sessions
    async with made.write() as db:
        await db.connection()  # queues for the write lock and begins (re-score batches do this)
        await db.commit()
    assert hops == [], "nothing began, so nothing to commit or roll back"


async def test_a_read_makes_one_trip_a_statement_and_a_write_one_more_to_commit(
    sessions: tuple[Sessions, Path], hops: list[str], trips: list[str]
) -> None:
    """A read runs each statement on its own (no BEGIN, COMMIT or ROLLBACK), and the pool's
    rollback of a connection it takes back costs no trip when nothing is open."""
    made, _ = sessions
    async with made.read() as db:
        assert list(await db.scalars(text("SELECT count(*) FROM t"))) == [0]
        assert list(await db.scalars(text("SELECT count(*) FROM t"))) == [0]
    assert hops == ["statement", "statement"]
    assert trips == ["PRAGMA query_only = 1 + SELECT count(*) FROM t", "SELECT count(*) FROM t"]
    hops.clear()
    async with made.write() as db:
        await db.execute(text("INSERT INTO t VALUES (1)"))
        await db.commit()
    assert hops == ["statement", "commit"]
    assert trips[-1] == "PRAGMA query_only = 0 + BEGIN IMMEDIATE + INSERT INTO t VALUES (1)"
