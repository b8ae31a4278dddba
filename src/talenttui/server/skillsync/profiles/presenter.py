"""What `/v1/profiles` answers: the reference's profile shape, a candidate's or a company's."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel

from talenttui.server.clock import isoformat_z
from talenttui.server.models import DEFAULT_ROLE, Profile, ProfileKind, Role, User


class SkillOut(BaseModel):
    name: str
    level: str
    years: float | int


class SalaryRangeOut(BaseModel):
    min: int
    max: int
    currency: str


class PreferencesOut(BaseModel):
    role_types: list[str] = []
    company_sizes: list[str] = []
    industries: list[str] = []
    salary_range: SalaryRangeOut | None = None


class RequiredSkillOut(BaseModel):
    name: str
    importance: float
    min_level: str
    min_years: float | int


class RoleOut(BaseModel):
    title: str
    experience_level: str
    role_type: str
    remote: bool
    location: str | None
    salary_range: SalaryRangeOut | None


class CandidateProfileOut(BaseModel):
    """The reference's profile."""

    id: str
    name: str
    title: str
    avatar: str | None
    bio: str
    location: str
    remote_work: bool
    experience_years: int
    skills: list[SkillOut]
    preferences: PreferencesOut
    social_links: dict[str, str]
    verification: dict[str, bool]
    created_at: str
    updated_at: str


class CompanyProfileOut(CandidateProfileOut):
    """A recruiter's company profile: the candidate fields, then the company and its opening."""

    type: str | None
    logo: str | None
    company_size: str | None
    industry: str | None
    required_skills: list[RequiredSkillOut]
    role: RoleOut


ProfileOut = CompanyProfileOut | CandidateProfileOut


class Suggestion(BaseModel):
    field: str
    message: str


class UpdatedCandidateProfile(CandidateProfileOut):
    updated_fields: list[str]
    suggestions: list[Suggestion]


class UpdatedCompanyProfile(CompanyProfileOut):
    updated_fields: list[str]
    suggestions: list[Suggestion]


UpdatedProfileOut = UpdatedCompanyProfile | UpdatedCandidateProfile


class PhotoOut(BaseModel):
    avatar: str
    content_type: str
    size_bytes: int
    profile: ProfileOut


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


def _salary(raw: Any) -> SalaryRangeOut | None:
    if not isinstance(raw, dict):
        return None
    return SalaryRangeOut(min=raw["min"], max=raw["max"], currency=raw.get("currency", "USD"))


def _candidate_fields(user: User, profile: Profile) -> dict[str, Any]:
    prefs = profile.preferences or {}
    return {
        "id": user.public_id,
        "name": profile.name,
        "title": profile.title,
        "avatar": profile.avatar,
        "bio": profile.bio,
        "location": profile.location,
        "remote_work": profile.remote_work,
        "experience_years": profile.experience_years,
        "skills": [
            SkillOut(name=s["name"], level=s["level"], years=number(s.get("years", 0)))
            for s in profile.skills or []
        ],
        "preferences": PreferencesOut(
            role_types=list(prefs.get("role_types", [])),
            company_sizes=list(prefs.get("company_sizes", [])),
            industries=list(prefs.get("industries", [])),
            salary_range=_salary(prefs.get("salary_range")),
        ),
        "social_links": dict(profile.social_links or {}),
        "verification": dict(profile.verification or default_verification(user)),
        "created_at": isoformat_z(profile.created_at),
        "updated_at": isoformat_z(profile.updated_at),
    }


def _company_fields(profile: Profile) -> dict[str, Any]:
    role = profile.role_with_defaults()
    return {
        "type": profile.company_type,
        "logo": profile.logo,
        "company_size": profile.company_size,
        "industry": profile.industry,
        "required_skills": [
            RequiredSkillOut(
                name=s["name"],
                importance=s.get("importance", 1.0),
                min_level=s.get("min_level", "beginner"),
                min_years=number(s.get("min_years", 0)),
            )
            for s in role["required_skills"]
        ],
        "role": RoleOut(
            title=role["title"],
            experience_level=role["experience_level"],
            role_type=role["role_type"],
            remote=role["remote"],
            location=role["location"],
            salary_range=_salary(role["salary_range"]),
        ),
    }


def present(user: User, profile: Profile) -> ProfileOut:
    fields = _candidate_fields(user, profile)
    if profile.kind == ProfileKind.COMPANY:
        return CompanyProfileOut(**fields, **_company_fields(profile))
    return CandidateProfileOut(**fields)


def present_updated(
    user: User, profile: Profile, updated_fields: list[str], suggestions: list[Suggestion]
) -> UpdatedProfileOut:
    fields = {
        **_candidate_fields(user, profile),
        "updated_fields": updated_fields,
        "suggestions": suggestions,
    }
    if profile.kind == ProfileKind.COMPANY:
        return UpdatedCompanyProfile(**fields, **_company_fields(profile))
    return UpdatedCandidateProfile(**fields)
