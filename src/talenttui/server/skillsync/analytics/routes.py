"""`/v1/analytics`: a user's own figures, and platform figures for Enterprise plans."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from talenttui.server.skillsync.analytics.schemas import PlatformAnalytics, UserAnalytics
from talenttui.server.skillsync.analytics.service import platform_analytics, user_analytics
from talenttui.server.skillsync.user_refs import own_user
from talenttui.server.web.deps import Ctx, Db, needs
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors
from talenttui.server.web.principal import Principal

router = APIRouter(tags=["skillsync: analytics"], responses=skillsync_errors(401, 403, 429))


@router.get("/analytics/users/{user_id}")
async def get_user_analytics(
    user_id: str,
    principal: Annotated[Principal, needs("analytics:read")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[UserAnalytics]:
    """Your own figures only (`me` or your id); any other id is 403."""
    user = own_user(principal, user_id, "analytics")
    return skillsync_ok(await user_analytics(db, user.id, ctx.now()), "Analytics retrieved")


@router.get("/analytics/platform")
async def get_platform_analytics(
    principal: Annotated[Principal, needs("analytics:read")],
    ctx: Ctx,
    db: Db,
) -> SkillSyncOk[PlatformAnalytics]:
    analytics = await platform_analytics(db, principal, ctx.now())
    return skillsync_ok(analytics, "Platform analytics retrieved")
