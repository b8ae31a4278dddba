"""Profile rows turned into the matching engine's inputs, and the facts a match row copies from each side.

Both the live recompute and the demo seed go through here (the seed with profiles not
yet stored), so a pair scores the same whichever path computed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talenttui.server.models import Profile, ProfileKind
from talenttui.server.skillsync.matching.sides import CandidateProfile, RoleProfile


@dataclass(frozen=True)
class Side:
    """One party of a pair, as the other party's match row filters on it."""

    user_id: int
    public_id: str
    location: str
    remote: bool
    experience_level: str


def matchable(profile: Profile) -> bool:
    """Only profiles listing skills (a candidate's, or an opening's required ones) get matches."""
    if profile.kind == ProfileKind.COMPANY:
        return bool(profile.role_with_defaults()["required_skills"])
    return bool(profile.skills)


def candidate_json(public_id: str, profile: Profile) -> dict[str, Any]:
    """The reference's profile fields the engine reads."""
    return {
        "id": public_id,
        "name": profile.name,
        "title": profile.title,
        "location": profile.location,
        "remote_work": profile.remote_work,
        "experience_years": profile.experience_years,
        "skills": list(profile.skills or []),
        "preferences": dict(profile.preferences or {}),
    }


def role_json(public_id: str, profile: Profile) -> dict[str, Any]:
    """A company's profile with its opening folded in."""
    role = profile.role_with_defaults()
    return {
        "id": public_id,
        "name": profile.name,
        "company": profile.name,
        "title": role["title"] or profile.title,
        "type": profile.company_type,
        "company_size": profile.company_size,
        "industry": profile.industry,
        "required_skills": list(role["required_skills"]),
        "experience_level": role["experience_level"],
        "role_type": role["role_type"],
        "remote": bool(role["remote"] or profile.remote_work),
        "location": role["location"] or profile.location,
        "salary_range": role["salary_range"],
    }


def candidate_input(public_id: str, profile: Profile) -> CandidateProfile:
    return CandidateProfile.from_profile_json(candidate_json(public_id, profile))


def role_input(public_id: str, profile: Profile) -> RoleProfile:
    return RoleProfile.from_profile_json(role_json(public_id, profile))


def candidate_side(
    user_id: int, public_id: str, profile: Profile, candidate: CandidateProfile
) -> Side:
    return Side(
        user_id=user_id,
        public_id=public_id,
        location=profile.location,
        remote=profile.remote_work,
        experience_level=candidate.experience_level,
    )


def company_side(user_id: int, public_id: str, profile: Profile) -> Side:
    r = profile.role_with_defaults()
    return Side(
        user_id=user_id,
        public_id=public_id,
        location=r["location"] or profile.location,
        remote=bool(r["remote"] or profile.remote_work),
        experience_level=r["experience_level"],
    )
