"""`/v1/profiles` and the photos they point at."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

from talenttui.server.errors import not_found
from talenttui.server.skillsync.profiles import photos
from talenttui.server.skillsync.profiles.presenter import PhotoOut, ProfileOut, UpdatedProfileOut
from talenttui.server.skillsync.profiles.schemas import ProfileUpdate
from talenttui.server.skillsync.profiles.service import read_profile, replace_photo, update_profile
from talenttui.server.web.deps import Ctx, Db, needs, public_base
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors
from talenttui.server.web.principal import Principal

router = APIRouter(tags=["skillsync: profiles"])

_PHOTO_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'",
}
_IMAGE = {"schema": {"type": "string", "format": "binary"}}


@router.get("/profiles/{user_id}", responses=skillsync_errors(401, 403, 404, 429))
async def get_profile(
    user_id: str,
    principal: Annotated[Principal, needs("profiles:read")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[ProfileOut]:
    """`me`, your own id, or someone you share a match or conversation with (else 404)."""
    return skillsync_ok(await read_profile(db, ctx, principal, user_id), "Profile retrieved")


@router.put("/profiles/{user_id}", responses=skillsync_errors(400, 401, 403, 413, 422, 429))
async def put_profile(
    user_id: str,
    body: ProfileUpdate,
    principal: Annotated[Principal, needs("profiles:write")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[UpdatedProfileOut]:
    updated = await update_profile(db, ctx, principal, user_id, body)
    return skillsync_ok(updated, "Profile updated")


@router.post("/profiles/{user_id}/photo", responses=skillsync_errors(400, 401, 403, 413, 422, 429))
async def upload_photo(
    request: Request,
    user_id: str,
    principal: Annotated[Principal, needs("profiles:write")],
    ctx: Ctx,
    db: Db,
    photo: Annotated[UploadFile | None, File()] = None,
) -> SkillSyncOk[PhotoOut]:
    content = None if photo is None else await photo.read()
    out = await replace_photo(db, ctx, principal, user_id, content, public_base(request, ctx))
    return skillsync_ok(out, "Photo uploaded")


@router.get(
    "/photos/{name}",
    response_class=Response,
    responses={
        200: {
            "description": "The image, cacheable for a year.",
            "content": {kind.content_type: _IMAGE for kind in photos.KINDS},
        },
        **skillsync_errors(404, 429),
    },
)
async def get_photo(name: str, db: Db) -> Response:
    """No credential needed: names are 128 random bits, handed out only in avatar URLs."""
    photo = await photos.read(db, name)
    if photo is None:
        raise not_found("Photo")
    return Response(photo.data, media_type=photo.content_type, headers=_PHOTO_HEADERS)
