"""Reading and changing profiles: who may see whose, partial updates, views, photos."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, not_found
from talenttui.server.events import emit
from talenttui.server.models import Match, Profile, ProfileKind, ProfileView, User
from talenttui.server.skillsync.matching.recompute import recompute_for_user
from talenttui.server.skillsync.messages.conversations import find_conversation
from talenttui.server.skillsync.profiles import photos
from talenttui.server.skillsync.profiles.image_check import ImageRefused, inspect_image
from talenttui.server.skillsync.profiles.presenter import (
    PhotoOut,
    ProfileOut,
    UpdatedProfileOut,
    blank_profile,
    number,
    present,
    present_updated,
)
from talenttui.server.skillsync.profiles.schemas import COMPANY_ONLY_FIELDS, ProfileUpdate
from talenttui.server.skillsync.profiles.suggestions import suggestions_for
from talenttui.server.skillsync.user_refs import find_user, own_user
from talenttui.server.web.principal import Principal
from talenttui.server.web.validation import provided

MATCHING_FIELDS = frozenset(
    {
        "location",
        "remote_work",
        "experience_years",
        "skills",
        "preferences",
        "type",
        "company_size",
        "industry",
        "required_skills",
        "role",
    }
)
_COLUMN_FOR = {"type": "company_type"}
_MERGED_FIELDS = frozenset({"preferences", "social_links", "role"})


async def profile_of(db: AsyncSession, user_id: int) -> Profile | None:
    return await db.scalar(select(Profile).where(Profile.user_id == user_id))


async def _stored_profile(db: AsyncSession, user: User, now: datetime) -> tuple[Profile, bool]:
    """The user's profile row, added now (and True) when they had none."""
    profile = await profile_of(db, user.id)
    if profile is not None:
        return profile, False
    profile = blank_profile(user, now)
    profile.created_at = now
    db.add(profile)
    return profile, True


async def may_view(db: AsyncSession, viewer_id: int, owner_id: int) -> bool:
    """Your own profile, or someone you share a match or a conversation with."""
    if viewer_id == owner_id:
        return True
    shared_match = await db.scalar(
        select(exists().where(Match.user_id == viewer_id, Match.matched_user_id == owner_id))
    )
    return bool(shared_match) or await find_conversation(db, viewer_id, owner_id) is not None


async def read_profile(
    db: AsyncSession, ctx: ServerContext, principal: Principal, ref: str
) -> ProfileOut:
    viewer = principal.user
    user = await find_user(db, principal, ref)
    if not await may_view(db, viewer.id, user.id):
        raise not_found("User")
    profile = await profile_of(db, user.id)
    if profile is None:
        if user.id != viewer.id:
            raise not_found("User")
        profile = blank_profile(user, ctx.now())
    elif user.id != viewer.id:
        async with ctx.writes() as writing:  # a GET reads; the view is a write of its own
            writing.add(
                ProfileView(profile_user_id=user.id, viewer_user_id=viewer.id, viewed_at=ctx.now())
            )
            await writing.commit()
    return present(user, profile)


def _company_only(update: ProfileUpdate, kind: str) -> None:
    misplaced = sorted(COMPANY_ONLY_FIELDS & update.given())
    if kind == ProfileKind.CANDIDATE and misplaced:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            "The request contains invalid parameters",
            details={
                "field": misplaced[0],
                "issue": "company_profile_only",
                "provided": provided(update.model_dump(mode="json")[misplaced[0]]),
                "expected": "Company fields only on a recruiter's (company) profile",
            },
            suggestion=f"Remove '{misplaced[0]}': candidate profiles have no company fields.",
        )


def _apply(profile: Profile, update: ProfileUpdate) -> dict[str, Any]:
    """Write the given fields onto the row; returns the new values by field for the event."""
    changes: dict[str, Any] = {}
    full = update.model_dump(mode="json")
    partial = update.model_dump(mode="json", exclude_unset=True)
    for field in sorted(update.given()):
        value = partial[field] if field in _MERGED_FIELDS else full[field]
        if field == "skills":
            value = [{**s, "years": number(s["years"])} for s in value]
        elif field == "preferences":
            value = {**(profile.preferences or {}), **value}
        elif field == "social_links":
            merged = {**(profile.social_links or {}), **value}
            value = {k: v for k, v in merged.items() if v is not None}
        elif field == "required_skills":
            value = [{**s, "min_years": number(s["min_years"])} for s in value]
            profile.role = {**profile.role_with_defaults(), "required_skills": value}
            changes[field] = value
            continue
        elif field == "role":
            profile.role = {**profile.role_with_defaults(), **value}
            changes[field] = value
            continue
        setattr(profile, _COLUMN_FOR.get(field, field), value)
        changes[field] = value
    return changes


async def update_profile(
    db: AsyncSession, ctx: ServerContext, principal: Principal, ref: str, update: ProfileUpdate
) -> UpdatedProfileOut:
    """Apply the given fields, announce them, and re-score the user when matching reads them."""
    user = own_user(principal, ref, "profile")
    now = ctx.now()
    profile, created = await _stored_profile(db, user, now)
    _company_only(update, profile.kind)
    changes = _apply(profile, update)
    profile.updated_at = now
    await db.flush()
    await emit(
        db,
        user.id,
        "profile.updated",
        {"user_id": user.public_id, "updated_fields": sorted(changes), "changes": changes},
        now,
    )
    if created or MATCHING_FIELDS & changes.keys():
        await _commit_then_rescore(db, ctx, user.id)
    return present_updated(user, profile, sorted(changes), suggestions_for(profile))


async def _commit_then_rescore(db: AsyncSession, ctx: ServerContext, user_id: int) -> None:
    """The edit is committed first (and announced); the re-score then stores its matches in
    batches of their own (`recompute`), never holding the write lock for long. Should it
    fail part-way, the profile stands and the next edit re-scores again."""
    await db.commit()
    await recompute_for_user(ctx, user_id)


def _photo_error(issue: str, expected: str, provided: Any) -> ApiError:
    return ApiError(
        422,
        "VALIDATION_ERROR",
        "The request contains invalid parameters",
        details={"field": "photo", "issue": issue, "provided": provided, "expected": expected},
        suggestion="Upload a PNG, JPEG or WebP image as the multipart form field 'photo'.",
    )


async def replace_photo(
    db: AsyncSession,
    ctx: ServerContext,
    principal: Principal,
    ref: str,
    content: bytes | None,
    base_url: str,
) -> PhotoOut:
    """Store the image (in the database, so every process serves it) and point the avatar at
    it, at `base_url` (the public URL); the photo it replaces goes in the same transaction."""
    user = own_user(principal, ref, "profile")
    expected = "A PNG, JPEG or WebP image"
    if content is None:
        raise _photo_error("missing", expected, None)
    if not content:
        raise _photo_error("empty_file", expected, "0 bytes")
    if len(content) > ctx.settings.max_upload_bytes:
        raise _photo_error(
            "file_too_large", f"At most {ctx.settings.max_upload_bytes} bytes", len(content)
        )
    try:
        image = await asyncio.to_thread(inspect_image, content)
    except ImageRefused as refused:
        raise _photo_error(
            refused.issue, refused.expected, f"{len(content)} bytes, not a usable image"
        ) from None
    kind = image.kind
    now = ctx.now()
    name = photos.store(db, kind, content, now)
    profile, created = await _stored_profile(db, user, now)
    await photos.discard(db, profile.photo_file)
    url = f"{base_url.rstrip('/')}/v1/photos/{name}"
    profile.avatar = url
    profile.photo_file = name
    profile.updated_at = now
    await db.flush()
    await emit(
        db,
        user.id,
        "profile.updated",
        {"user_id": user.public_id, "updated_fields": ["avatar"], "changes": {"avatar": url}},
        now,
    )
    if created:
        await _commit_then_rescore(db, ctx, user.id)
    return PhotoOut(
        avatar=url,
        content_type=kind.content_type,
        size_bytes=len(content),
        profile=present(user, profile),
    )
