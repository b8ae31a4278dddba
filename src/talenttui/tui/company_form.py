"""A recruiter's company fields (our server's extension of the reference's profile: the match
profile a candidate sees, ``type``, ``logo``, ``company_size``, ``industry``, and the opening
candidates are matched against, ``role`` and ``required_skills``), read from the editor's
text fields and checked by the server's rules (``server/skillsync/profiles/schemas.py``).

No Textual here, as in ``profile_form``, whose line and salary readers this reuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from talenttui.api.models.profiles import RequiredSkill, Role
from talenttui.tui.profile_form import (
    COMPANY_SIZES,
    ROLE_TYPES,
    TEXT_LIMITS,
    FormResult,
    FormValues,
    http_url,
    parse_skills,
    read_form,
    salary_range,
)

T = TypeVar("T")

if TYPE_CHECKING:
    from talenttui.api.models.profiles import Profile

SHORT_TEXT = TEXT_LIMITS["title"]
"""The server's limit on a one-line text (industry, the opening's title and place)."""
HEADCOUNTS = ("1-10", "11-50", "51-200", "201-1000", "1000+")
EXPERIENCE_LEVELS = ("junior", "mid", "senior", "lead")
COMPANY_FIELDS = (
    "type",
    "company_size",
    "industry",
    "logo",
    "role.title",
    "role.experience_level",
    "role.role_type",
    "role.location",
    "role.salary_range",
    "required_skills",
)
"""The company fields, named as the server names them in a 422's ``details.field``."""


@dataclass
class CompanyValues:
    """The company fields as typed (a checkbox for a remote opening)."""

    type: str = ""
    company_size: str = ""
    industry: str = ""
    logo: str = ""
    role_title: str = ""
    experience_level: str = "mid"
    role_type: str = "full-time"
    remote: bool = False
    role_location: str = ""
    salary_min: str = ""
    salary_max: str = ""
    currency: str = "USD"
    required_skills: str = ""
    """One skill a line: ``name, min level, min years, importance`` (all but the name may be
    left out: beginner, 0, 1)."""


def company_values_of(profile: Profile) -> CompanyValues:
    role = profile.role or Role()
    salary = role.salary_range
    return CompanyValues(
        type=profile.type or "",
        company_size=profile.company_size or "",
        industry=profile.industry or "",
        logo=profile.logo or "",
        role_title=role.title,
        experience_level=role.experience_level,
        role_type=role.role_type,
        remote=role.remote,
        role_location=role.location or "",
        salary_min="" if salary is None else str(salary.min),
        salary_max="" if salary is None else str(salary.max),
        currency="USD" if salary is None else salary.currency,
        required_skills="\n".join(
            f"{s.name}, {s.min_level}, {s.min_years:g}, {s.importance:g}"
            for s in profile.required_skills or []
        ),
    )


def _one_of(text: str, allowed: tuple[str, ...], *, blank: bool) -> tuple[str | None, str | None]:
    word = text.strip().lower()
    if not word and blank:
        return None, None
    if word not in allowed:
        return None, f"one of {', '.join(allowed)}"
    return word, None


def parse_required_skills(text: str) -> tuple[list[RequiredSkill], str | None]:
    """Name, level and years are read as the candidate's skills are (the same rules and
    words); the fourth part is how much the skill counts, from 0 to 1."""
    lines = text.splitlines()
    first_three = "\n".join(",".join(line.split(",")[:3]) for line in lines)
    skills, problem = parse_skills(first_three)
    if problem:
        return [], problem
    importances: list[float] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",")]
        if len(parts) > 4:
            return [], f"line {number}: write name, min level, min years, importance"
        try:
            importance = float(parts[3]) if len(parts) > 3 and parts[3] else 1.0
        except ValueError:
            importance = -1.0
        if not 0 <= importance <= 1:
            return [], f"line {number}: importance is a number from 0 to 1"
        importances.append(importance)
    if len(skills) > 30:
        return [], "at most 30 required skills"
    required = [
        RequiredSkill(name=s.name, min_level=s.level, min_years=s.years, importance=importance)
        for s, importance in zip(skills, importances, strict=True)
    ]
    return required, None


def read_company(values: CompanyValues) -> tuple[dict[str, object], dict[str, str]]:
    """The company changes (``ProfileChanges`` fields; a blank field clears it) and what is
    wrong, field by field."""
    errors: dict[str, str] = {}

    def checked(field: str, read: tuple[T, str | None]) -> T:
        """The value read, its problem (if any) noted at ``field``."""
        value, problem = read
        if problem:
            errors[field] = problem
        return value

    kind = checked("type", _one_of(values.type, COMPANY_SIZES, blank=True))
    size = checked("company_size", _one_of(values.company_size, HEADCOUNTS, blank=True))
    logo = values.logo.strip()
    if logo and not http_url(logo):
        errors["logo"] = "an http(s) URL of at most 500 characters"
    for name, text in (
        ("industry", values.industry),
        ("role.title", values.role_title),
        ("role.location", values.role_location),
    ):
        if len(text.strip()) > SHORT_TEXT:
            errors[name] = f"at most {SHORT_TEXT} characters"
    level = checked(
        "role.experience_level", _one_of(values.experience_level, EXPERIENCE_LEVELS, blank=False)
    )
    role_type = checked("role.role_type", _one_of(values.role_type, ROLE_TYPES, blank=False))
    salary = checked(
        "role.salary_range", salary_range(values.salary_min, values.salary_max, values.currency)
    )
    required = checked("required_skills", parse_required_skills(values.required_skills))
    if errors or level is None or role_type is None:
        return {}, errors
    role = Role(
        title=values.role_title.strip(),
        experience_level=level,
        role_type=role_type,
        remote=values.remote,
        location=values.role_location.strip() or None,
        salary_range=salary,
    )
    changes: dict[str, object] = {
        "type": kind,
        "company_size": size,
        "industry": values.industry.strip() or None,
        "logo": logo or None,
        "role": role,
        "required_skills": required,
    }
    return changes, {}


def read_with_company(values: FormValues, company: CompanyValues, before: Profile) -> FormResult:
    """A company profile's whole form: the reference's fields, then the company's."""
    result = read_form(values, before)
    changes, errors = read_company(company)
    errors = {**result.errors, **errors}
    if errors or result.changes is None:
        return FormResult(None, errors)
    return FormResult(result.changes.model_copy(update=changes))
