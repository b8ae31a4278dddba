"""Analytics: a user's own figures, and platform figures (Enterprise plans only).

Rates and growth come as display strings ("14.7%", "+12%", "2h 15m"), as in the reference.
"""

from __future__ import annotations

from pydantic import Field

from talenttui.api.models.base import Model


class ProfileViews(Model):
    total: int = 0
    this_week: int = 0
    growth: str = "0%"


class MatchFigures(Model):
    total_received: int = 0
    accepted: int = 0
    acceptance_rate: str = "0%"
    avg_match_score: int = 0


class MessageFigures(Model):
    sent: int = 0
    received: int = 0
    response_rate: str = "0%"
    avg_response_time: str | None = None


class SkillDemand(Model):
    skill: str
    demand_score: int = 0


class UserAnalytics(Model):
    profile_views: ProfileViews = Field(default_factory=ProfileViews)
    matches: MatchFigures = Field(default_factory=MatchFigures)
    messages: MessageFigures = Field(default_factory=MessageFigures)
    skills_trending: list[SkillDemand] = Field(default_factory=list)


class UserCounts(Model):
    candidates: int = 0
    recruiters: int = 0


class PlatformMatches(Model):
    total: int = 0
    accepted: int = 0
    acceptance_rate: str = "0%"


class DayCount(Model):
    date: str
    count: int = 0


class LocationCount(Model):
    location: str
    candidates: int = 0


class PlatformAnalytics(Model):
    """Our server's platform figures; the reference names the endpoint but shows no example."""

    users: UserCounts = Field(default_factory=UserCounts)
    matches: PlatformMatches = Field(default_factory=PlatformMatches)
    messages_per_day: list[DayCount] = Field(default_factory=list)
    skills_in_demand: list[SkillDemand] = Field(default_factory=list)
    top_locations: list[LocationCount] = Field(default_factory=list)
