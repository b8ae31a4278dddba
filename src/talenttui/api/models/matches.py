"""Matches: the feed, one match with insights, and the answer to an action."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from talenttui.api.models.base import Model

MatchStatus = Literal["new", "saved", "accepted", "rejected"]
MatchActionName = Literal["accept", "reject", "save", "reset"]
ExperienceLevel = Literal["junior", "mid", "senior", "lead"]


class MatchProfile(Model):
    """A company card (candidate's feed) or a candidate card (recruiter's feed)."""

    name: str = ""
    type: str | None = None
    title: str | None = None
    role_title: str | None = None
    location: str | None = None
    industry: str | None = None
    company_size: str | None = None
    experience_years: int | None = None
    remote_work: bool | None = None
    logo: str | None = None
    avatar: str | None = None

    @property
    def headline(self) -> str:
        """The role or title line of the card, whichever the profile has."""
        return self.role_title or self.title or self.industry or ""


class SkillWeight(Model):
    skill: str
    weight: float = 0.0


class CompatibilityScores(Model):
    technical: int | None = None
    cultural: int | None = None
    experience: int | None = None


class ScoreBreakdown(Model):
    overall: int | None = None
    technical: int | None = None
    cultural: int | None = None
    experience: int | None = None


class Insights(Model):
    summary: str = ""
    score_breakdown: ScoreBreakdown | None = None
    strengths: list[str] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    talking_points: list[str] = Field(default_factory=list)


class Match(Model):
    id: str
    user_id: str | None = None
    profile: MatchProfile | None = None
    match_score: int = 0
    match_reasons: list[str] = Field(default_factory=list)
    skills_matched: list[SkillWeight] = Field(default_factory=list)
    compatibility_scores: CompatibilityScores = Field(default_factory=CompatibilityScores)
    status: str = "new"
    created_at: str | None = None
    expires_at: str | None = None
    insights: Insights | None = None
    contact_email: str | None = None
    """Our server's extension: the other party's email, once the recruiter has accepted."""
    reject_reason: str | None = None
    """Our server's extension: the reason given with the latest reject (its metadata)."""

    @property
    def name(self) -> str:
        return self.profile.name if self.profile else (self.user_id or self.id)

    def top_skills(self, count: int = 3) -> list[str]:
        ranked = sorted(self.skills_matched, key=lambda s: s.weight, reverse=True)
        return [s.skill for s in ranked[:count]]


class Pagination(Model):
    total: int = 0
    page: int = 1
    per_page: int = 20
    total_pages: int = 0


class StatusCounts(Model):
    """Our server's extension to the feed: the user's matches per status under the other filters."""

    new: int = 0
    saved: int = 0
    accepted: int = 0
    rejected: int = 0


class MatchPage(Model):
    matches: list[Match] = Field(default_factory=list)
    pagination: Pagination = Field(default_factory=Pagination)
    filters_applied: dict[str, object] = Field(default_factory=dict)
    counts: StatusCounts | None = None


class MatchActionResult(Model):
    action_id: str
    match_id: str
    status: str
    action: str | None = None
    conversation_id: str | None = None
    next_steps: list[str] = Field(default_factory=list)
