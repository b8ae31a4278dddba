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
    raw: sqlite3.Connection, begin: str | None, operation: str, parameters: Any, many: bool
) -> tuple[Any, list[Any], int, int | None]:
    """In aiosqlite's thread: the transaction's BEGIN if it is the first statement, then the
    statement, its rows, its counts; the cursor is gone after."""
    if begin is not None:
        raw.execute(begin)
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
            begin = adapt.take_begin()
            found = await connection._execute(
                _run, connection._conn, begin, operation, parameters, many
            )
        self._description, rows, self._rowcount, self._lastrowid = found
        self._rows = collections.deque(rows)

    async def _execute_async(self, operation: Any, parameters: Any) -> None:
        await self._one_trip(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> None:
        await self._one_trip(operation, seq_of_parameters, many=True)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """Also sends a transaction's BEGIN with its first statement, in the same trip."""

    __slots__ = ("_begin",)
    _begin: str | None
    _cursor_cls: type[AsyncAdapt_aiosqlite_cursor] = OneHopCursor
    # a streamed result is read whole too, so that its BEGIN goes first like any statement's
    _ss_cursor_cls = OneHopCursor  # type: ignore[assignment]

    def begin_with_next(self, statement: str) -> None:
        """`statement` (BEGIN, BEGIN IMMEDIATE) runs just before the next one, in its trip;
        a transaction that runs no statement begins nothing."""
        self._begin = statement

    def take_begin(self) -> str | None:
        begin, self._begin = self._begin, None
        return begin

    def commit(self) -> None:
        self._begin = None
        super().commit()

    def rollback(self) -> None:
        self._begin = None
        super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        connection = self.aiosqlite.connect(*arg, **kw)
        connection._thread.daemon = True  # as SQLAlchemy's own adapter does
        adapted = OneHopConnection(self, await_(connection))
        adapted._begin = None
        return adapted


def one_hop_dbapi() -> OneHopDBAPI:
    return OneHopDBAPI(aiosqlite, sqlite3)
