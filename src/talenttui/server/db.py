"""Database engine and sessions: the declarative base, UTC datetimes, SQLite's one writer, SAVEPOINTs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator, event, func, make_url, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, InstrumentedAttribute, Session
from sqlalchemy.sql.dml import Insert

from talenttui.paths import create_private_file
from talenttui.server.sqlite_driver import one_hop_dbapi

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UtcDateTime()}


BEGIN_OPTION = "talenttui_begin"
READ_ONLY_OPTION = "talenttui_read_only"
WRITE_LOCK_KEY = "talenttui.write_lock"


def make_engine(url: str, pool_size: int = 5) -> AsyncEngine:
    """`pool_size`: PostgreSQL connections kept open (as many again may open for a burst;
    those close after use, and each new one costs a handshake and a cold statement cache)."""
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            create_private_file(Path(database))  # 0600 in a 0700 folder, journals too
        engine = create_async_engine(url, connect_args={"timeout": 30}, module=one_hop_dbapi())

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # the driver begins nothing: `_sqlite_begin` does
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine.sync_engine, "begin")
        def _sqlite_begin(conn: Any) -> None:
            options = conn.get_execution_options()
            read_only = bool(options.get(READ_ONLY_OPTION))
            # a read runs each statement on its own, as on PostgreSQL
            begin = None if read_only else options.get(BEGIN_OPTION, "BEGIN")
            conn.connection.dbapi_connection.begin_with_next(begin, query_only=read_only)

        return engine
    # No pre-ping: it would cost a round trip on each of a request's checkouts. A connection
    # that died with the server fails its request once and the pool is recycled.
    return create_async_engine(url, pool_size=pool_size, max_overflow=pool_size)


class WriterSession(AsyncSession):
    """A session whose every transaction first takes the process's write lock, if it has one.

    SQLite lets one writer in at a time. Left to itself, a second writer sleeps in
    SQLite's busy handler (seconds at 16 writers) or fails outright when the snapshot it
    read went stale; queued on an asyncio lock instead, writers go in turn and each
    starts the moment the one before commits. The lock is taken before a transaction's
    first statement (which then runs `BEGIN IMMEDIATE`) and let go when the transaction
    ends, so a session that commits part-way lets the others in. PostgreSQL sessions
    carry no lock: row locks do that job there.
    """

    _holding = False

    async def _hold(self) -> None:
        lock: asyncio.Lock | None = self.info.get(WRITE_LOCK_KEY)
        if lock is not None and not self._holding:
            await lock.acquire()
            self._holding = True

    def _let_go(self) -> None:
        if self._holding:
            self._holding = False
            self.info[WRITE_LOCK_KEY].release()

    async def _before_flush(self) -> None:
        if self.new or self.dirty or self.deleted:
            await self._hold()

    async def execute(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().execute(*args, **kw)

    async def scalar(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().scalar(*args, **kw)

    async def scalars(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().scalars(*args, **kw)

    async def get(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().get(*args, **kw)

    async def get_one(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().get_one(*args, **kw)

    async def stream(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().stream(*args, **kw)

    async def stream_scalars(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().stream_scalars(*args, **kw)

    async def refresh(self, *args: Any, **kw: Any) -> None:
        await self._hold()
        await super().refresh(*args, **kw)

    async def merge(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().merge(*args, **kw)

    async def delete(self, *args: Any, **kw: Any) -> None:
        await self._hold()
        await super().delete(*args, **kw)

    async def run_sync(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().run_sync(*args, **kw)

    async def connection(self, *args: Any, **kw: Any) -> Any:
        await self._hold()
        return await super().connection(*args, **kw)

    async def flush(self, *args: Any, **kw: Any) -> None:
        await self._before_flush()
        await super().flush(*args, **kw)

    async def commit(self) -> None:
        await self._before_flush()
        try:
            await super().commit()
        finally:
            self._let_go()

    async def rollback(self) -> None:
        try:
            await super().rollback()
        finally:
            self._let_go()

    async def close(self) -> None:
        try:
            await super().close()
        finally:
            self._let_go()


@dataclass(frozen=True)
class Sessions:
    """`read()` for reads, `write()` for transactions that write. A read session runs each
    statement on its own (no BEGIN, no COMMIT: fewer trips to the database), which under
    READ COMMITTED is what a transaction's statements see anyway. On SQLite it refuses to
    write (`PRAGMA query_only`), so a write can never slip past the queue; on PostgreSQL
    a write there would not be one transaction."""

    read: async_sessionmaker[AsyncSession]
    write: async_sessionmaker[AsyncSession]


def make_sessions(engine: AsyncEngine) -> Sessions:
    """Both kinds share one session class, so per-app hooks (event publishing) see both."""

    class AppSession(Session):
        pass

    if engine.dialect.name != "sqlite":
        read_only = engine.execution_options(isolation_level="AUTOCOMMIT")
        return Sessions(
            read=async_sessionmaker(
                read_only, expire_on_commit=False, sync_session_class=AppSession
            ),
            write=async_sessionmaker(engine, expire_on_commit=False, sync_session_class=AppSession),
        )
    read = async_sessionmaker(
        engine.execution_options(**{READ_ONLY_OPTION: True}),
        expire_on_commit=False,
        sync_session_class=AppSession,
    )
    write: async_sessionmaker[Any] = async_sessionmaker(
        engine.execution_options(**{BEGIN_OPTION: "BEGIN IMMEDIATE"}),
        class_=WriterSession,
        expire_on_commit=False,
        sync_session_class=AppSession,
        info={WRITE_LOCK_KEY: asyncio.Lock()},
    )
    return Sessions(read=read, write=write)


def session_class_of(sessions: async_sessionmaker[AsyncSession]) -> type[Session]:
    cls: type[Session] = sessions.kw["sync_session_class"]
    return cls


@asynccontextmanager
async def savepoint(db: AsyncSession) -> AsyncIterator[AsyncSessionTransaction]:
    """A SAVEPOINT inside the caller's transaction: an error in it undoes only its own writes."""
    await db.connection()
    async with db.begin_nested() as nested:
        yield nested


def insert_or_ignore(db: AsyncSession, model: type[Base], **values: Any) -> Insert:
    """`INSERT ... ON CONFLICT DO NOTHING` in the session's dialect: of two racing inserts on a
    unique key one writes and the other does nothing (on PostgreSQL it waits for the first to
    commit or roll back), with no error to recover from. Without `values`, the rows are the
    execute's parameters (one statement for many, as `executemany`)."""
    dialect = postgresql if db.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(model)
    if values:
        statement = statement.values(**values)
    ignoring: Insert = statement.on_conflict_do_nothing()
    return ignoring


async def hold_rows(db: AsyncSession, key: InstrumentedAttribute[int], ids: Sequence[int]) -> None:
    """Lock these rows now, in id order, for a transaction that will update several of them
    (one multi-row UPDATE locks rows in the order its scan meets them, or separate UPDATEs in
    the caller's order): two such transactions on PostgreSQL then queue instead of each
    holding a row the other waits for (a deadlock). SQLite has one writer: nothing to do."""
    if len(ids) > 1 and db.get_bind().dialect.name == "postgresql":
        await db.execute(
            select(key)
            .where(key.in_(ids))
            .order_by(key)
            .with_for_update(key_share=True)  # FOR NO KEY UPDATE, the lock an UPDATE takes
        )


class AdvisoryLock:
    """PostgreSQL advisory locks that several processes starting together queue on."""

    MIGRATIONS = 0x7474_0001
    DEMO_SEED = 0x7474_0002


async def take_advisory_lock(conn: AsyncConnection | AsyncSession, key: int) -> None:
    """Hold `key` until the caller's transaction ends; nothing to do on SQLite, where one
    process owns the data dir."""
    bind = conn.get_bind() if isinstance(conn, AsyncSession) else conn
    if bind.dialect.name == "postgresql":
        await conn.execute(select(func.pg_advisory_xact_lock(key)))
