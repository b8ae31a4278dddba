"""Liveness and readiness in one cheap probe."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from talenttui import __version__
from talenttui.server.web.deps import Ctx

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    dev: bool


@router.get("/healthz")
async def healthz(ctx: Ctx) -> Health:
    async with ctx.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return Health(version=__version__, dev=ctx.settings.dev)
