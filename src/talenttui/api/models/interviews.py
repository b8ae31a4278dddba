"""skilldeo interviews: the answer to an invite, a list page, and the AI-evaluated result."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from talenttui.api.models.base import Model

InterviewStatus = Literal["invited", "in_progress", "completed", "expired"]


class InviteResult(Model):
    """``skipped_count`` (addresses already invited to the campaign) is our server's extension."""

    message: str = ""
    invited_count: int = 0
    skipped_count: int | None = None


class InterviewSummary(Model):
    """A row of the list; the reference's example sends the first four fields only."""

    interview_id: int
    candidate_email: str = ""
    status: str | None = None
    campaign_name: str | None = None
    campaign_id: int | None = None
    invited_at: str | None = None
    completed_at: str | None = None
    overall_decision: str | None = None


class InterviewPage(Model):
    message: str = ""
    records: list[InterviewSummary] = Field(default_factory=list)
    total_count: int | None = None
    hasMore: bool | None = None


class RoleFitment(Model):
    role: str = ""
    competency_level: int | None = None


class SkillScore(Model):
    """A soft or technical skill as the evaluation rated it (``competency_level`` 1 to 5)."""

    skill: str = ""
    competency_level: int | None = None
    skill_type: str | None = None


class InterviewScores(Model):
    job_stability_score: int | None = None
    role_fitment: list[RoleFitment] = Field(default_factory=list)
    soft_skills: list[SkillScore] = Field(default_factory=list)
    tech_skills: list[SkillScore] = Field(default_factory=list)


class InterviewResult(Model):
    """``records`` of ``interview/getResult``; ``scores`` and ``overall_decision`` stay None
    until the interview is completed."""

    interview_id: int
    candidate_email: str = ""
    status: str | None = None
    overall_decision: str | None = None
    scores: InterviewScores | None = None
