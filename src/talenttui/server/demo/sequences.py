"""Demo rows carry explicit ids (the reference's 88, 1042, 22554, 5012...). PostgreSQL's id
sequences do not see those, so a later ordinary insert (the next step's, or a user's) would
collide; SQLite needs nothing. Run after every step so each one starts past the ids before it."""

from __future__ import annotations

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.db import Base


async def bump_sequences(db: AsyncSession) -> None:
    """Move every integer `id` sequence past the highest id any seed step wrote."""
    if db.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        key = list(table.primary_key.columns)
        if len(key) != 1 or key[0].name != "id" or not isinstance(key[0].type, Integer):
            continue
        highest = select(func.max(key[0])).scalar_subquery()
        await db.execute(
            select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest))
        )
