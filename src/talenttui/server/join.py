"""`GET /join/{token}`: what a campaign's share link opens, on the server that made it.

A candidate who follows the link sees the campaign (name, organization, skill, place,
until when it runs) and how to take part; a client asking for JSON gets the same facts.
Nothing private is shown: no recruiter, no ids but the campaign's, no other candidate.
An unknown token is a 404 page that says the link is not valid.
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from sqlalchemy import select

from talenttui.server.clock import isoformat_z
from talenttui.server.models import Campaign, CampaignStatus, Organization
from talenttui.server.web.deps import Db

router = APIRouter(tags=["share links"], include_in_schema=False)
"""A page for people who follow a link, not an operation of either API: not in /openapi.json."""

TAKING_PART = (
    "Interviews for this campaign are by invitation: the recruiter sends one to your email "
    "address, and its link starts your interview."
)
CLOSED = "This campaign is not taking candidates now."
NOT_VALID = "This interview link is not valid: it may have been mistyped or withdrawn."

_PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{title}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}}
dt{{color:#666}}dd{{margin:0 0 .5rem}}</style></head>
<body>{body}</body>
</html>
"""


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _facts(campaign: Campaign, organization: str | None) -> dict[str, Any]:
    open_now = campaign.status == CampaignStatus.ACTIVE.value
    return {
        "name": campaign.name,
        "organization": organization,
        "skill": campaign.skill,
        "location": campaign.location,
        "status": campaign.status,
        "open_until": isoformat_z(campaign.end_date) if campaign.end_date else None,
        "how_to_apply": TAKING_PART if open_now else CLOSED,
    }


def _page(title: str, body: str, status: int) -> HTMLResponse:
    return HTMLResponse(_PAGE.format(title=escape(title), body=body), status_code=status)


def _campaign_page(facts: dict[str, Any]) -> HTMLResponse:
    rows = [
        ("Organization", facts["organization"]),
        ("Skill", facts["skill"]),
        ("Location", facts["location"]),
        ("Status", facts["status"]),
        ("Open until", (facts["open_until"] or "")[:10]),
    ]
    items = "".join(f"<dt>{label}</dt><dd>{escape(str(v))}</dd>" for label, v in rows if v)
    body = f"<h1>{escape(facts['name'])}</h1><dl>{items}</dl><p>{escape(facts['how_to_apply'])}</p>"
    return _page(facts["name"], body, 200)


@router.get("/join/{token}", response_model=None)
async def join(token: str, request: Request, db: Db) -> Response:
    row = (
        await db.execute(
            select(Campaign, Organization.name)
            .outerjoin(Organization, Organization.id == Campaign.org_id)
            .where(Campaign.link_token == token)
        )
    ).first()
    if row is None:
        if _wants_json(request):
            return JSONResponse({"error": "LINK_NOT_FOUND", "message": NOT_VALID}, 404)
        return _page("Link not valid", f"<h1>Link not valid</h1><p>{escape(NOT_VALID)}</p>", 404)
    facts = _facts(row[0], row[1])
    if _wants_json(request):
        return JSONResponse({"campaign": facts})
    return _campaign_page(facts)
