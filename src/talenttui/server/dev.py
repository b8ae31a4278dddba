"""Dev-only routes (`--dev`): the embedded demo reads its login code here. Never mounted otherwise."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_db
from talenttui.server.clock import isoformat_z
from talenttui.server.envelopes import skilldeo_ok
from talenttui.server.models import OutboxMail

router = APIRouter(tags=["dev only"])


@router.get("/outbox")
async def dev_outbox(
    email: str = Query(min_length=3, max_length=320),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    rows = (
        await db.scalars(
            select(OutboxMail)
            .where(OutboxMail.email == email.strip().lower())
            .order_by(OutboxMail.id.desc())
            .limit(20)
        )
    ).all()
    records = [
        {
            "email": m.email,
            "purpose": m.purpose,
            "code": m.code,
            "subject": m.subject,
            "sent_at": isoformat_z(m.sent_at),
        }
        for m in rows
    ]
    return skilldeo_ok(records=records)
