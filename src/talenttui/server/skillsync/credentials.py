"""Turn a bearer credential into a Principal. API keys are added by the API-key work."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.models import Organization, Plan, User
from talenttui.server.skillsync.deps import Principal, invalid_key


async def resolve_principal(ctx: ServerContext, db: AsyncSession, token: str) -> Principal:
    try:
        claims = ctx.tokens.verify(token, ctx.timestamp())
    except ApiError:
        raise invalid_key("Token is invalid or expired") from None
    user = await db.get(User, claims.user_id)
    if user is None:
        raise invalid_key("Token is invalid or expired")
    return Principal(user=user, plan=await plan_of(db, user))


async def plan_of(db: AsyncSession, user: User) -> str:
    if user.org_id is None:
        return Plan.FREE.value
    org = await db.get(Organization, user.org_id)
    return org.plan if org is not None else Plan.FREE.value
