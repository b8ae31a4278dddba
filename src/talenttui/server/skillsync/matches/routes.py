"""`/v1/matches`: a user's feed, one match with insights, and actions on a match."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body, Depends, Query, Response
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import validation_error
from talenttui.server.skillsync.deps import Principal, require_scope
from talenttui.server.skillsync.match_actions import act_on_match
from talenttui.server.skillsync.match_schemas import (
    MAX_SKILL_FILTERS,
    ExperienceLevel,
    MatchQuery,
    StatusFilter,
)
from talenttui.server.skillsync.matches_service import list_matches, match_details
from talenttui.server.skillsync.user_refs import own_user

router = APIRouter(tags=["skillsync: matches"])

MATCH_PREFIX = "match_"


def _skills(*given: list[str] | None) -> tuple[str, ...]:
    """`skills[]=A&skills[]=B`, `skills=A&skills=B` and `skills=A,B` all mean A and B."""
    names: list[str] = []
    for values in given:
        for value in values or []:
            names.extend(part.strip() for part in value.split(",") if part.strip())
    if len(names) > MAX_SKILL_FILTERS or any(len(n) > 50 for n in names):
        raise validation_error(
            "skills",
            "too_many_or_too_long",
            f"At most {MAX_SKILL_FILTERS} skills of at most 50 characters each",
            provided=len(names),
            expected=f"At most {MAX_SKILL_FILTERS} skill names, each 1..50 characters",
        )
    return tuple(dict.fromkeys(names))


def match_query(
    limit: int = Query(20, ge=1, le=100),
    page: int = Query(1, ge=1, le=1_000_000),
    min_score: int | None = Query(None, ge=0, le=100),
    skills_brackets: list[str] | None = Query(None, alias="skills[]"),
    skills: list[str] | None = Query(None),
    location: str | None = Query(None, min_length=1, max_length=100),
    experience_level: ExperienceLevel | None = Query(None),
    status: StatusFilter | None = Query(None),
) -> MatchQuery:
    return MatchQuery(
        limit=limit,
        page=page,
        min_score=min_score,
        skills=_skills(skills_brackets, skills),
        location=location,
        experience_level=experience_level,
        status=status,
    )


@router.get("/matches/{ref}")
async def get_matches(
    ref: str,
    query: MatchQuery = Depends(match_query),
    principal: Principal = Depends(require_scope("matches:read")),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    """`match_…` is one match; `me` or your `user_…` id is your feed (as in the reference)."""
    if ref.startswith(MATCH_PREFIX):
        return skillsync_ok(await match_details(db, principal.user, ref), "Match retrieved")
    user = own_user(principal, ref, "matches")
    return skillsync_ok(await list_matches(db, user, query), "Matches retrieved")


@router.post("/matches/{match_id}/action")
async def post_match_action(
    match_id: str,
    response: Response,
    payload: dict[str, Any] = Body(...),
    principal: Principal = Depends(require_scope("matches:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    """201 when the action is recorded now; 200 when it repeats the match's current action."""
    outcome = await act_on_match(db, ctx, principal.user, match_id, payload)
    response.status_code = 201 if outcome.created else 200
    return skillsync_ok(outcome.body, "Match action recorded")
