"""Profiles: what ``GET /v1/profiles/{id}`` answers, what ``PUT`` takes, and a photo upload.

The nested models serve both directions: a ``ProfileChanges`` built from them is sent with
``exclude_unset``, so only what the caller set goes on the wire (the server merges the rest).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from talenttui.api.models.base import Model

SkillLevel = Literal["beginner", "intermediate", "advanced", "expert"]
RoleType = Literal["full-time", "part-time", "contract", "freelance", "internship"]
CompanySize = Literal["startup", "small", "medium", "large", "enterprise"]
Headcount = Literal["1-10", "11-50", "51-200", "201-1000", "1000+"]


class Skill(Model):
    name: str
    level: str = "beginner"
    years: int | float = 0


class SalaryRange(Model):
    min: int
    max: int
    currency: str = "USD"


class Preferences(Model):
    role_types: list[str] = Field(default_factory=list)
    company_sizes: list[str] = Field(default_factory=list)
    industries: list[str] = Field(default_factory=list)
    salary_range: SalaryRange | None = None


class RequiredSkill(Model):
    """A skill a company's opening asks for (our server's company profiles)."""

    name: str
    importance: float = 1.0
    min_level: str = "beginner"
    min_years: int | float = 0


class Role(Model):
    """A company's opening, which candidates are matched against."""

    title: str = ""
    experience_level: str = "mid"
    role_type: str = "full-time"
    remote: bool = False
    location: str | None = None
    salary_range: SalaryRange | None = None


class Profile(Model):
    """The reference's profile; recruiters' (company) profiles also carry the company fields."""

    id: str
    name: str = ""
    title: str = ""
    avatar: str | None = None
    bio: str = ""
    location: str = ""
    remote_work: bool = False
    experience_years: int = 0
    skills: list[Skill] = Field(default_factory=list)
    preferences: Preferences = Field(default_factory=Preferences)
    social_links: dict[str, str] = Field(default_factory=dict)
    verification: dict[str, bool] = Field(default_factory=dict)
    created_at: str | None = None
    updated_at: str | None = None
    type: str | None = None
    logo: str | None = None
    company_size: str | None = None
    industry: str | None = None
    required_skills: list[RequiredSkill] | None = None
    role: Role | None = None

    @property
    def is_company(self) -> bool:
        return self.role is not None or self.required_skills is not None


class Suggestion(Model):
    field: str
    message: str


class UpdatedProfile(Profile):
    """The profile after a ``PUT``, with what changed and hints for a better profile."""

    updated_fields: list[str] = Field(default_factory=list)
    suggestions: list[Suggestion] = Field(default_factory=list)


class PhotoUploaded(Model):
    avatar: str
    content_type: str | None = None
    size_bytes: int | None = None
    profile: Profile | None = None


class ProfileChanges(Model):
    """The body of ``PUT /v1/profiles/{id}``: set only the fields to change.

    ``preferences``, ``social_links`` and ``role`` are merged key by key on the server; a
    social link set to None is removed. Company fields are refused on candidate profiles.
    """

    name: str | None = None
    title: str | None = None
    bio: str | None = None
    avatar: str | None = None
    location: str | None = None
    remote_work: bool | None = None
    experience_years: int | None = None
    skills: list[Skill] | None = None
    preferences: Preferences | None = None
    social_links: dict[str, str | None] | None = None
    type: str | None = None
    logo: str | None = None
    company_size: str | None = None
    industry: str | None = None
    required_skills: list[RequiredSkill] | None = None
    role: Role | None = None

    def body(self) -> dict[str, Any]:
        """The JSON body: the fields set (explicit Nones included), nothing else."""
        return self.model_dump(mode="json", exclude_unset=True)
