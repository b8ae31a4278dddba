"""Bodies (strict types, extra fields ignored) and answers of the campaign and interview endpoints."""

from __future__ import annotations

import enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

from talenttui.server.models import CampaignStatus, InterviewStatus
from talenttui.server.web.numbers import INT64_MAX, StrictInt64

Top = Annotated[StrictInt, Field(ge=1, le=100)]
Skip = Annotated[StrictInt, Field(ge=0, le=INT64_MAX)]
Search = Annotated[StrictStr, Field(max_length=200)]
StatusText = Annotated[StrictStr, Field(max_length=20)]


def status_filter(value: str | None, allowed: type[enum.StrEnum]) -> str | None:
    """An empty status means "any" (the reference sends `""`); an unknown one is a typo to report."""
    if value is None or not value.strip():
        return None
    status = value.strip().lower()
    if status not in {s.value for s in allowed}:
        raise ValueError(f"must be one of: {', '.join(s.value for s in allowed)}")
    return status


class CampaignListBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    org_id: StrictInt64 | None = None
    user_id: StrictInt64 | None = None
    search_param: Search | None = None
    status: StatusText | None = None
    top: Top = 10
    skip: Skip = 0

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        return status_filter(value, CampaignStatus)


class InviteBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    emails: Annotated[list[StrictStr], Field(min_length=1, max_length=500)]
    campaign_id: StrictInt64
    user_id: StrictInt64
    invited_from: Annotated[StrictStr, Field(min_length=1, max_length=40)]


class InterviewListBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    campaign_id: StrictInt64 | None = None
    org_id: StrictInt64 | None = None
    status: StatusText | None = None
    search_param: Search | None = None
    top: Top = 20
    skip: Skip = 0

    @field_validator("status")
    @classmethod
    def _status(cls, value: str | None) -> str | None:
        return status_filter(value, InterviewStatus)


class CampaignRow(BaseModel):
    id: int
    name: str
    status: str
    skill: str | None
    location: str | None


class CampaignPage(BaseModel):
    message: str = "Success"
    records: list[CampaignRow]
    total_count: int
    hasMore: bool
    status_code: Literal[200] = 200
    error: Literal[False] = False


class CampaignDetails(CampaignRow):
    agent_type: str
    job_expiry_date: str | None
    start_date: str | None
    end_date: str | None


class CampaignAnswer(BaseModel):
    message: str = "Success"
    records: CampaignDetails
    status_code: Literal[200] = 200
    error: Literal[False] = False


class CampaignLink(BaseModel):
    message: str = "Success"
    link: str
    status_code: Literal[200] = 200
    error: Literal[False] = False


class Invited(BaseModel):
    message: str = "Invites sent successfully"
    invited_count: int
    skipped_count: int
    status_code: Literal[200] = 200
    error: Literal[False] = False


class InterviewRow(BaseModel):
    interview_id: int
    candidate_email: str
    status: str
    campaign_name: str
    campaign_id: int
    invited_at: str
    completed_at: str | None
    overall_decision: str | None


class InterviewPage(BaseModel):
    message: str = "Success"
    records: list[InterviewRow]
    hasMore: bool
    total_count: int
    status_code: Literal[200] = 200
    error: Literal[False] = False


class InterviewScores(BaseModel):
    job_stability_score: int | None
    role_fitment: list[dict[str, Any]]
    soft_skills: list[dict[str, Any]]
    tech_skills: list[dict[str, Any]]


class InterviewResult(BaseModel):
    interview_id: int
    candidate_email: str
    status: str
    overall_decision: str | None
    scores: InterviewScores | None


class InterviewResultAnswer(BaseModel):
    message: str = "Success"
    records: InterviewResult
    status_code: Literal[200] = 200
    error: Literal[False] = False
