"""Run Alembic from code, on a connection the server already holds."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from talenttui.server.db import AdvisoryLock, take_advisory_lock

HERE = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade_to_head(connection: Connection) -> None:
    command.upgrade(alembic_config(connection), "heads")


async def migrate(engine: AsyncEngine) -> None:
    """Bring the schema to the newest Alembic revision (creates it on an empty database).

    Processes starting together on one PostgreSQL database take turns: the first migrates,
    the others wait for its commit and find nothing left to do.
    """
    async with engine.begin() as conn:
        await take_advisory_lock(conn, AdvisoryLock.MIGRATIONS)
        await conn.run_sync(upgrade_to_head)
