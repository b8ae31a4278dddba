"""A database with the server's schema, commit hooks and realtime hub, without the HTTP server:
for tests of the event log, transactions and SAVEPOINTs."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.bus import LocalBus
from talenttui.server.commit_hooks import bind_commit_hooks
from talenttui.server.context import ServerContext
from talenttui.server.db import make_engine, make_sessions, session_class_of
from talenttui.server.events import emit
from talenttui.server.hub import Hub, bind_publisher
from talenttui.server.mail import Mailer
from talenttui.server.migrations.runner import migrate
from talenttui.server.models import Event, User
from talenttui.server.settings import ServerSettings
from talenttui.server.tokens import TokenService
from tests.conftest import backend_url

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@dataclass
class Store:
    sessions: async_sessionmaker[AsyncSession]
    hub: Hub
    ctx: ServerContext

    async def user(self) -> int:
        async with self.sessions() as db:
            row = User(email=f"{secrets.token_hex(6)}@example.com")
            db.add(row)
            await db.commit()
            return row.id

    async def emit(self, user_id: int, name: str = "profile.updated", at: datetime = NOW) -> Event:
        async with self.sessions() as db:
            row = await emit(db, user_id, name, {"n": name}, at)
            await db.commit()
            return row

    async def count(self, model: Any) -> int:
        async with self.sessions() as db:
            return int(await db.scalar(select(func.count()).select_from(model)) or 0)


@asynccontextmanager
async def event_store(directory: Path) -> AsyncIterator[Store]:
    engine = make_engine(backend_url(directory))
    await migrate(engine)
    both = make_sessions(engine)
    sessions = both.write
    hub = Hub()
    bind_commit_hooks(session_class_of(sessions))
    bind_publisher(session_class_of(sessions), hub)
    secret = secrets.token_bytes(32)
    ctx = ServerContext(
        settings=ServerSettings(data_dir=directory, clock=NOW.timestamp),
        engine=engine,
        sessions=both.read,
        writes=both.write,
        tokens=TokenService(secret, 3600),
        secret=secret,
        mailer=Mailer(sessions, None, lambda: NOW),
        hub=hub,
        bus=LocalBus(hub),
    )
    try:
        yield Store(sessions, hub, ctx)
    finally:
        await engine.dispose()
