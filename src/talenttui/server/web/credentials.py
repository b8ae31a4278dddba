"""Turn the bearer credential of a request (login JWT or API key) into its caller."""

from __future__ import annotations

from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, unauthorized
from talenttui.server.models import ApiKey, Organization, Plan, User
from talenttui.server.tokens import TokenClaims
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
    db: AsyncSession,
) -> Principal:
    """The `/v1` caller of a request or a WebSocket handshake; every refusal is INVALID_API_KEY."""
    try:
        token = bearer_token(connection, credentials)
    except ApiError as exc:
        raise invalid_key(exc.message) from None
    return await resolve_principal(ctx, db, token)


async def resolve_principal(ctx: ServerContext, db: AsyncSession, token: str) -> Principal:
    if is_api_key(token):
        return await _principal_from_key(ctx, db, token)
    try:
        claims, user = await _token_user(ctx, db, token)
    except ApiError as exc:
        raise invalid_key(exc.message) from None  # what the check found: invalid, expired, revoked
    return Principal(
        user=user,
        plan=await plan_of(db, user),
        credential=credential_of_session(claims.jti),
        expires_at=float(claims.expires_at),
    )


async def _token_user(ctx: ServerContext, db: AsyncSession, token: str) -> tuple[TokenClaims, User]:
    """A login token's claims and user, while its session is live (not logged out or revoked).

    Each refusal says what the check found ("Invalid token", "Token expired; log in again",
    a revoked session), so the app can tell people which."""
    claims = ctx.tokens.verify(token, ctx.timestamp())
    user = await db.get(User, claims.user_id)
    if user is None:
        raise unauthorized("Invalid token: its user no longer exists")
    if await live_session(db, ctx, claims.jti) is None:
        raise unauthorized("Token revoked: this session was logged out; log in again")
    return claims, user


async def _principal_from_key(ctx: ServerContext, db: AsyncSession, token: str) -> Principal:
    key = await db.scalar(select(ApiKey).where(ApiKey.key_hash == hash_key(token)))
    if key is None or key.revoked_at is not None:
        raise invalid_key()
    if key.expires_at is not None and key.expires_at <= ctx.now():
        raise invalid_key("API key has expired")
    user = await db.get(User, key.user_id)
    if user is None:
        raise invalid_key()
    scopes = frozenset(key.scopes) & ALL_SCOPES
    return Principal(
        user=user,
        plan=await plan_of(db, user),
        scopes=scopes,
        api_key_id=key.id,
        credential=credential_of_key(key.id),
        expires_at=key.expires_at.timestamp() if key.expires_at is not None else None,
    )


async def plan_of(db: AsyncSession, user: User) -> str:
    if user.org_id is None:
        return Plan.FREE.value
    org = await db.get(Organization, user.org_id)
    return org.plan if org is not None else Plan.FREE.value


async def caller_for(
    connection: HTTPConnection,
    credentials: HTTPAuthorizationCredentials | None,
    ctx: ServerContext,
    db: AsyncSession,
) -> Caller:
    """The `/api/v1` caller: login tokens only, refused as UNAUTHORIZED."""
    claims, user = await _token_user(ctx, db, bearer_token(connection, credentials))
    return Caller(user=user, jti=claims.jti)
