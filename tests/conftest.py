"""Shared fixtures: a real server on 127.0.0.1 (on SQLite, or on PostgreSQL with the switch in
tests/database.py), a clock tests can move, and no real user files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import delete
from sqlalchemy.orm import Session

from talenttui.server.context import ServerContext
from talenttui.server.models import ServerSecret
from talenttui.server.runner import BackgroundServer
from talenttui.server.secret_store import SECRET_FILE
from talenttui.server.settings import OtpPolicy, ServerSettings
from tests.database import Databases, admin_url, sqlite_url, sync_session


class FakeClock:
    """Wall time plus an offset the test controls, so expiry needs no sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.frozen_at: float | None = None

    def __call__(self) -> float:
        base = self.frozen_at if self.frozen_at is not None else time.time()
        return base + self.offset

    def freeze(self) -> None:
        """Stop the wall clock (only `advance` moves time), for counts that must not refill."""
        self.frozen_at = time.time()

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the developer's own config, data and cache out of every test."""
    home = tmp_path_factory.mktemp("talenttui-home")
    monkeypatch.setenv("TALENTTUI_HOME", str(home))
    monkeypatch.delenv("TALENTTUI_SERVER", raising=False)
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


_DATABASES: Databases | None = None


def run_databases() -> Databases | None:
    """The run's PostgreSQL databases, or None on SQLite (the switch is unset)."""
    global _DATABASES
    admin = admin_url()
    if admin is not None and _DATABASES is None:
        _DATABASES = Databases(admin)
    return _DATABASES


def backend_url(data_dir: Path) -> str:
    """The database a server keeping its files in `data_dir` uses in this run."""
    databases = run_databases()
    if databases is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        return sqlite_url(data_dir)
    return databases.for_dir(data_dir)


def on_backend(settings: ServerSettings) -> ServerSettings:
    """The settings with the run's database: unchanged on SQLite, else one of its own."""
    databases = run_databases()
    if databases is None or settings.database_url is not None:
        return settings
    return replace(settings, database_url=databases.for_dir(settings.data_dir))


def pytest_sessionfinish(session: pytest.Session) -> None:
    if _DATABASES is not None:
        _DATABASES.close()


@pytest.fixture
def make_settings(tmp_path: Path, clock: FakeClock) -> Callable[..., ServerSettings]:
    def _make(**overrides: Any) -> ServerSettings:
        base = ServerSettings(
            data_dir=tmp_path / "server",
            port=0,
            dev=True,
            clock=clock,
            otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=1000),
        )
        return on_backend(replace(base, **overrides))

    return _make


class Live:
    """A running server and a client pointed at it; `restart()` keeps the data dir."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = on_backend(settings)
        self.server = BackgroundServer(self.settings)
        self.started_at = time.time()
        """The wall clock as the server started (a demo is seeded then)."""
        self.server.start()
        self.client = httpx.Client(base_url=self.server.url, timeout=30)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def ctx(self) -> ServerContext:
        """The running server's context (same process): its secret, settings, hub."""
        ctx: ServerContext = self.server.app.state.ctx
        return ctx

    @property
    def secret(self) -> bytes:
        return self.ctx.secret

    def db(self) -> AbstractContextManager[Session]:
        """A session on the server's database, through the app's models."""
        return sync_session(self.settings.resolved_database_url)

    def forget_secret(self) -> None:
        """With the server stopped: its next start makes a new signing key, so every token
        signed so far is refused (the key is a file on SQLite, a row on PostgreSQL)."""
        if self.settings.on_sqlite:
            (self.settings.data_dir / SECRET_FILE).unlink()
            return
        with self.db() as session:
            session.execute(delete(ServerSecret))
            session.commit()

    def restart(self, **overrides: Any) -> None:
        self.client.close()
        self.server.stop()
        self.settings = replace(self.settings, **overrides)
        self.server = BackgroundServer(replace(self.settings, port=self.server.port))
        self.server.start()
        self.client = httpx.Client(base_url=self.server.url, timeout=30)

    def close(self) -> None:
        self.client.close()
        self.server.stop()


@pytest.fixture
def start_server(make_settings: Callable[..., ServerSettings]) -> Iterator[Callable[..., Live]]:
    started: list[Live] = []

    def _start(**overrides: Any) -> Live:
        live = Live(make_settings(**overrides))
        started.append(live)
        return live

    yield _start
    for live in started:
        live.close()
    databases = run_databases()
    if databases is not None:
        for url in {live.settings.database_url for live in started}:
            if url is not None:
                databases.drop(url)


@pytest.fixture
def live(start_server: Callable[..., Live]) -> Live:
    """An empty dev server."""
    return start_server()


@pytest.fixture(scope="session")
def demo_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One demo server shared by read-mostly tests; tests that write use their own."""
    settings = ServerSettings(
        data_dir=tmp_path_factory.mktemp("demo-server"),
        port=0,
        dev=True,
        demo=True,
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000),
    )
    server = Live(settings)
    yield server
    server.close()
