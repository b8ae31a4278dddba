"""skilldeo ``/api/v1/svc/campaign``: an organization's campaigns (agents), one, its link."""

from __future__ import annotations

from typing import Any

from talenttui.api.call import Call, drop_none
from talenttui.api.models.campaigns import CampaignDetails, CampaignPage, CampaignStatus, ShareLink

BASE = "/api/v1/svc/campaign"


def list_campaigns(
    *,
    org_id: int | None = None,
    user_id: int | None = None,
    search_param: str | None = None,
    status: CampaignStatus | None = None,
    top: int = 10,
    skip: int = 0,
) -> Call[CampaignPage]:
    """``POST campaign/list``: a POST that changes nothing, so it is marked a read (retried,
    cached). ``user_id`` narrows the list to campaigns that colleague created."""
    body = drop_none(
        {
            "org_id": org_id,
            "user_id": user_id,
            "search_param": search_param,
            "status": status,
            "top": top,
            "skip": skip,
        }
    )
    return Call("POST", f"{BASE}/list", CampaignPage.model_validate, json=body, read=True)


def _records(payload: Any) -> Any:
    return payload["records"]


def get_campaign_details(campaign_id: int, user_id: int) -> Call[CampaignDetails]:
    """``GET campaign/getDetails``; the reference requires the caller's (or a colleague's) id."""
    return Call(
        "GET",
        f"{BASE}/getDetails",
        lambda payload: CampaignDetails.model_validate(_records(payload)),
        params={"campaignId": campaign_id, "userId": user_id},
    )


def get_campaign_link(campaign_id: int) -> Call[ShareLink]:
    """``GET campaign/getLink``: the join link to send to candidates."""
    return Call(
        "GET", f"{BASE}/getLink", ShareLink.model_validate, params={"campaignId": campaign_id}
    )
