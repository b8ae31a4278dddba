"""What `/v1/profiles` accepts: a strict partial update (read-only and unknown fields refused)."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic.json_schema import SkipJsonSchema
from pydantic_core import PydanticCustomError

SkillLevel = Literal["beginner", "intermediate", "advanced", "expert"]
RoleType = Literal["full-time", "part-time", "contract", "freelance", "internship"]
CompanySizeWord = Literal["startup", "small", "medium", "large", "enterprise"]
CompanyHeadcount = Literal["1-10", "11-50", "51-200", "201-1000", "1000+"]
ExperienceLevel = Literal["junior", "mid", "senior", "lead"]

MAX_URL_CHARS = 500
COMPANY_ONLY_FIELDS = frozenset(
    {"type", "logo", "company_size", "industry", "required_skills", "role"}
)


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PydanticCustomError(
            "invalid_url",
            "Not an http(s) URL",
            {"expected_text": "An absolute http:// or https:// URL"},
        )
    return value


def _read_only(value: Any) -> Any:
    raise PydanticCustomError(
        "read_only_field",
        "This field is read-only",
        {"expected_text": "No read-only fields (id, verification, created_at, updated_at)"},
    )


ReadOnly = SkipJsonSchema[Annotated[Any, AfterValidator(_read_only)] | None]
HttpUrlText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=MAX_URL_CHARS),
    AfterValidator(_http_url),
]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=120)]
SkillName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]
Years = Annotated[float, Field(ge=0, le=60)]


def _no_duplicate_names(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        key = name.casefold()
        if key in seen:
            raise PydanticCustomError(
                "duplicate_skill",
                "Skill {name} is listed twice",
                {"name": name, "expected_text": "Each skill name at most once"},
            )
        seen.add(key)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Named(_Strict):
    name: SkillName


class SkillIn(_Named):
    level: SkillLevel
    years: Years = 0


class SalaryRange(_Strict):
    min: Annotated[int, Field(ge=0, le=10_000_000)]
    max: Annotated[int, Field(ge=0, le=10_000_000)]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"

    @model_validator(mode="after")
    def _ordered(self) -> SalaryRange:
        if self.min > self.max:
            raise PydanticCustomError(
                "salary_range_order",
                "min is greater than max",
                {"expected_text": "min <= max"},
            )
        return self


class PreferencesIn(_Strict):
    """Each key given replaces the stored one; keys left out keep their value."""

    role_types: Annotated[list[RoleType], Field(max_length=5)] | None = None
    company_sizes: Annotated[list[CompanySizeWord], Field(max_length=5)] | None = None
    industries: Annotated[list[SkillName], Field(max_length=20)] | None = None
    salary_range: SalaryRange | None = None


class RequiredSkillIn(_Named):
    importance: Annotated[float, Field(ge=0, le=1)] = 1.0
    min_level: SkillLevel = "beginner"
    min_years: Years = 0


class RoleIn(_Strict):
    """A company's opening, which candidates are matched against."""

    title: ShortText = ""
    experience_level: ExperienceLevel = "mid"
    role_type: RoleType = "full-time"
    remote: bool = False
    location: ShortText | None = None
    salary_range: SalaryRange | None = None


class ProfileUpdate(_Strict):
    """PUT /v1/profiles/{userId}: every field optional, unknown and read-only fields refused.

    The read-only fields come first, so refusing one of them is the error reported.
    """

    created_at: ReadOnly = None
    id: ReadOnly = None
    suggestions: ReadOnly = None
    updated_at: ReadOnly = None
    verification: ReadOnly = None
    name: (
        Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
        | None
    ) = None
    title: ShortText | None = None
    bio: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] | None = None
    avatar: HttpUrlText | None = None
    location: ShortText | None = None
    remote_work: bool | None = None
    experience_years: Annotated[int, Field(ge=0, le=60)] | None = None
    skills: Annotated[list[SkillIn], Field(max_length=50)] | None = None
    preferences: PreferencesIn | None = None
    social_links: (
        Annotated[
            dict[
                Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,29}$")],
                HttpUrlText | None,
            ],
            Field(max_length=10),
        ]
        | None
    ) = None
    type: CompanySizeWord | None = None
    logo: HttpUrlText | None = None
    company_size: CompanyHeadcount | None = None
    industry: ShortText | None = None
    required_skills: Annotated[list[RequiredSkillIn], Field(max_length=30)] | None = None
    role: RoleIn | None = None

    @field_validator("skills", "required_skills")
    @classmethod
    def _unique_skills(cls, skills: list[_Named] | None) -> list[_Named] | None:
        if skills is not None:
            _no_duplicate_names([s.name for s in skills])
        return skills

    @model_validator(mode="after")
    def _something_to_change(self) -> ProfileUpdate:
        if not self.model_fields_set:
            raise PydanticCustomError(
                "no_fields",
                "Nothing to change",
                {"expected_text": "At least one profile field"},
            )
        return self

    def given(self) -> set[str]:
        return set(self.model_fields_set)
