"""What a caller of the interview API may see: their own organization, nothing else.

Another organization's id answers 404, exactly like an id that does not exist, so ids
cannot be probed across organizations.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.errors import not_found
from talenttui.server.models import Campaign, Interview, User


def check_org(caller: User, org_id: int | None) -> None:
    if org_id is not None and org_id != caller.org_id:
        raise not_found("Organization")


async def colleague(db: AsyncSession, caller: User, user_id: int) -> User:
    """The caller, or a user of the caller's organization."""
    if user_id == caller.id:
        return caller
    user = await db.get(User, user_id)
    if user is None or caller.org_id is None or user.org_id != caller.org_id:
        raise not_found("User")
    return user


async def own_campaign(db: AsyncSession, caller: User, campaign_id: int) -> Campaign:
    campaign = await db.get(Campaign, campaign_id)
    if campaign is None or caller.org_id is None or campaign.org_id != caller.org_id:
        raise not_found("Campaign")
    return campaign


async def own_interview(db: AsyncSession, caller: User, interview_id: int) -> Interview:
    interview = await db.get(Interview, interview_id)
    if interview is None or caller.org_id is None or interview.org_id != caller.org_id:
        raise not_found("Interview")
    return interview
