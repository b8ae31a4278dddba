"""Dev-only routes (`--dev`): the embedded demo reads its login code here. Never mounted otherwise."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel
from sqlalchemy import select

from talenttui.server.clock import isoformat_z
from talenttui.server.models import OutboxMail
from talenttui.server.web.deps import Db
from talenttui.server.web.error_docs import skilldeo_errors

router = APIRouter(tags=["dev only"], responses=skilldeo_errors(422))


class OutboxRecord(BaseModel):
    email: str
    purpose: str
    code: str | None
    subject: str
    sent_at: str


class Outbox(BaseModel):
    """The newest 20 mails to one address, newest first."""

    message: str = "Success"
    records: list[OutboxRecord]
    status_code: Literal[200] = 200
    error: Literal[False] = False


@router.get("/outbox")
async def dev_outbox(email: Annotated[str, Query(min_length=3, max_length=320)], db: Db) -> Outbox:
    rows = (
        await db.scalars(
            select(OutboxMail)
            .where(OutboxMail.email == email.strip().lower())
            .order_by(OutboxMail.id.desc())
            .limit(20)
        )
    ).all()
    records = [
        OutboxRecord(
            email=m.email,
            purpose=m.purpose,
            code=m.code,
            subject=m.subject,
            sent_at=isoformat_z(m.sent_at),
        )
        for m in rows
    ]
    return Outbox(records=records)
