"""Deterministic demo data: ordered steps in one transaction, run once per database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.db import AdvisoryLock, take_advisory_lock
from talenttui.server.demo.constants import JANE_USER_ID
from talenttui.server.demo.conversations_seed import seed_conversations
from talenttui.server.demo.interviews_seed import seed_interviews
from talenttui.server.demo.run import DemoRun
from talenttui.server.demo.sequences import bump_sequences
from talenttui.server.demo.skillsync_seed import seed_skillsync
from talenttui.server.models import User

Step = Callable[[AsyncSession, DemoRun], Awaitable[None]]

STEPS: tuple[Step, ...] = (seed_interviews, seed_skillsync, seed_conversations)


async def seed_demo(ctx: ServerContext) -> None:
    """Once: processes starting together on PostgreSQL wait for the first one's seed."""
    async with ctx.writes() as db:
        await take_advisory_lock(db, AdvisoryLock.DEMO_SEED)
        if await db.get(User, JANE_USER_ID) is not None:
            return
        run = DemoRun.starting(ctx.now(), ctx.settings.demo_size)
        for step in STEPS:
            await step(db, run)
            await bump_sequences(db)
        await db.commit()
