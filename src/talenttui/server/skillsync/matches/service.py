"""A user's match feed (filtered and paged in SQL) and one match with its insights."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import ColumnElement, Select, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import load_only

from talenttui.server.clock import isoformat_z
from talenttui.server.errors import not_found
from talenttui.server.models import Match, MatchStatus, Profile, ProfileKind, User
from talenttui.server.skillsync.matches.contacts import (
    Viewer,
    contact_emails,
    reject_reasons,
    revealed,
    with_contact,
)
from talenttui.server.skillsync.matches.insights import insights_for
from talenttui.server.skillsync.matches.schemas import (
    CandidateCard,
    CompanyCard,
    CompatibilityScores,
    MatchDetails,
    MatchOut,
    MatchPage,
    MatchQuery,
    Pagination,
    SkillWeight,
    StatusCounts,
)
from talenttui.server.skillsync.matching.vocabulary import normalize_skill

REMOTE = "remote"


def _conditions(
    viewer: Viewer, query: MatchQuery, *, by_status: bool = True
) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [
        Match.user_id == viewer.id,
        Match.score >= query.effective_min_score,
    ]
    if query.contact_email is not None:
        conds.append(with_contact(viewer, query.contact_email))
    if by_status:
        conds.append(
            Match.status != MatchStatus.REJECTED.value
            if query.status is None
            else Match.status == query.status
        )
    for skill in query.skills:
        conds.append(Match.skills_key.contains(f"|{normalize_skill(skill)}|", autoescape=True))
    if query.location is not None:
        place = query.location.strip().casefold()
        if place == REMOTE:
            conds.append(or_(Match.matched_remote.is_(True), Match.matched_location == REMOTE))
        else:
            conds.append(Match.matched_location.contains(place, autoescape=True))
    if query.experience_level is not None:
        conds.append(Match.matched_experience_level == query.experience_level)
    return conds


CARD_COLUMNS = (
    Profile.kind,
    Profile.name,
    Profile.company_type,
    Profile.logo,
    Profile.location,
    Profile.company_size,
    Profile.industry,
    Profile.role,
    Profile.title,
    Profile.avatar,
    Profile.remote_work,
    Profile.experience_years,
)
"""What `card` reads: a feed page loads these alone (not the skills, preferences, links...)."""
_CARD_ONLY = load_only(*CARD_COLUMNS)
"""Built once: building the option is a tenth of a feed page's own work."""


def card(profile: Profile) -> CompanyCard | CandidateCard:
    """The `profile` inside a match object: a company's card (as the reference) or a candidate's."""
    if profile.kind == ProfileKind.COMPANY:
        return CompanyCard(
            name=profile.name,
            type=profile.company_type,
            logo=profile.logo,
            location=profile.location,
            company_size=profile.company_size,
            industry=profile.industry,
            role_title=profile.role_with_defaults()["title"],
        )
    return CandidateCard(
        name=profile.name,
        title=profile.title,
        avatar=profile.avatar,
        location=profile.location,
        remote_work=profile.remote_work,
        experience_years=profile.experience_years,
    )


def _match_fields(
    match: Match,
    matched_public_id: str,
    profile: Profile | None,
    contact_email: str | None = None,
    reject_reason: str | None = None,
) -> dict[str, Any]:
    return {
        "id": match.public_id,
        "user_id": matched_public_id,
        "profile": card(profile) if profile is not None else None,
        "match_score": match.score,
        "match_reasons": list(match.match_reasons),
        "skills_matched": [SkillWeight(**s) for s in match.skills_matched],
        "compatibility_scores": CompatibilityScores(
            technical=match.technical, cultural=match.cultural, experience=match.experience
        ),
        "status": match.status,
        "created_at": isoformat_z(match.created_at),
        "expires_at": isoformat_z(match.expires_at),
        "contact_email": contact_email,
        "reject_reason": reject_reason,
    }


def match_object(match: Match, matched_public_id: str, profile: Profile | None) -> MatchOut:
    return MatchOut(**_match_fields(match, matched_public_id, profile))


def feed_statement(viewer: Viewer, query: MatchQuery) -> Select[Match, str, Profile, str | None]:
    """One page of the feed, best score first, ties in creation order, with the other
    party's email where the match reveals it: the page is one query."""
    return (
        select(
            Match,
            User.public_id,
            Profile,
            case((revealed(viewer), User.email), else_=None),
        )
        .join(User, User.id == Match.matched_user_id)
        .outerjoin(Profile, Profile.user_id == Match.matched_user_id)
        .options(_CARD_ONLY)
        .where(*_conditions(viewer, query))
        .order_by(Match.score.desc(), Match.id)
        .limit(query.limit)
        .offset((query.page - 1) * query.limit)
    )


async def status_counts(db: AsyncSession, viewer: Viewer, query: MatchQuery) -> StatusCounts:
    """The user's matches per status under the feed's other filters (our extension): the
    counters beside a filtered list add up to what it holds, whichever status is asked."""
    rows = await db.execute(
        select(Match.status, func.count())
        .where(*_conditions(viewer, query, by_status=False))
        .group_by(Match.status)
    )
    counts = {status.value: 0 for status in MatchStatus}
    counts.update({status: n for status, n in rows})
    return StatusCounts(**counts)


async def list_matches(db: AsyncSession, user: User, query: MatchQuery) -> MatchPage:
    viewer = Viewer.of(user)
    counts = await status_counts(db, viewer, query)
    rows = (await db.execute(feed_statement(viewer, query))).all()
    reasons = await reject_reasons(db, [m for m, _, _, _ in rows])
    total = counts.total_for(query.status)
    return MatchPage(
        matches=[
            MatchOut(**_match_fields(m, public_id, p, email, reasons.get(m.id)))
            for m, public_id, p, email in rows
        ],
        pagination=Pagination(
            total=total,
            page=query.page,
            per_page=query.limit,
            total_pages=math.ceil(total / query.limit),
        ),
        filters_applied=query.filters_applied(),
        counts=counts,
    )


async def owned_match(db: AsyncSession, user_id: int, match_ref: str) -> Match:
    """Another user's match is as unknown as a made-up id: 404 either way."""
    match = await db.scalar(
        select(Match).where(Match.public_id == match_ref, Match.user_id == user_id)
    )
    if match is None:
        raise not_found("Match")
    return match


async def match_details(db: AsyncSession, user: User, match_ref: str) -> MatchDetails:
    match = await owned_match(db, user.id, match_ref)
    other = await db.get(User, match.matched_user_id)
    assert other is not None
    mine = await db.scalar(select(Profile).where(Profile.user_id == user.id))
    theirs = await db.scalar(select(Profile).where(Profile.user_id == other.id))
    viewer = Viewer.of(user)
    email = (await contact_emails(db, viewer, [match])).get(match.id)
    reason = (await reject_reasons(db, [match])).get(match.id)
    return MatchDetails(
        **_match_fields(match, other.public_id, theirs, email, reason),
        insights=insights_for(match, mine, theirs),
    )
