"""skilldeo campaigns (agents): list, details, shareable link. Scoped to the caller's organization."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import Caller, current_caller, get_ctx, get_db
from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skilldeo_ok
from talenttui.server.models import Campaign
from talenttui.server.skilldeo.scoping import check_org, colleague, own_campaign
from talenttui.server.skilldeo.search import contains_any
from talenttui.server.skilldeo.svc_schemas import CampaignListBody

router = APIRouter()


def _date(value: datetime | None) -> str | None:
    return isoformat_z(value) if value is not None else None


def campaign_details(c: Campaign) -> dict[str, Any]:
    return {
        "id": c.id,
        "name": c.name,
        "status": c.status,
        "skill": c.skill,
        "location": c.location,
        "agent_type": c.agent_type,
        "job_expiry_date": _date(c.job_expiry_date),
        "start_date": _date(c.start_date),
        "end_date": _date(c.end_date),
    }


def join_link(ctx: ServerContext, campaign: Campaign) -> str:
    """On the server's public URL (``--public-url``), where this server serves ``/join/``."""
    return f"{ctx.settings.link_base}/join/{campaign.link_token}"


@router.post("/list")
async def list_campaigns(
    body: CampaignListBody,
    caller: Caller = Depends(current_caller),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    user = caller.user
    check_org(user, body.org_id)
    creator = await colleague(db, user, body.user_id) if body.user_id is not None else None
    if user.org_id is None:
        return skilldeo_ok(records=[], total_count=0, hasMore=False)
    query = select(Campaign).where(Campaign.org_id == user.org_id)
    if creator is not None:
        query = query.where(Campaign.created_by == creator.id)
    if body.status is not None:
        query = query.where(Campaign.status == body.status)
    search = contains_any(body.search_param, Campaign.name, Campaign.skill, Campaign.location)
    if search is not None:
        query = query.where(search)
    total = int(await db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = (
        await db.scalars(query.order_by(Campaign.id.desc()).offset(body.skip).limit(body.top))
    ).all()
    records = [
        {"id": c.id, "name": c.name, "status": c.status, "skill": c.skill, "location": c.location}
        for c in rows
    ]
    return skilldeo_ok(records=records, total_count=total, hasMore=body.skip + len(rows) < total)


@router.get("/getDetails")
async def get_details(
    campaign_id: Annotated[int, Query(alias="campaignId")],
    user_id: Annotated[int, Query(alias="userId")],
    caller: Caller = Depends(current_caller),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    await colleague(db, caller.user, user_id)
    campaign = await own_campaign(db, caller.user, campaign_id)
    return skilldeo_ok(records=campaign_details(campaign))


@router.get("/getLink")
async def get_link(
    campaign_id: Annotated[int, Query(alias="campaignId")],
    caller: Caller = Depends(current_caller),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    campaign = await own_campaign(db, caller.user, campaign_id)
    return skilldeo_ok(link=join_link(ctx, campaign))
