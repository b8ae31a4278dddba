"""skilldeo interviews: invite by email, list, and read the AI-evaluated result."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.db import savepoint
from talenttui.server.errors import ApiError, validation_error
from talenttui.server.models import Campaign, CampaignStatus, Interview, InterviewStatus
from talenttui.server.skilldeo.auth_schemas import normalise_email
from talenttui.server.skilldeo.campaign_routes import join_link
from talenttui.server.skilldeo.scoping import check_org, colleague, own_campaign, own_interview
from talenttui.server.skilldeo.search import contains_any
from talenttui.server.skilldeo.svc_schemas import (
    InterviewListBody,
    InterviewPage,
    InterviewResult,
    InterviewResultAnswer,
    InterviewRow,
    InterviewScores,
    InviteBody,
    Invited,
)
from talenttui.server.web.deps import Ctx, CurrentCaller, Db
from talenttui.server.web.error_docs import skilldeo_errors
from talenttui.server.web.numbers import Int64

router = APIRouter(responses=skilldeo_errors(401, 404, 422))


@dataclass(frozen=True)
class Invitation:
    """What an invite writes, read once from the ORM so a retry needs no reloading."""

    campaign_id: int
    org_id: int
    campaign_name: str
    link: str
    inviter_id: int
    invited_from: str


def _clean_emails(raw: list[str]) -> list[str]:
    """Validate every address (naming the bad one) and drop repeats, case-insensitively."""
    seen: dict[str, None] = {}
    for i, value in enumerate(raw):
        try:
            seen.setdefault(normalise_email(value), None)
        except ValueError:
            raise validation_error(
                f"emails[{i}]",
                "invalid_email_format",
                provided=value[:320],
                expected="Valid email address",
            ) from None
    return list(seen)


async def _write_invites(
    db: AsyncSession, ctx: ServerContext, invitation: Invitation, emails: list[str]
) -> int:
    """Interviews and their mails in one SAVEPOINT: either all of them exist or none."""
    already = set(
        await db.scalars(
            select(Interview.candidate_email).where(
                Interview.campaign_id == invitation.campaign_id,
                Interview.candidate_email.in_(emails),
            )
        )
    )
    fresh = [e for e in emails if e not in already]
    now = ctx.now()
    async with savepoint(db):
        for email in fresh:
            db.add(
                Interview(
                    campaign_id=invitation.campaign_id,
                    org_id=invitation.org_id,
                    candidate_email=email,
                    status=InterviewStatus.INVITED.value,
                    invited_by=invitation.inviter_id,
                    invited_from=invitation.invited_from,
                    invited_at=now,
                )
            )
            ctx.mailer.queue(
                db,
                email=email,
                purpose="invite",
                subject=f"Interview invitation: {invitation.campaign_name}",
                body=(
                    f"You are invited to an AI video interview for {invitation.campaign_name}.\n\n"
                    f"Join here: {invitation.link}"
                ),
            )
    return len(fresh)


@router.post("/invite", responses=skilldeo_errors(400, 413))
async def invite(
    body: InviteBody, request: Request, caller: CurrentCaller, ctx: Ctx, db: Db
) -> Invited:
    emails = _clean_emails(body.emails)
    inviter = await colleague(db, caller.user, body.user_id)
    campaign = await own_campaign(db, caller.user, body.campaign_id)
    if campaign.status != CampaignStatus.ACTIVE.value:
        raise ApiError(
            400,
            "CAMPAIGN_NOT_ACTIVE",
            f"Campaign is {campaign.status}; invites go to active campaigns only",
            details={"field": "campaign_id", "issue": "campaign_not_active"},
            suggestion="Reactivate the campaign first.",
        )
    invitation = Invitation(
        campaign_id=campaign.id,
        org_id=campaign.org_id,
        campaign_name=campaign.name,
        link=join_link(request, ctx, campaign),
        inviter_id=inviter.id,
        invited_from=body.invited_from,
    )
    try:
        invited = await _write_invites(db, ctx, invitation, emails)
    except IntegrityError:
        # A concurrent invite took some of these addresses first: skip those as well.
        invited = await _write_invites(db, ctx, invitation, emails)
    return Invited(invited_count=invited, skipped_count=len(body.emails) - invited)


def _row(interview: Interview, campaign_name: str) -> InterviewRow:
    return InterviewRow(
        interview_id=interview.id,
        candidate_email=interview.candidate_email,
        status=interview.status,
        campaign_name=campaign_name,
        campaign_id=interview.campaign_id,
        invited_at=isoformat_z(interview.invited_at),
        completed_at=isoformat_z(interview.completed_at) if interview.completed_at else None,
        overall_decision=interview.overall_decision,
    )


@router.post("/list", responses=skilldeo_errors(400, 413))
async def list_interviews(body: InterviewListBody, caller: CurrentCaller, db: Db) -> InterviewPage:
    user = caller.user
    check_org(user, body.org_id)
    if user.org_id is None:
        return InterviewPage(records=[], hasMore=False, total_count=0)
    query = (
        select(Interview, Campaign.name)
        .join(Campaign, Campaign.id == Interview.campaign_id)
        .where(Interview.org_id == user.org_id)
    )
    if body.campaign_id is not None:
        await own_campaign(db, user, body.campaign_id)
        query = query.where(Interview.campaign_id == body.campaign_id)
    if body.status is not None:
        query = query.where(Interview.status == body.status)
    search = contains_any(body.search_param, Interview.candidate_email, Campaign.name)
    if search is not None:
        query = query.where(search)
    total = int(await db.scalar(select(func.count()).select_from(query.subquery())) or 0)
    rows = (
        await db.execute(query.order_by(Interview.id.desc()).offset(body.skip).limit(body.top))
    ).all()
    records = [_row(interview, name) for interview, name in rows]
    return InterviewPage(records=records, hasMore=body.skip + len(rows) < total, total_count=total)


@router.get("/getResult")
async def get_result(
    interview_id: Annotated[Int64, Query(alias="interviewId")],
    caller: CurrentCaller,
    db: Db,
) -> InterviewResultAnswer:
    interview = await own_interview(db, caller.user, interview_id)
    done = interview.status == InterviewStatus.COMPLETED.value
    scores = (
        InterviewScores(
            job_stability_score=interview.job_stability_score,
            role_fitment=interview.role_fitment or [],
            soft_skills=interview.soft_skills or [],
            tech_skills=interview.tech_skills or [],
        )
        if done
        else None
    )
    return InterviewResultAnswer(
        records=InterviewResult(
            interview_id=interview.id,
            candidate_email=interview.candidate_email,
            status=interview.status,
            overall_decision=interview.overall_decision if done else None,
            scores=scores,
        )
    )
