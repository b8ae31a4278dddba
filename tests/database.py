"""The tests' one database switch.

Unset, every server a test starts keeps SQLite in its data dir, as `talenttui server` does
(so `pytest` on a fresh clone needs nothing but Python). With `TALENTTUI_TEST_DATABASE_URL`
set to a PostgreSQL maintenance database (`.ci/run` starts a cluster and sets it), each
data dir gets a database of its own, cloned from a template migrated once per run (a
clone takes milliseconds; a migration a second), and dropped when its servers are done.

Tests read and write a server's database through the app's models: `sync_session(url)`.
"""

from __future__ import annotations

import itertools
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from talenttui.server.migrations.runner import upgrade_to_head

SWITCH = "TALENTTUI_TEST_DATABASE_URL"

needs_postgres = pytest.mark.skipif(
    not os.environ.get(SWITCH),
    reason=f"needs PostgreSQL: set {SWITCH} to a maintenance database URL (.ci/run does)",
)


def admin_url() -> str | None:
    return os.environ.get(SWITCH) or None


def on_postgres() -> bool:
    return admin_url() is not None


def sync_url(url: str) -> str:
    """The same database through a synchronous driver, for the tests' own reads."""
    parsed = make_url(url)
    if parsed.drivername.startswith("sqlite"):
        return parsed.set(drivername="sqlite").render_as_string(hide_password=False)
    return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def sqlite_url(data_dir: Path) -> str:
    return f"sqlite+aiosqlite:///{data_dir / 'talenttui.db'}"


@contextmanager
def sync_session(url: str) -> Iterator[Session]:
    engine = create_engine(sync_url(url))
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        engine.dispose()


class Databases:
    """Fresh PostgreSQL databases for one test run, one per data dir."""

    def __init__(self, admin: str) -> None:
        self._admin = make_url(admin)
        self._prefix = f"tt{os.getpid()}_{secrets.token_hex(2)}"
        self._template: str | None = None
        self._names = itertools.count(1)
        self._by_dir: dict[Path, str] = {}
        self._empty: list[str] = []
        self._engine: Engine = create_engine(
            sync_url(admin), isolation_level="AUTOCOMMIT", pool_size=1
        )

    def _url(self, name: str) -> str:
        return self._admin.set(database=name).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self._engine.connect() as conn:
            conn.execute(text(statement))

    def _ensure_template(self) -> str:
        if self._template is None:
            name = f"{self._prefix}_template"
            self._execute(f'CREATE DATABASE "{name}"')
            engine = create_engine(sync_url(self._url(name)))
            with engine.begin() as conn:
                upgrade_to_head(conn)
            engine.dispose()
            self._template = name
        return self._template

    def empty(self) -> str:
        """A database with no schema at all (for tests of start-up migrations)."""
        name = f"{self._prefix}_{next(self._names)}"
        self._execute(f'CREATE DATABASE "{name}"')
        self._empty.append(self._url(name))
        return self._empty[-1]

    def for_dir(self, data_dir: Path) -> str:
        """The database of the server(s) keeping their files in `data_dir`: one per dir."""
        url = self._by_dir.get(data_dir)
        if url is None:
            name = f"{self._prefix}_{next(self._names)}"
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._ensure_template()}"')
            url = self._by_dir[data_dir] = self._url(name)
        return url

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._by_dir = {d: u for d, u in self._by_dir.items() if u != url}
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for url in [*self._by_dir.values(), *self._empty]:
            self.drop(url)
        if self._template is not None:
            self._execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self._engine.dispose()
