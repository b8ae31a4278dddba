"""`/v1/analytics`: a user's own figures, and platform figures for Enterprise plans."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import ApiError
from talenttui.server.models import Plan
from talenttui.server.skillsync.analytics_service import platform_analytics, user_analytics
from talenttui.server.skillsync.deps import Principal, require_scope
from talenttui.server.skillsync.user_refs import own_user

router = APIRouter(tags=["skillsync: analytics"])


@router.get("/analytics/users/{user_id}")
async def get_user_analytics(
    user_id: str,
    principal: Principal = Depends(require_scope("analytics:read")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    user = own_user(principal, user_id, "analytics")
    return skillsync_ok(await user_analytics(db, user.id, ctx.now()), "Analytics retrieved")


@router.get("/analytics/platform")
async def get_platform_analytics(
    principal: Principal = Depends(require_scope("analytics:read")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    if principal.plan != Plan.ENTERPRISE.value:
        raise ApiError(
            403,
            "INSUFFICIENT_PERMISSIONS",
            "Platform analytics are available on the Enterprise plan only",
            details={"plan": principal.plan, "required_plan": Plan.ENTERPRISE.value},
            suggestion="Upgrade to Enterprise.",
        )
    return skillsync_ok(await platform_analytics(db, ctx.now()), "Platform analytics retrieved")
