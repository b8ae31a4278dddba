"""Our extension of skilldeo auth: a user's login sessions, and logout that ends the token on the server.

`POST /api/v1/auth/logout` revokes the token it is sent with; `GET /api/v1/auth/sessions`
lists the caller's live sessions (`current` marks the one asking); `DELETE
/api/v1/auth/sessions/{id}` revokes one of them. A revoked token is refused at once on
both APIs, and realtime sockets opened with it close within a second.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel

from talenttui.server.clock import isoformat_z
from talenttui.server.errors import not_found
from talenttui.server.models import LoginSession
from talenttui.server.web.deps import Ctx, CurrentCaller, Db
from talenttui.server.web.error_docs import skilldeo_errors
from talenttui.server.web.login_sessions import live_session, own_sessions, revoke

router = APIRouter(responses=skilldeo_errors(401, 429))


class SessionRecord(BaseModel):
    id: str
    created_at: str
    expires_at: str
    current: bool


class SessionList(BaseModel):
    message: str = "Success"
    records: list[SessionRecord]
    status_code: Literal[200] = 200
    error: Literal[False] = False


class SessionEnded(BaseModel):
    message: str
    id: str
    status_code: Literal[200] = 200
    error: Literal[False] = False


def _record(session: LoginSession, current_jti: str) -> SessionRecord:
    return SessionRecord(
        id=session.public_id,
        created_at=isoformat_z(session.created_at),
        expires_at=isoformat_z(session.expires_at),
        current=session.jti == current_jti,
    )


@router.post("/logout")
async def logout(caller: CurrentCaller, ctx: Ctx, db: Db) -> SessionEnded:
    """Revoke the token this request carries."""
    session = await live_session(db, ctx, caller.jti)
    if session is None:
        raise not_found("Session")
    await revoke(db, ctx, session)
    return SessionEnded(message="Logged out", id=session.public_id)


@router.get("/sessions")
async def list_sessions(caller: CurrentCaller, ctx: Ctx, db: Db) -> SessionList:
    sessions = await own_sessions(db, ctx, caller.user.id)
    return SessionList(records=[_record(s, caller.jti) for s in sessions])


@router.delete("/sessions/{session_id}", responses=skilldeo_errors(404))
async def end_session(session_id: str, caller: CurrentCaller, ctx: Ctx, db: Db) -> SessionEnded:
    """Revoke one of the caller's own sessions (another user's is 404, as if it did not exist)."""
    for session in await own_sessions(db, ctx, caller.user.id):
        if session.public_id == session_id:
            await revoke(db, ctx, session)
            return SessionEnded(message="Session revoked", id=session.public_id)
    raise not_found("Session")
