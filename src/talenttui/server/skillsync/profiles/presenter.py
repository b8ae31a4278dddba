"""Profile rows as the reference prints them, and the short form a match carries."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talenttui.server.clock import isoformat_z
from talenttui.server.models import Profile, ProfileKind, Role, User
from talenttui.server.skillsync.profile_schemas import (
    COMPANY_ONLY_FIELDS,
    PreferencesOut,
    ProfileOut,
    RequiredSkillOut,
    RoleOut,
    SalaryRangeOut,
    SkillOut,
)

DEFAULT_ROLE: dict[str, Any] = {
    "title": "",
    "experience_level": "mid",
    "role_type": "full-time",
    "remote": False,
    "location": None,
    "salary_range": None,
    "required_skills": [],
}


def number(value: float | int) -> float | int:
    """Whole years print as integers, as the reference does (`"years": 3`)."""
    return int(value) if float(value).is_integer() else float(value)


def kind_for(user: User) -> ProfileKind:
    return ProfileKind.COMPANY if user.role_id == Role.RECRUITER else ProfileKind.CANDIDATE


def blank_profile(user: User, now: datetime) -> Profile:
    """What a user without a stored profile sees of their own: their account, nothing more."""
    kind = kind_for(user)
    return Profile(
        user_id=user.id,
        kind=kind.value,
        name=user.full_name or user.email.split("@", 1)[0],
        title="",
        avatar=None,
        bio="",
        location="",
        remote_work=False,
        experience_years=0,
        skills=[],
        preferences={},
        social_links={},
        verification=default_verification(user),
        role=dict(DEFAULT_ROLE) if kind is ProfileKind.COMPANY else None,
        created_at=user.created_at or now,
        updated_at=user.created_at or now,
    )


def default_verification(user: User) -> dict[str, bool]:
    """Logging in by emailed code proves the email; nothing else is verified by this server."""
    return {"email": True, "phone": False, "github": False, "linkedin": False}


def role_of(profile: Profile) -> dict[str, Any]:
    return {**DEFAULT_ROLE, **(profile.role or {})}


def _salary(raw: Any) -> SalaryRangeOut | None:
    if not isinstance(raw, dict):
        return None
    return SalaryRangeOut(min=raw["min"], max=raw["max"], currency=raw.get("currency", "USD"))


def present(user: User, profile: Profile) -> ProfileOut:
    prefs = profile.preferences or {}
    out = ProfileOut(
        id=user.public_id,
        name=profile.name,
        title=profile.title,
        avatar=profile.avatar,
        bio=profile.bio,
        location=profile.location,
        remote_work=profile.remote_work,
        experience_years=profile.experience_years,
        skills=[
            SkillOut(name=s["name"], level=s["level"], years=number(s.get("years", 0)))
            for s in profile.skills or []
        ],
        preferences=PreferencesOut(
            role_types=list(prefs.get("role_types", [])),
            company_sizes=list(prefs.get("company_sizes", [])),
            industries=list(prefs.get("industries", [])),
            salary_range=_salary(prefs.get("salary_range")),
        ),
        social_links=dict(profile.social_links or {}),
        verification=dict(profile.verification or default_verification(user)),
        created_at=isoformat_z(profile.created_at),
        updated_at=isoformat_z(profile.updated_at),
    )
    if profile.kind == ProfileKind.COMPANY:
        role = role_of(profile)
        out.type = profile.company_type
        out.logo = profile.logo
        out.company_size = profile.company_size
        out.industry = profile.industry
        out.required_skills = [
            RequiredSkillOut(
                name=s["name"],
                importance=s.get("importance", 1.0),
                min_level=s.get("min_level", "beginner"),
                min_years=number(s.get("min_years", 0)),
            )
            for s in role["required_skills"]
        ]
        out.role = RoleOut(
            title=role["title"],
            experience_level=role["experience_level"],
            role_type=role["role_type"],
            remote=role["remote"],
            location=role["location"],
            salary_range=_salary(role["salary_range"]),
        )
    return out


def profile_json(user: User, profile: Profile) -> dict[str, Any]:
    company = profile.kind == ProfileKind.COMPANY
    return present(user, profile).model_dump(
        mode="json", exclude=None if company else set(COMPANY_ONLY_FIELDS)
    )


def match_summary(profile: Profile) -> dict[str, Any]:
    """The `profile` inside a match object: a company's card (as the reference) or a candidate's."""
    if profile.kind == ProfileKind.COMPANY:
        return {
            "name": profile.name,
            "type": profile.company_type,
            "logo": profile.logo,
            "location": profile.location,
            "company_size": profile.company_size,
            "industry": profile.industry,
            "role_title": role_of(profile)["title"],
        }
    return {
        "name": profile.name,
        "title": profile.title,
        "avatar": profile.avatar,
        "location": profile.location,
        "remote_work": profile.remote_work,
        "experience_years": profile.experience_years,
    }
