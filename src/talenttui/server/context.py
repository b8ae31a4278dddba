"""What every handler reaches through `request.app.state.ctx`.

`sessions()` read; `writes()` write (on SQLite they queue for the one write lock, see
`db.WriterSession`; on PostgreSQL a read runs in autocommit); `grouped(batch)` writes
jobs that arrive together in one transaction (`group_commit`).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from talenttui.server.bus import LocalBus
from talenttui.server.clock import from_timestamp
from talenttui.server.credential_cache import CredentialCache
from talenttui.server.group_commit import Answer, GroupCommit, Job
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
    _groups: dict[object, GroupCommit[Any, Any]] = field(default_factory=dict)

    def now(self) -> datetime:
        return from_timestamp(self.settings.clock())

    def timestamp(self) -> float:
        return self.settings.clock()

    def grouped(
        self,
        batch: Callable[[AsyncSession, ServerContext, Sequence[Job]], Awaitable[Sequence[Answer]]],
    ) -> GroupCommit[Job, Answer]:
        """This process's group commit for `batch` (made on first use): `write(job)` answers
        once the group it joined has committed."""
        found: GroupCommit[Job, Answer] | None = self._groups.get(batch)
        if found is None:

            async def run(db: AsyncSession, jobs: Sequence[Job]) -> Sequence[Answer]:
                return await batch(db, self, jobs)

            found = self._groups[batch] = GroupCommit(self.writes, run)
        return found
