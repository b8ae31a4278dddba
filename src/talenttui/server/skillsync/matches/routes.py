"""`/v1/matches`: a user's feed, one match with insights, and actions on a match."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from talenttui.server.errors import validation_error
from talenttui.server.skillsync.matches.actions import act_on_match
from talenttui.server.skillsync.matches.schemas import (
    MAX_SKILL_FILTERS,
    ActionOut,
    ExperienceLevel,
    MatchActionIn,
    MatchDetails,
    MatchPage,
    MatchQuery,
    StatusFilter,
)
from talenttui.server.skillsync.matches.service import list_matches, match_details
from talenttui.server.skillsync.user_refs import own_user
from talenttui.server.web.deps import Ctx, Db, needs
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors
from talenttui.server.web.principal import Principal

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


async def match_query(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    min_score: Annotated[int | None, Query(ge=0, le=100)] = None,
    skills_brackets: Annotated[list[str] | None, Query(alias="skills[]")] = None,
    skills: Annotated[list[str] | None, Query()] = None,
    location: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    experience_level: ExperienceLevel | None = None,
    status: StatusFilter | None = None,
    contact_email: Annotated[str | None, Query(min_length=3, max_length=320)] = None,
) -> MatchQuery:
    """``contact_email`` (our extension) finds the matches that reveal this address. Async
    so that FastAPI does not run it in its thread pool."""
    return MatchQuery(
        limit=limit,
        page=page,
        min_score=min_score,
        skills=_skills(skills_brackets, skills),
        location=location,
        experience_level=experience_level,
        status=status,
        contact_email=contact_email,
    )


@router.get("/matches/{ref}", responses=skillsync_errors(401, 403, 404, 422, 429))
async def get_matches(
    ref: str,
    query: Annotated[MatchQuery, Depends(match_query)],
    principal: Annotated[Principal, needs("matches:read")],
    db: Db,
) -> SkillSyncOk[MatchPage | MatchDetails]:
    """`match_…` is one match; `me` or your `user_…` id is your feed (as in the reference)."""
    if ref.startswith(MATCH_PREFIX):
        return skillsync_ok(await match_details(db, principal.user, ref), "Match retrieved")
    user = own_user(principal, ref, "matches")
    return skillsync_ok(await list_matches(db, user, query), "Matches retrieved")


@router.post(
    "/matches/{match_id}/action",
    status_code=201,
    responses={
        200: {
            "model": SkillSyncOk[ActionOut],
            "description": "The action repeats the match's current one: its first result.",
        },
        **skillsync_errors(400, 401, 403, 404, 409, 413, 422, 429),
    },
)
async def post_match_action(
    match_id: str,
    body: MatchActionIn,
    response: Response,
    principal: Annotated[Principal, needs("matches:write")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[ActionOut]:
    """201 when the action is recorded now; 200 when it repeats the match's current action."""
    outcome = await act_on_match(db, ctx, principal.user, match_id, body)
    response.status_code = 201 if outcome.created else 200
    return skillsync_ok(outcome.body, "Match action recorded")
