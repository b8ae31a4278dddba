"""Turn the bearer credential of a request (login JWT or API key) into its caller.

A credential checked in the last second is not looked up again (`credential_cache`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from talenttui.server.context import ServerContext
from talenttui.server.credential_cache import Checked
from talenttui.server.errors import ApiError, unauthorized
from talenttui.server.models import ApiKey, Organization, Plan, User
from talenttui.server.web.key_material import hash_key, is_api_key
from talenttui.server.web.login_sessions import (
    credential_of_key,
    credential_of_session,
    live_session,
)
from talenttui.server.web.principal import ALL_SCOPES, Caller, Principal, invalid_key

QUERY_TOKEN_NAMES = ("access_token", "token", "api_key", "key")

BEARER = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="A login token from loginVerify or signupVerify; on `/v1` also an API key "
    "(`sk_live_…`, `sk_test_…`). Only in the Authorization header: a token in the URL is refused.",
)


def bearer_token(
    connection: HTTPConnection, credentials: HTTPAuthorizationCredentials | None
) -> str:
    """Tokens come in the header only: a token in a URL ends up in logs and histories."""
    if any(name in connection.query_params for name in QUERY_TOKEN_NAMES):
        raise unauthorized("Tokens in the query string are refused; use the Authorization header")
    token = credentials.credentials.strip() if credentials is not None else ""
    if not token:
        raise unauthorized("Missing bearer token")
    return token


async def principal_for(
    connection: HTTPConnection,
    credentials: HTTPAuthorizationCredentials | None,
    ctx: ServerContext,
) -> Principal:
    """The `/v1` caller of a request or a WebSocket handshake; every refusal is INVALID_API_KEY."""
    try:
        token = bearer_token(connection, credentials)
    except ApiError as exc:
        raise invalid_key(exc.message) from None
    return await resolve_principal(ctx, token)


@dataclass(frozen=True)
class Known:
    """A credential's caller as `credential_cache` keeps it: the user is a detached snapshot,
    its columns read, shared by every request that carries the credential."""

    principal: Principal
    jti: str | None  # a login token's session; None for an API key


async def resolve_principal(ctx: ServerContext, token: str) -> Principal:
    """A login token's or an API key's caller, from the cache when it was checked just now."""
    check = _key_principal if is_api_key(token) else _session_principal
    try:
        known = await _known(ctx, token, check)
    except ApiError as exc:
        raise invalid_key(exc.message) from None  # what the check found: invalid, expired, revoked
    return known.principal


async def caller_for(
    connection: HTTPConnection,
    credentials: HTTPAuthorizationCredentials | None,
    ctx: ServerContext,
) -> Caller:
    """The `/api/v1` caller: login tokens only, refused as UNAUTHORIZED."""
    token = bearer_token(connection, credentials)
    if is_api_key(token):  # SkillSync's: refused as the token check refuses it
        raise unauthorized("Invalid token")
    known = await _known(ctx, token, _session_principal)
    assert known.jti is not None
    return Caller(user=known.principal.user, jti=known.jti)


Check = Callable[[ServerContext, AsyncSession, str], Awaitable[Checked[Known]]]


async def _known(ctx: ServerContext, token: str, check: Check) -> Known:
    """The cache's answer, or `check`'s in a read of its own (so the user comes out
    detached), kept until the credential expires or the cache's limit, whichever is first."""

    async def looked_up() -> Checked[Known]:
        async with ctx.sessions() as db:
            return await check(ctx, db, token)

    known: Known = await ctx.principals.resolve(token, ctx.timestamp(), looked_up)
    return known


async def _session_principal(ctx: ServerContext, db: AsyncSession, token: str) -> Checked[Known]:
    """A login token's caller while its session is live (not logged out or revoked), and
    until when.

    Each refusal says what the check found ("Invalid token", "Token expired; log in again",
    a revoked session), so the app can tell people which."""
    claims = ctx.tokens.verify(token, ctx.timestamp())
    user = await db.get(User, claims.user_id)
    if user is None:
        raise unauthorized("Invalid token: its user no longer exists")
    session = await live_session(db, ctx, claims.jti)
    if session is None:
        raise unauthorized("Token revoked: this session was logged out; log in again")
    principal = Principal(
        user=user,
        plan=await plan_of(db, user),
        credential=credential_of_session(claims.jti),
        expires_at=float(claims.expires_at),
    )
    valid_until = min(float(claims.expires_at), session.expires_at.timestamp())
    return Checked(Known(principal, claims.jti), principal.credential, valid_until)


async def _key_principal(ctx: ServerContext, db: AsyncSession, token: str) -> Checked[Known]:
    key = await db.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(token)))
    if key is None or key.revoked_at is not None:
        raise invalid_key()
    if key.expires_at is not None and key.expires_at <= ctx.now():
        raise invalid_key("API key has expired")
    user = await db.get(User, key.user_id)
    if user is None:
        raise invalid_key()
    principal = Principal(
        user=user,
        plan=await plan_of(db, user),
        scopes=frozenset(key.scopes) & ALL_SCOPES,
        api_key_id=key.id,
        credential=credential_of_key(key.id),
        expires_at=key.expires_at.timestamp() if key.expires_at is not None else None,
    )
    return Checked(Known(principal, None), principal.credential, principal.expires_at)


async def plan_of(db: AsyncSession, user: User) -> str:
    if user.org_id is None:
        return Plan.FREE.value
    org = await db.get(Organization, user.org_id)
    return org.plan if org is not None else Plan.FREE.value
