"""Database engine and sessions: the declarative base, UTC datetimes, SQLite pragmas, SAVEPOINTs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator, event, make_url
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase, Session

from talenttui.paths import create_private_file

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


def make_engine(url: str) -> AsyncEngine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            create_private_file(Path(database))  # 0600 in a 0700 folder, journals too
        engine = create_async_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_async_engine(url, pool_pre_ping=True)


def make_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Each call gets its own session class, so per-app hooks (event publishing) stay per app."""

    class AppSession(Session):
        pass

    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=AppSession)


def session_class_of(sessions: async_sessionmaker[AsyncSession]) -> type[Session]:
    cls: type[Session] = sessions.kw["sync_session_class"]
    return cls


@asynccontextmanager
async def savepoint(db: AsyncSession) -> AsyncIterator[AsyncSessionTransaction]:
    """A SAVEPOINT inside the caller's transaction: an error in it undoes only its own writes.

    Python's sqlite3 driver (legacy transaction control) sends BEGIN only before an
    INSERT, UPDATE or DELETE, and a SAVEPOINT sent before that stands on its own: its
    release would commit at once, outside the transaction. So on SQLite the transaction
    is begun first when it has not been yet.
    """
    connection = await db.connection()
    if connection.dialect.name == "sqlite":
        driver = (await connection.get_raw_connection()).driver_connection
        assert driver is not None
        if not driver.in_transaction:
            await connection.exec_driver_sql("BEGIN")
    async with db.begin_nested() as nested:
        yield nested
