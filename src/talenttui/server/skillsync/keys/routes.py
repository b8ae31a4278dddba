"""`/v1/auth/api-keys`: create (the key shown once), list and revoke."""

from __future__ import annotations

from fastapi import APIRouter

from talenttui.server.skillsync.keys import service
from talenttui.server.skillsync.keys.schemas import ApiKeyList, ApiKeyOut, CreatedApiKey, NewApiKey
from talenttui.server.web.deps import Ctx, CurrentPrincipal, Db
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors

router = APIRouter(tags=["skillsync: api keys"], responses=skillsync_errors(401, 403, 429))


@router.post("/auth/api-keys", status_code=201, responses=skillsync_errors(400, 413, 422))
async def create_api_key(
    body: NewApiKey, principal: CurrentPrincipal, ctx: Ctx, db: Db
) -> SkillSyncOk[CreatedApiKey]:
    created = await service.create_key(db, ctx, principal, body)
    return skillsync_ok(created, "API key created. Store it now: it is not shown again.")


@router.get("/auth/api-keys")
async def list_api_keys(principal: CurrentPrincipal, db: Db) -> SkillSyncOk[ApiKeyList]:
    return skillsync_ok(await service.list_keys(db, principal), "API keys retrieved")


@router.delete("/auth/api-keys/{key_id}", responses=skillsync_errors(404))
async def revoke_api_key(
    key_id: str, principal: CurrentPrincipal, ctx: Ctx, db: Db
) -> SkillSyncOk[ApiKeyOut]:
    return skillsync_ok(await service.revoke_key(db, ctx, principal, key_id), "API key revoked")
