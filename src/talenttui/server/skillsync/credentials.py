"""Turn a bearer credential (login JWT or API key) into a Principal."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import ApiKey, Organization, Plan, User
from talenttui.server.skillsync.deps import ALL_SCOPES, Principal, invalid_key
from talenttui.server.skillsync.key_material import hash_key, is_api_key


async def resolve_principal(ctx: ServerContext, db: AsyncSession, token: str) -> Principal:
    if is_api_key(token):
        return await _principal_from_key(ctx, db, token)
    try:
        claims = ctx.tokens.verify(token, ctx.timestamp())
    except ApiError as exc:
        raise invalid_key(exc.message) from None  # "Invalid token" or "Token expired; …"
    user = await db.get(User, claims.user_id)
    if user is None:
        raise invalid_key("Invalid token: its user no longer exists")
    return Principal(user=user, plan=await plan_of(db, user))


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
    return Principal(user=user, plan=await plan_of(db, user), scopes=scopes, api_key_id=key.id)


async def plan_of(db: AsyncSession, user: User) -> str:
    if user.org_id is None:
        return Plan.FREE.value
    org = await db.get(Organization, user.org_id)
    return org.plan if org is not None else Plan.FREE.value
