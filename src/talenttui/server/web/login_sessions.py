"""Login sessions: every login token carries a `jti` with a row here, so it can be revoked.

A token is accepted only while its row exists and is not revoked (web.credentials), so
logout, or revoking a session from the list, ends the token at once on every request;
realtime sockets opened with it are closed through the hub (`Hub.revoke`) once the
revocation commits.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.hub import revoked
from talenttui.server.models import LoginSession, User
from talenttui.server.tokens import new_jti


def credential_of_session(jti: str) -> str:
    """How a realtime subscription names the token it was opened with."""
    return f"jti:{jti}"


def credential_of_key(key_id: int) -> str:
    return f"key:{key_id}"


def start_session(db: AsyncSession, ctx: ServerContext, user: User) -> str:
    """A new login session for `user`, in the caller's transaction; returns its token."""
    now = ctx.timestamp()
    jti = new_jti()
    created = ctx.now()
    db.add(
        LoginSession(
            public_id=f"ses_{secrets.token_hex(8)}",
            jti=jti,
            user_id=user.id,
            created_at=created,
            expires_at=created + timedelta(seconds=ctx.tokens.ttl_seconds),
        )
    )
    return ctx.tokens.issue(user.id, user.org_id, user.role_id, now, jti)


async def live_session(db: AsyncSession, ctx: ServerContext, jti: str) -> LoginSession | None:
    found: LoginSession | None = await db.scalar(
        select(LoginSession).where(LoginSession.jti == jti)
    )
    if found is None or found.revoked_at is not None or found.expires_at <= ctx.now():
        return None
    return found


async def own_sessions(db: AsyncSession, ctx: ServerContext, user_id: int) -> list[LoginSession]:
    return list(
        await db.scalars(
            select(LoginSession)
            .where(
                LoginSession.user_id == user_id,
                LoginSession.revoked_at.is_(None),
                LoginSession.expires_at > ctx.now(),
            )
            .order_by(LoginSession.id.desc())
        )
    )


async def revoke(db: AsyncSession, ctx: ServerContext, session: LoginSession) -> None:
    """Revoke in the caller's transaction; sockets opened with it, on any process, close
    once it commits."""
    if session.revoked_at is None:
        session.revoked_at = ctx.now()
    await ctx.bus.notice(db, revoked(session.user_id, credential_of_session(session.jti)))
