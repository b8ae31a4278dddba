"""Reading and changing profiles: who may see whose, partial updates, views, and hints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, not_found
from talenttui.server.events import emit
from talenttui.server.models import Match, Profile, ProfileKind, ProfileView
from talenttui.server.skillsync import field_errors, photos
from talenttui.server.skillsync.conversations_service import find_conversation
from talenttui.server.skillsync.deps import Principal
from talenttui.server.skillsync.match_recompute import recompute_for_user
from talenttui.server.skillsync.profile_presenter import (
    blank_profile,
    number,
    profile_json,
    role_of,
)
from talenttui.server.skillsync.profile_schemas import (
    COMPANY_ONLY_FIELDS,
    PhotoOut,
    ProfileUpdate,
    Suggestion,
    refused_fields,
)
from talenttui.server.skillsync.user_refs import find_user, own_user

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


@dataclass(frozen=True)
class UpdatedProfile:
    profile: dict[str, Any]
    suggestions: list[Suggestion]
    updated_fields: list[str]
    new_matches: int


async def profile_of(db: AsyncSession, user_id: int) -> Profile | None:
    return await db.scalar(select(Profile).where(Profile.user_id == user_id))


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
) -> dict[str, Any]:
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
        db.add(ProfileView(profile_user_id=user.id, viewer_user_id=viewer.id, viewed_at=ctx.now()))
        await db.commit()
    return profile_json(user, profile)


def parse_update(payload: dict[str, Any]) -> ProfileUpdate:
    refused = refused_fields(payload)
    if refused is not None:
        field, issue = refused
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            "The request contains invalid parameters",
            details={
                "field": field,
                "issue": issue,
                "provided": payload.get(field) if field in payload else payload,
                "expected": "No read-only fields (id, verification, created_at, updated_at)"
                if issue == "read_only_field"
                else "At least one profile field",
            },
            suggestion=f"Remove '{field}'; send only the fields you want to change."
            if issue == "read_only_field"
            else "Send at least one profile field to change.",
        )
    try:
        return ProfileUpdate.model_validate(payload)
    except ValidationError as exc:
        raise field_errors.describe(exc) from None


def _company_only(payload: dict[str, Any], kind: str) -> None:
    misplaced = sorted(COMPANY_ONLY_FIELDS & payload.keys())
    if kind == ProfileKind.CANDIDATE and misplaced:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            "The request contains invalid parameters",
            details={
                "field": misplaced[0],
                "issue": "company_profile_only",
                "provided": field_errors.provided(payload[misplaced[0]]),
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
            profile.role = {**role_of(profile), "required_skills": value}
            changes[field] = value
            continue
        elif field == "role":
            profile.role = {**role_of(profile), **value}
            changes[field] = value
            continue
        setattr(profile, _COLUMN_FOR.get(field, field), value)
        changes[field] = value
    return changes


def suggestions_for(profile: Profile) -> list[Suggestion]:
    """Plain rules standing in for the reference's "AI optimization suggestions"."""
    out: list[Suggestion] = []
    if len(profile.bio.strip()) < 50:
        out.append(
            Suggestion(field="bio", message="Write a bio of a few sentences about your work.")
        )
    if not profile.title.strip():
        out.append(Suggestion(field="title", message="Add a title, such as your current role."))
    if not profile.avatar and not profile.logo:
        out.append(
            Suggestion(
                field="avatar", message="Upload a photo; profiles with one get more replies."
            )
        )
    if profile.kind == ProfileKind.COMPANY:
        if not role_of(profile)["required_skills"]:
            out.append(
                Suggestion(
                    field="required_skills",
                    message="List the skills your opening needs so candidates can be matched.",
                )
            )
        return out
    skills = profile.skills or []
    if len(skills) < 3:
        out.append(
            Suggestion(field="skills", message="List at least three skills to get better matches.")
        )
    if any(not s.get("years") for s in skills):
        out.append(Suggestion(field="skills", message="Add years of experience to each skill."))
    if not (profile.preferences or {}).get("salary_range"):
        out.append(
            Suggestion(
                field="preferences.salary_range",
                message="Add a salary range so offers fit your expectations.",
            )
        )
    if not profile.social_links:
        out.append(
            Suggestion(field="social_links", message="Link your GitHub, LinkedIn or portfolio.")
        )
    return out


async def update_profile(
    db: AsyncSession,
    ctx: ServerContext,
    principal: Principal,
    ref: str,
    payload: dict[str, Any],
) -> UpdatedProfile:
    user = own_user(principal, ref, "profile")
    update = parse_update(payload)
    now = ctx.now()
    profile = await profile_of(db, user.id)
    created = profile is None
    if profile is None:
        profile = blank_profile(user, now)
        profile.created_at = now
        db.add(profile)
    _company_only(payload, profile.kind)
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
    new_matches = 0
    if created or MATCHING_FIELDS & changes.keys():
        new_matches = await recompute_for_user(db, ctx, user, profile)
    await db.commit()
    return UpdatedProfile(
        profile=profile_json(user, profile),
        suggestions=suggestions_for(profile),
        updated_fields=sorted(changes),
        new_matches=new_matches,
    )


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
) -> tuple[PhotoOut, dict[str, Any]]:
    """Store the image, point the avatar at it, then drop the photo it replaces."""
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
    kind = photos.sniff(content[:16])
    if kind is None:
        raise _photo_error(
            "unsupported_image_type", expected, f"{len(content)} bytes, not an image"
        )
    name = await photos.store(ctx.settings.data_dir, kind, content)
    now = ctx.now()
    profile = await profile_of(db, user.id)
    created = profile is None
    if profile is None:
        profile = blank_profile(user, now)
        profile.created_at = now
        db.add(profile)
    replaced = profile.photo_file
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
        await recompute_for_user(db, ctx, user, profile)
    try:
        await db.commit()
    except BaseException:
        await photos.discard(ctx.settings.data_dir, name)
        raise
    await photos.discard(ctx.settings.data_dir, replaced)
    out = PhotoOut(avatar=url, content_type=kind.content_type, size_bytes=len(content))
    return out, profile_json(user, profile)
