"""The `insights` of one match: score parts, strengths, gaps and talking points, worded for the viewer."""

from __future__ import annotations

from pydantic import BaseModel

from talenttui.server.models import Match, Profile, ProfileKind
from talenttui.server.skillsync.matching.vocabulary import normalize_skill

STRONG_WEIGHT = 0.85
WEAK_WEIGHT = 0.6


class ScoreBreakdown(BaseModel):
    overall: int
    technical: int
    cultural: int
    experience: int


class Insights(BaseModel):
    summary: str
    score_breakdown: ScoreBreakdown
    strengths: list[str]
    gaps: list[str]
    talking_points: list[str]


def _verdict(score: int) -> str:
    if score >= 85:
        return "Excellent match"
    if score >= 70:
        return "Good match"
    if score >= 55:
        return "Fair match"
    return "Weak match"


def insights_for(match: Match, mine: Profile | None, theirs: Profile | None) -> Insights:
    """Rules over the stored scores and both profiles; deterministic, nothing invented."""
    viewer_is_company = mine is not None and mine.kind == ProfileKind.COMPANY
    company = mine if viewer_is_company else theirs
    required = company.role_with_defaults()["required_skills"] if company is not None else []
    matched = {normalize_skill(s["skill"]): s for s in match.skills_matched}
    missing = [r["name"] for r in required if normalize_skill(r["name"]) not in matched]
    strong = [s["skill"] for s in match.skills_matched if s["weight"] >= STRONG_WEIGHT]
    weak = [s["skill"] for s in match.skills_matched if s["weight"] < WEAK_WEIGHT]
    other_name = theirs.name if theirs is not None else "them"

    strengths = list(match.match_reasons)
    strengths += [f"{skill} meets the level asked for" for skill in strong[:3]]
    if viewer_is_company:
        gaps = [f"{other_name} lists no {name}" for name in missing]
        gaps += [f"{other_name}'s {skill} is below the level asked for" for skill in weak]
        points = [f"Ask about their {skill} projects" for skill in strong[:2]]
        points += [f"Check their interest in learning {name}" for name in missing[:2]]
    else:
        gaps = [f"The role asks for {name}, which is not on your profile" for name in missing]
        gaps += [f"Your {skill} is below the level the role asks for" for skill in weak]
        points = [f"Talk about your {skill} work" for skill in strong[:2]]
        points += [f"Ask how the team uses {name}" for name in missing[:2]]
    if match.cultural < 60:
        points.append("Discuss role type, company size and salary expectations early")
    if not points:
        points.append(f"Introduce yourself to {other_name} and ask about next steps")
    return Insights(
        summary=f"{_verdict(match.score)} ({match.score}/100)",
        score_breakdown=ScoreBreakdown(
            overall=match.score,
            technical=match.technical,
            cultural=match.cultural,
            experience=match.experience,
        ),
        strengths=strengths,
        gaps=gaps,
        talking_points=points,
    )
