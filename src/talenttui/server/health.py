"""Liveness and readiness in one cheap probe."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import text

from talenttui import __version__
from talenttui.server.auth import get_ctx
from talenttui.server.context import ServerContext

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(ctx: ServerContext = Depends(get_ctx)) -> dict[str, Any]:
    async with ctx.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    return {"status": "ok", "version": __version__, "dev": ctx.settings.dev}
