"""API keys: who may manage them, what a new one may hold, and revocation."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, not_found, validation_error
from talenttui.server.hub import revoked
from talenttui.server.models import ApiKey
from talenttui.server.skillsync.keys.schemas import ApiKeyList, ApiKeyOut, CreatedApiKey, NewApiKey
from talenttui.server.web.key_material import hash_key, new_key
from talenttui.server.web.login_sessions import credential_of_key
from talenttui.server.web.principal import ALL_SCOPES, Principal


def _present(key: ApiKey) -> ApiKeyOut:
    return ApiKeyOut(
        id=key.public_id,
        name=key.name,
        prefix=key.prefix,
        scopes=list(key.scopes),
        created_at=isoformat_z(key.created_at),
        expires_at=isoformat_z(key.expires_at) if key.expires_at else None,
        revoked=key.revoked_at is not None,
    )


def _may_manage_keys(principal: Principal) -> None:
    """A login manages keys freely; a key needs `api_keys:write`."""
    if principal.api_key_id is not None:
        principal.require("api_keys:write")


async def create_key(
    db: AsyncSession, ctx: ServerContext, principal: Principal, body: NewApiKey
) -> CreatedApiKey:
    _may_manage_keys(principal)
    for i, scope in enumerate(body.scopes):
        if scope not in ALL_SCOPES:
            raise validation_error(
                f"scopes[{i}]", "unknown_scope", provided=scope, expected=sorted(ALL_SCOPES)
            )
    if body.expires_at is not None and body.expires_at <= ctx.now():
        raise validation_error("expires_at", "in_the_past", provided=body.expires_at.isoformat())
    if principal.api_key_id is not None and not set(body.scopes) <= principal.scopes:
        raise ApiError(
            403,
            "INSUFFICIENT_PERMISSIONS",
            "A key cannot create a key with more scopes than its own",
            suggestion="Log in to create keys with any scope.",
        )
    secret = new_key(test=ctx.settings.dev)
    key = ApiKey(
        public_id=f"key_{secrets.token_hex(8)}",
        user_id=principal.user.id,
        name=body.name,
        key_hash=hash_key(secret),
        prefix=secret[:12],
        scopes=sorted(set(body.scopes)),
        created_at=ctx.now(),
        expires_at=body.expires_at,
    )
    db.add(key)
    return CreatedApiKey(**_present(key).model_dump(), key=secret)


async def list_keys(db: AsyncSession, principal: Principal) -> ApiKeyList:
    _may_manage_keys(principal)
    keys = await db.scalars(
        select(ApiKey).where(ApiKey.user_id == principal.user.id).order_by(ApiKey.id)
    )
    return ApiKeyList(api_keys=[_present(k) for k in keys])


async def revoke_key(
    db: AsyncSession, ctx: ServerContext, principal: Principal, key_id: str
) -> ApiKeyOut:
    _may_manage_keys(principal)
    key = await db.scalar(
        select(ApiKey).where(ApiKey.public_id == key_id, ApiKey.user_id == principal.user.id)
    )
    if key is None:
        raise not_found("API key")
    if key.revoked_at is None:
        key.revoked_at = ctx.now()
    await ctx.bus.notice(db, revoked(key.user_id, credential_of_key(key.id)))
    return _present(key)
