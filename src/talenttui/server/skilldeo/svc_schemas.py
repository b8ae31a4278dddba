"""Request bodies of the campaign and interview endpoints (strict types, extra fields ignored)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr

Top = Annotated[StrictInt, Field(ge=1, le=100)]
Skip = Annotated[StrictInt, Field(ge=0)]
Search = Annotated[StrictStr, Field(max_length=200)]


class CampaignListBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    org_id: StrictInt | None = None
    user_id: StrictInt | None = None
    search_param: Search | None = None
    status: Annotated[StrictStr, Field(max_length=20)] | None = None
    top: Top = 10
    skip: Skip = 0


class InviteBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    emails: Annotated[list[StrictStr], Field(min_length=1, max_length=500)]
    campaign_id: StrictInt
    user_id: StrictInt
    invited_from: Annotated[StrictStr, Field(min_length=1, max_length=40)]


class InterviewListBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    campaign_id: StrictInt | None = None
    org_id: StrictInt | None = None
    status: Annotated[StrictStr, Field(max_length=20)] | None = None
    search_param: Search | None = None
    top: Top = 20
    skip: Skip = 0
