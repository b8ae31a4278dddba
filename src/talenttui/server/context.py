"""What every handler reaches through `request.app.state.ctx`.

`sessions()` read; `writes()` write (on SQLite they queue for the one write lock, see
`db.WriterSession`; on PostgreSQL a read runs in autocommit).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from talenttui.server.bus import LocalBus
from talenttui.server.clock import from_timestamp
from talenttui.server.credential_cache import CredentialCache
from talenttui.server.hub import Hub
from talenttui.server.mail import Mailer
from talenttui.server.settings import ServerSettings
from talenttui.server.tokens import TokenService


@dataclass
class ServerContext:
    settings: ServerSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    writes: async_sessionmaker[AsyncSession]
    tokens: TokenService
    secret: bytes
    mailer: Mailer
    hub: Hub
    bus: LocalBus
    # the callers of credentials checked just now (`web.credentials`)
    principals: CredentialCache[Any] = field(default_factory=lambda: CredentialCache(1.0))

    def now(self) -> datetime:
        return from_timestamp(self.settings.clock())

    def timestamp(self) -> float:
        return self.settings.clock()
