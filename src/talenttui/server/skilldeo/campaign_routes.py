"""skilldeo campaigns (agents): list, details, shareable link. Scoped to the caller's organization."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, select

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.models import Campaign
from talenttui.server.skilldeo.scoping import check_org, colleague, own_campaign
from talenttui.server.skilldeo.search import contains_any
from talenttui.server.skilldeo.svc_schemas import (
    CampaignAnswer,
    CampaignDetails,
    CampaignLink,
    CampaignListBody,
    CampaignPage,
    CampaignRow,
)
from talenttui.server.web.deps import Ctx, CurrentCaller, Db, public_base
from talenttui.server.web.error_docs import skilldeo_errors
from talenttui.server.web.numbers import Int64

router = APIRouter(responses=skilldeo_errors(401, 404, 422))


def _date(value: datetime | None) -> str | None:
    return isoformat_z(value) if value is not None else None


def campaign_details(c: Campaign) -> CampaignDetails:
    return CampaignDetails(
        id=c.id,
        name=c.name,
        status=c.status,
        skill=c.skill,
        location=c.location,
        agent_type=c.agent_type,
        job_expiry_date=_date(c.job_expiry_date),
        start_date=_date(c.start_date),
        end_date=_date(c.end_date),
    )


def join_link(request: Request, ctx: ServerContext, campaign: Campaign) -> str:
    """On the public URL (``--public-url``), else the address the caller used, where this
    server serves ``/join/`` (the same whichever server process answered)."""
    return f"{public_base(request, ctx)}/join/{campaign.link_token}"


@router.post("/list", responses=skilldeo_errors(400, 413))
async def list_campaigns(body: CampaignListBody, caller: CurrentCaller, db: Db) -> CampaignPage:
    user = caller.user
    check_org(user, body.org_id)
    creator = await colleague(db, user, body.user_id) if body.user_id is not None else None
    if user.org_id is None:
        return CampaignPage(records=[], total_count=0, hasMore=False)
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
        CampaignRow(id=c.id, name=c.name, status=c.status, skill=c.skill, location=c.location)
        for c in rows
    ]
    return CampaignPage(records=records, total_count=total, hasMore=body.skip + len(rows) < total)


@router.get("/getDetails")
async def get_details(
    campaign_id: Annotated[Int64, Query(alias="campaignId")],
    user_id: Annotated[Int64, Query(alias="userId")],
    caller: CurrentCaller,
    db: Db,
) -> CampaignAnswer:
    await colleague(db, caller.user, user_id)
    campaign = await own_campaign(db, caller.user, campaign_id)
    return CampaignAnswer(records=campaign_details(campaign))


@router.get("/getLink")
async def get_link(
    campaign_id: Annotated[Int64, Query(alias="campaignId")],
    request: Request,
    caller: CurrentCaller,
    ctx: Ctx,
    db: Db,
) -> CampaignLink:
    campaign = await own_campaign(db, caller.user, campaign_id)
    return CampaignLink(link=join_link(request, ctx, campaign))
