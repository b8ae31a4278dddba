"""`/v1/auth/api-keys`: create (the key shown once), list and revoke."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import ApiError, not_found, validation_error
from talenttui.server.models import ApiKey
from talenttui.server.skillsync.deps import ALL_SCOPES, Principal, v1_principal
from talenttui.server.skillsync.key_material import hash_key, new_key

router = APIRouter(tags=["skillsync: api keys"])


class NewApiKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[StrictStr], Field(min_length=1, max_length=len(ALL_SCOPES))]
    expires_at: datetime | None = None

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expires_at needs a time zone, e.g. 2025-12-31T23:59:59Z")
        return value


def _present(key: ApiKey) -> dict[str, Any]:
    return {
        "id": key.public_id,
        "name": key.name,
        "prefix": key.prefix,
        "scopes": list(key.scopes),
        "created_at": isoformat_z(key.created_at),
        "expires_at": isoformat_z(key.expires_at) if key.expires_at else None,
        "revoked": key.revoked_at is not None,
    }


def _may_manage_keys(principal: Principal) -> None:
    if principal.api_key_id is not None:
        principal.require("api_keys:write")


@router.post("/auth/api-keys", status_code=201)
async def create_api_key(
    body: NewApiKey,
    principal: Principal = Depends(v1_principal),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> JSONResponse:
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
    await db.commit()
    data = {**_present(key), "key": secret}
    return JSONResponse(
        skillsync_ok(data, "API key created. Store it now: it is not shown again."), status_code=201
    )


@router.get("/auth/api-keys")
async def list_api_keys(
    principal: Principal = Depends(v1_principal),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    _may_manage_keys(principal)
    keys = (
        await db.scalars(
            select(ApiKey).where(ApiKey.user_id == principal.user.id).order_by(ApiKey.id)
        )
    ).all()
    return skillsync_ok({"api_keys": [_present(k) for k in keys]}, "API keys retrieved")


@router.delete("/auth/api-keys/{key_id}")
async def revoke_api_key(
    key_id: str,
    principal: Principal = Depends(v1_principal),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    _may_manage_keys(principal)
    key = await db.scalar(
        select(ApiKey).where(ApiKey.public_id == key_id, ApiKey.user_id == principal.user.id)
    )
    if key is None:
        raise not_found("API key")
    if key.revoked_at is None:
        key.revoked_at = ctx.now()
        await db.commit()
    return skillsync_ok(_present(key), "API key revoked")
