"""`/healthz`: the process answers (liveness). `/readyz`: it can serve, its database answers."""

from __future__ import annotations

import asyncio
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from talenttui import __version__
from talenttui.server.web.deps import Ctx

router = APIRouter(tags=["health"])

READY_TIMEOUT_SECONDS = 2.0


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    version: str
    dev: bool


class Readiness(BaseModel):
    status: Literal["ready", "unavailable"]
    database: Literal["ok", "unreachable"]
    realtime: Literal["local", "listening", "reconnecting"]


@router.get("/healthz")
async def healthz(ctx: Ctx) -> Health:
    return Health(version=__version__, dev=ctx.settings.dev)


@router.get(
    "/readyz",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "The database does not answer"}},
)
async def readyz(ctx: Ctx) -> JSONResponse:
    """503 while the database does not answer `SELECT 1` within 2 s. `realtime` says whether
    events from other processes reach this one (PostgreSQL's listener), for operators."""

    async def ping() -> None:
        async with ctx.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(ping(), READY_TIMEOUT_SECONDS)
        database: Literal["ok", "unreachable"] = "ok"
    except Exception:
        database = "unreachable"
    ready = database == "ok"
    answer = Readiness(
        status="ready" if ready else "unavailable", database=database, realtime=ctx.bus.state()
    )
    return JSONResponse(answer.model_dump(), status_code=200 if ready else 503)
