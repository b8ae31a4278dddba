"""`/v1/profiles` and the photos they point at."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Body, Depends, File, Request, UploadFile
from fastapi.responses import FileResponse
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import not_found
from talenttui.server.skillsync import photos
from talenttui.server.skillsync.deps import Principal, require_scope
from talenttui.server.skillsync.profiles_service import (
    read_profile,
    replace_photo,
    update_profile,
)

router = APIRouter(tags=["skillsync: profiles"])

_PHOTO_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
}


@router.get("/profiles/{user_id}")
async def get_profile(
    user_id: str,
    principal: Principal = Depends(require_scope("profiles:read")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    return skillsync_ok(await read_profile(db, ctx, principal, user_id), "Profile retrieved")


@router.put("/profiles/{user_id}")
async def put_profile(
    user_id: str,
    payload: dict[str, Any] = Body(...),
    principal: Principal = Depends(require_scope("profiles:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    updated = await update_profile(db, ctx, principal, user_id, payload)
    data = {
        **updated.profile,
        "updated_fields": updated.updated_fields,
        "suggestions": [s.model_dump() for s in updated.suggestions],
    }
    return skillsync_ok(data, "Profile updated")


@router.post("/profiles/{user_id}/photo")
async def upload_photo(
    request: Request,
    user_id: str,
    photo: UploadFile | None = File(None),
    principal: Principal = Depends(require_scope("profiles:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    content = None if photo is None else await photo.read()
    out, profile = await replace_photo(db, ctx, principal, user_id, content, str(request.base_url))
    return skillsync_ok({**out.model_dump(), "profile": profile}, "Photo uploaded")


@router.get("/photos/{name}", response_class=FileResponse)
async def get_photo(name: str, ctx: ServerContext = Depends(get_ctx)) -> FileResponse:
    """No credential needed: names are 128 random bits, handed out only in avatar URLs."""
    kind = photos.kind_of_name(name)
    path = photos.photo_dir(ctx.settings.data_dir) / name
    if kind is None or not await asyncio.to_thread(path.is_file):
        raise not_found("Photo")
    return FileResponse(path, media_type=kind.content_type, headers=_PHOTO_HEADERS)
