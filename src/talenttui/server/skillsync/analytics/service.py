"""Analytics computed from the stored data: nothing here is sampled or made up."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.errors import ApiError
from talenttui.server.models import (
    ConversationParticipant,
    Match,
    MatchStatus,
    Message,
    Plan,
    Profile,
    ProfileKind,
    ProfileView,
    User,
)
from talenttui.server.skillsync.analytics.schemas import (
    DayCount,
    LocationCount,
    MatchFigures,
    MessageFigures,
    PlatformAnalytics,
    PlatformMatches,
    ProfileViews,
    SkillDemand,
    UserAnalytics,
    UserCounts,
)
from talenttui.server.web.principal import Principal

WEEK = timedelta(days=7)


def percent(part: float, whole: float, digits: int = 1) -> str:
    if not whole:
        return "0%"
    value = round(part / whole * 100, digits)
    return f"{value:g}%"


def growth(current: int, previous: int) -> str:
    if previous == 0:
        return "+100%" if current else "0%"
    change = round((current - previous) / previous * 100)
    return f"{change:+d}%"


def duration_words(seconds: float) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


async def _count(db: AsyncSession, query: Any) -> int:
    return int(await db.scalar(query) or 0)


async def profile_views(db: AsyncSession, user_id: int, now: datetime) -> ProfileViews:
    base = select(func.count(ProfileView.id)).where(ProfileView.profile_user_id == user_id)
    total = await _count(db, base)
    this_week = await _count(db, base.where(ProfileView.viewed_at > now - WEEK))
    last_week = await _count(
        db,
        base.where(ProfileView.viewed_at > now - 2 * WEEK, ProfileView.viewed_at <= now - WEEK),
    )
    return ProfileViews(total=total, this_week=this_week, growth=growth(this_week, last_week))


async def match_figures(db: AsyncSession, user_id: int) -> MatchFigures:
    row = (
        await db.execute(
            select(func.count(Match.id), func.avg(Match.score)).where(Match.user_id == user_id)
        )
    ).one()
    total, avg = int(row[0]), row[1]
    accepted = await _count(
        db,
        select(func.count(Match.id)).where(
            Match.user_id == user_id, Match.status == MatchStatus.ACCEPTED.value
        ),
    )
    return MatchFigures(
        total_received=total,
        accepted=accepted,
        acceptance_rate=percent(accepted, total),
        avg_match_score=round(float(avg)) if avg is not None else 0,
    )


async def message_figures(db: AsyncSession, user_id: int) -> MessageFigures:
    """Response rate: share of conversations with a message to the user that the user answered.

    Response time is the median wait from a message to the user's answer, not the mean: one
    answer to a message left for months (the demo's unread messages, answered long after
    the demo was seeded) made the mean "227d 14h" beside replies that took an hour.
    """
    mine = select(ConversationParticipant.conversation_id).where(
        ConversationParticipant.user_id == user_id
    )
    rows = (
        await db.execute(
            select(Message.conversation_id, Message.sender_id, Message.created_at)
            .where(Message.conversation_id.in_(mine))
            .order_by(Message.conversation_id, Message.id)
        )
    ).all()
    sent = sum(1 for _, sender, _ in rows if sender == user_id)
    received = len(rows) - sent
    waiting_since: dict[int, datetime] = {}
    got_message: set[int] = set()
    answered: set[int] = set()
    delays: list[float] = []
    for conv, sender, at in rows:
        if sender != user_id:
            got_message.add(conv)
            waiting_since.setdefault(conv, at)
        elif conv in waiting_since:
            answered.add(conv)
            delays.append((at - waiting_since.pop(conv)).total_seconds())
    return MessageFigures(
        sent=sent,
        received=received,
        response_rate=percent(len(answered), len(got_message), 0),
        avg_response_time=duration_words(median(delays)) if delays else None,
    )


async def skill_demand(db: AsyncSession, top: int = 10) -> list[SkillDemand]:
    roles = await db.scalars(select(Profile.role).where(Profile.kind == ProfileKind.COMPANY.value))
    counts: Counter[str] = Counter()
    for role in roles:
        for skill in (role or {}).get("required_skills", []):
            if isinstance(skill, dict) and skill.get("name"):
                counts[str(skill["name"])] += 1
    if not counts:
        return []
    most = counts.most_common(1)[0][1]
    return [
        SkillDemand(skill=name, demand_score=round(n / most * 100))
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    ]


async def user_analytics(db: AsyncSession, user_id: int, now: datetime) -> UserAnalytics:
    return UserAnalytics(
        profile_views=await profile_views(db, user_id, now),
        matches=await match_figures(db, user_id),
        messages=await message_figures(db, user_id),
        skills_trending=await skill_demand(db),
    )


def require_enterprise(principal: Principal) -> None:
    if principal.plan != Plan.ENTERPRISE.value:
        raise ApiError(
            403,
            "INSUFFICIENT_PERMISSIONS",
            "Platform analytics are available on the Enterprise plan only",
            details={"plan": principal.plan, "required_plan": Plan.ENTERPRISE.value},
            suggestion="Upgrade to Enterprise.",
        )


async def platform_analytics(
    db: AsyncSession, principal: Principal, now: datetime
) -> PlatformAnalytics:
    """Figures across every organization: for callers on the Enterprise plan only."""
    require_enterprise(principal)
    by_role = dict(
        (await db.execute(select(User.role_id, func.count(User.id)).group_by(User.role_id))).all()
    )
    total_matches = await _count(db, select(func.count(Match.id)))
    accepted = await _count(
        db, select(func.count(Match.id)).where(Match.status == MatchStatus.ACCEPTED.value)
    )
    day = func.date(Message.created_at)
    rows = await db.execute(
        select(day, func.count(Message.id)).where(Message.created_at > now - WEEK).group_by(day)
    )
    per_day: dict[str, int] = {str(d): int(n) for d, n in rows.all()}
    days = [(now - timedelta(days=i)).date().isoformat() for i in range(6, -1, -1)]
    locations = Counter(
        loc
        for loc in await db.scalars(
            select(Profile.location).where(Profile.kind == ProfileKind.CANDIDATE.value)
        )
        if loc
    )
    return PlatformAnalytics(
        users=UserCounts(candidates=by_role.get(1, 0), recruiters=by_role.get(2, 0)),
        matches=PlatformMatches(
            total=total_matches, accepted=accepted, acceptance_rate=percent(accepted, total_matches)
        ),
        messages_per_day=[DayCount(date=d, count=per_day.get(d, 0)) for d in days],
        skills_in_demand=await skill_demand(db),
        top_locations=[
            LocationCount(location=loc, candidates=n) for loc, n in locations.most_common(10)
        ],
    )
