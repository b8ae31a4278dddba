"""skilldeo campaigns (the reference calls them agents): a list page, one campaign, its link."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from talenttui.api.models.base import Model

CampaignStatus = Literal["active", "inactive", "closed"]


class CampaignSummary(Model):
    """A row of the list; the reference's example sends only ``id`` and ``name``."""

    id: int
    name: str = ""
    status: str | None = None
    skill: str | None = None
    location: str | None = None


class CampaignPage(Model):
    """One page of ``campaign/list``. ``total_count`` and ``hasMore`` are our server's
    pagination (the reference lists ``top``/``skip`` but shows no counts), so both are optional."""

    message: str = ""
    records: list[CampaignSummary] = Field(default_factory=list)
    total_count: int | None = None
    hasMore: bool | None = None


class CampaignDetails(Model):
    """``records`` of ``campaign/getDetails``; dates are ISO 8601 text as sent."""

    id: int
    name: str = ""
    status: str | None = None
    skill: str | None = None
    location: str | None = None
    agent_type: str | None = None
    job_expiry_date: str | None = None
    start_date: str | None = None
    end_date: str | None = None


class ShareLink(Model):
    """The candidate-facing join link of a campaign."""

    link: str
    message: str = ""
