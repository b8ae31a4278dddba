"""SQLite for the async engine with one thread hop per statement.

aiosqlite runs the sqlite3 connection in a thread of its own; SQLAlchemy's adapter asks
that thread four times per statement (make a cursor, execute, fetch, close), and each
trip is a handoff of the GIL between threads, which on a busy 2-core machine costs more
than the statement itself (about 0.2 ms a trip, some 50 trips per `POST /v1/messages`).
The cursor here does the four in one trip: it runs a plain function on the sqlite3
connection in aiosqlite's thread and keeps what it returns. A transaction's BEGIN
(`db._sqlite_begin`) rides along with its first statement instead of a trip of its own. Used through
`create_async_engine(..., module=one_hop_dbapi())`, the DBAPI hook SQLAlchemy offers
for exactly this; nothing else about aiosqlite changes (connect, commit, rollback, close).
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_


def _run(
    raw: sqlite3.Connection, first: list[str], operation: str, parameters: Any, many: bool
) -> tuple[Any, list[Any], int, int | None]:
    """In aiosqlite's thread: what goes `first` (a PRAGMA, the transaction's BEGIN), then
    the statement, its rows, its counts; the cursor is gone after."""
    for statement in first:
        raw.execute(statement)
    cursor = raw.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount", "arraysize")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows: collections.deque[Any] = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self.arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()

    async def _one_trip(self, operation: Any, parameters: Any, many: bool) -> None:
        connection: Any = self._connection  # an aiosqlite.Connection
        adapt: Any = self._adapt_connection  # a OneHopConnection
        async with adapt._execute_mutex:
            found = await connection._execute(
                _run, connection._conn, adapt.take_first(), operation, parameters, many
            )
        self._description, rows, self._rowcount, self._lastrowid = found
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        await self._one_trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        await self._one_trip(operation, seq_of_parameters, many=True)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Sends what a transaction needs first (`PRAGMA query_only` when the connection
    changes between reads and writes, its BEGIN) with its first statement, in the same
    trip, and makes no trip to commit or roll back when no BEGIN went: after a read
    (which runs each statement on its own), a transaction that ran nothing, and the pool's
    rollback of every connection it takes back."""

    __slots__ = ("_begin", "_query_only", "_wanted_query_only", "begun")
    _begin: str | None
    _query_only: bool
    _wanted_query_only: bool
    begun: bool
    _cursor_cls: type[AsyncAdapt_aiosqlite_cursor] = OneHopCursor
    # a streamed result is read whole too, so that its BEGIN goes first like any statement's
    _ss_cursor_cls = OneHopCursor  # type: ignore[assignment]

    def begin_with_next(self, statement: str | None, *, query_only: bool) -> None:
        """`statement` (BEGIN, BEGIN IMMEDIATE; None: each statement on its own) runs just
        before the next one, in its trip, and `PRAGMA query_only` before it when that must
        change; a transaction that runs no statement sends neither."""
        self._begin = statement
        self._wanted_query_only = query_only

    def take_first(self) -> list[str]:
        first = []
        if self._wanted_query_only != self._query_only:
            first.append(f"PRAGMA query_only = {int(self._wanted_query_only)}")
            self._query_only = self._wanted_query_only
        if self._begin is not None:
            first.append(self._begin)
            self._begin = None
            self.begun = True
        return first

    def commit(self) -> None:
        self._begin = None
        if self.begun:
            self.begun = False
            super().commit()

    def rollback(self) -> None:
        self._begin = None
        if self.begun:
            self.begun = False
            super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as SQLAlchemy's own adapter does
        adapted = OneHopConnection(self, await_(connection))
        adapted._begin = None
        adapted._query_only = adapted._wanted_query_only = False
        adapted.begun = False
        return adapted


def one_hop_dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)
