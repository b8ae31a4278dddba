"""What `/v1/analytics` answers: every field of the reference, from stored data."""

from __future__ import annotations

from pydantic import BaseModel


class ProfileViews(BaseModel):
    total: int
    this_week: int
    growth: str


class MatchFigures(BaseModel):
    total_received: int
    accepted: int
    acceptance_rate: str
    avg_match_score: int


class MessageFigures(BaseModel):
    sent: int
    received: int
    response_rate: str
    avg_response_time: str | None


class SkillDemand(BaseModel):
    skill: str
    demand_score: int


class UserAnalytics(BaseModel):
    profile_views: ProfileViews
    matches: MatchFigures
    messages: MessageFigures
    skills_trending: list[SkillDemand]


class UserCounts(BaseModel):
    candidates: int
    recruiters: int


class PlatformMatches(BaseModel):
    total: int
    accepted: int
    acceptance_rate: str


class DayCount(BaseModel):
    date: str
    count: int


class LocationCount(BaseModel):
    location: str
    candidates: int


class PlatformAnalytics(BaseModel):
    users: UserCounts
    matches: PlatformMatches
    messages_per_day: list[DayCount]
    skills_in_demand: list[SkillDemand]
    top_locations: list[LocationCount]
