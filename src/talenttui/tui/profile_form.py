"""The profile editor's text fields read into a ``ProfileChanges``, checked by the server's
rules (``server/skillsync/profiles/schemas.py``) so a mistake is named at its field before
anything is stored; the server's own refusal is mapped back to the same fields.

No Textual here: the editor dialog and the first-run form both use it, and it is tested alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from talenttui.api.models.profiles import Preferences, ProfileChanges, SalaryRange, Skill

if TYPE_CHECKING:
    from talenttui.api.models.profiles import Profile

LEVELS = ("beginner", "intermediate", "advanced", "expert")
ROLE_TYPES = ("full-time", "part-time", "contract", "freelance", "internship")
COMPANY_SIZES = ("startup", "small", "medium", "large", "enterprise")
MAX_SALARY = 10_000_000
LINK_NAME = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
CURRENCY = re.compile(r"^[A-Z]{3}$")

FIELDS = (
    "name",
    "title",
    "location",
    "remote_work",
    "experience_years",
    "bio",
    "skills",
    "preferences.role_types",
    "preferences.company_sizes",
    "preferences.industries",
    "preferences.salary_range",
    "social_links",
)
"""The editor's fields, named as the server names them in a 422's ``details.field``."""
TEXT_LIMITS = {"name": 100, "title": 120, "location": 120, "bio": 2000}


@dataclass
class FormValues:
    """What the person typed, field by field, as text (a checkbox for remote work)."""

    name: str = ""
    title: str = ""
    location: str = ""
    remote_work: bool = False
    experience_years: str = "0"
    bio: str = ""
    skills: str = ""
    """One skill a line: ``name, level, years`` (level and years may be left out)."""
    role_types: str = ""
    company_sizes: str = ""
    industries: str = ""
    salary_min: str = ""
    salary_max: str = ""
    currency: str = "USD"
    social_links: str = ""
    """One link a line: ``name url``."""


@dataclass
class FormResult:
    changes: ProfileChanges | None
    errors: dict[str, str] = field(default_factory=dict)
    """Field (one of ``FIELDS``) to what is wrong with it."""


def _years_text(years: float) -> str:
    return f"{years:g}"


def values_of(profile: Profile) -> FormValues:
    """The form filled in from the profile as the server has it."""
    prefs = profile.preferences
    salary = prefs.salary_range
    return FormValues(
        name=profile.name,
        title=profile.title,
        location=profile.location,
        remote_work=profile.remote_work,
        experience_years=str(profile.experience_years),
        bio=profile.bio,
        skills="\n".join(
            f"{s.name}, {s.level}, {_years_text(float(s.years))}" for s in profile.skills
        ),
        role_types=", ".join(prefs.role_types),
        company_sizes=", ".join(prefs.company_sizes),
        industries=", ".join(prefs.industries),
        salary_min="" if salary is None else str(salary.min),
        salary_max="" if salary is None else str(salary.max),
        currency="USD" if salary is None else salary.currency,
        social_links="\n".join(f"{k} {v}" for k, v in profile.social_links.items()),
    )


def _words(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def _number(text: str, *, whole: bool) -> float | None:
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        return None
    return float(value)


def parse_skills(text: str) -> tuple[list[Skill], str | None]:
    skills: list[Skill] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(",")]
        name, level = parts[0], (parts[1].lower() if len(parts) > 1 and parts[1] else "beginner")
        years = _number(parts[2], whole=False) if len(parts) > 2 and parts[2] else 0.0
        if not name or len(name) > 50:
            return [], f"line {number}: a skill name is 1 to 50 characters"
        if level not in LEVELS:
            return [], f"line {number}: level is one of {', '.join(LEVELS)}"
        if years is None or not 0 <= years <= 60:
            return [], f"line {number}: years is a number from 0 to 60"
        if name.casefold() in seen:
            return [], f"line {number}: {name} is listed twice"
        if len(parts) > 3:
            return [], f"line {number}: write name, level, years"
        seen.add(name.casefold())
        skills.append(
            Skill(name=name, level=level, years=int(years) if years.is_integer() else years)
        )
    if len(skills) > 50:
        return [], "at most 50 skills"
    return skills, None


def _choices(text: str, allowed: tuple[str, ...], most: int) -> tuple[list[str], str | None]:
    words = [word.lower() for word in _words(text)]
    wrong = [word for word in words if word not in allowed]
    if wrong:
        return [], f"'{wrong[0]}' is not one of {', '.join(allowed)}"
    if len(words) > most:
        return [], f"at most {most}"
    return list(dict.fromkeys(words)), None


def salary_range(low: str, high: str, currency: str) -> tuple[SalaryRange | None, str | None]:
    """A salary range from its three fields (none filled in: no range)."""
    low, high = low.strip(), high.strip()
    if not low and not high:
        return None, None
    least, most = _number(low, whole=True), _number(high, whole=True)
    if least is None or most is None:
        return None, "min and max are whole numbers"
    if not (0 <= least <= MAX_SALARY and 0 <= most <= MAX_SALARY):
        return None, f"min and max are from 0 to {MAX_SALARY:,}"
    if least > most:
        return None, "min is greater than max"
    currency = currency.strip().upper() or "USD"
    if not CURRENCY.fullmatch(currency):
        return None, "the currency is three letters (USD, EUR)"
    return SalaryRange(min=int(least), max=int(most), currency=currency), None


def http_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and len(value) <= 500


def parse_links(text: str) -> tuple[dict[str, str], str | None]:
    links: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        name, _, url = line.strip().partition(" ")
        url = url.strip()
        if not LINK_NAME.fullmatch(name):
            return {}, f"line {number}: a name is lower-case letters, digits, _ (github)"
        if not http_url(url):
            return {}, f"line {number}: not an http(s) URL"
        links[name] = url
    if len(links) > 10:
        return {}, "at most 10 links"
    return links, None


def read_form(values: FormValues, before: Profile | None = None) -> FormResult:
    """The changes to send, or what is wrong, field by field. Links the profile had and
    the form no longer lists are sent as None, which the server removes."""
    errors: dict[str, str] = {}
    texts = {"name": values.name, "title": values.title, "location": values.location}
    texts["bio"] = values.bio
    for name, text in texts.items():
        if len(text.strip()) > TEXT_LIMITS[name]:
            errors[name] = f"at most {TEXT_LIMITS[name]} characters"
    if not values.name.strip():
        errors["name"] = "a name is required"
    years = _number(values.experience_years.strip() or "0", whole=True)
    if years is None or not 0 <= years <= 60:
        errors["experience_years"] = "a whole number from 0 to 60"
    skills, problem = parse_skills(values.skills)
    if problem:
        errors["skills"] = problem
    role_types, problem = _choices(values.role_types, ROLE_TYPES, 5)
    if problem:
        errors["preferences.role_types"] = problem
    sizes, problem = _choices(values.company_sizes, COMPANY_SIZES, 5)
    if problem:
        errors["preferences.company_sizes"] = problem
    industries = list(dict.fromkeys(_words(values.industries)))
    if len(industries) > 20 or any(len(word) > 50 for word in industries):
        errors["preferences.industries"] = "at most 20, each 1 to 50 characters"
    salary, problem = salary_range(values.salary_min, values.salary_max, values.currency)
    if problem:
        errors["preferences.salary_range"] = problem
    links, problem = parse_links(values.social_links)
    if problem:
        errors["social_links"] = problem
    if errors:
        return FormResult(None, errors)
    sent_links: dict[str, str | None] = dict(links)
    for gone in (before.social_links if before else {}).keys() - links.keys():
        sent_links[gone] = None
    preferences = Preferences(
        role_types=role_types, company_sizes=sizes, industries=industries, salary_range=salary
    )
    changes = ProfileChanges(
        name=values.name.strip(),
        title=values.title.strip(),
        location=values.location.strip(),
        remote_work=values.remote_work,
        experience_years=int(years or 0),
        bio=values.bio.strip(),
        skills=skills,
        preferences=preferences,
        social_links=sent_links,
    )
    return FormResult(changes)


def first_run_changes(title: str, skills: str, location: str) -> FormResult:
    """The first-run form: title, skills (names separated by commas, each starting at
    intermediate; the editor sets levels and years) and location."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "a title is required (what you do, e.g. Backend Developer)"
    elif len(title.strip()) > TEXT_LIMITS["title"]:
        errors["title"] = "at most 120 characters"
    if len(location.strip()) > TEXT_LIMITS["location"]:
        errors["location"] = "at most 120 characters"
    names = _words(skills)
    parsed, problem = parse_skills("\n".join(f"{name}, intermediate" for name in names))
    if problem:
        errors["skills"] = problem
    elif not parsed:
        errors["skills"] = "name at least one skill (React, SQL, …)"
    if errors:
        return FormResult(None, errors)
    return FormResult(ProfileChanges(title=title.strip(), skills=parsed, location=location.strip()))


def field_of(server_field: str | None, known: tuple[str, ...] = FIELDS) -> str | None:
    """The form field a server's ``details.field`` (``skills[2].level``) belongs to."""
    if not server_field:
        return None
    matching = [
        name
        for name in known
        if server_field == name or server_field.startswith((f"{name}[", f"{name}."))
    ]
    if matching:
        return max(matching, key=len)
    top = server_field.split(".")[0].split("[")[0]
    return next((name for name in known if name.split(".")[0] == top), None)


def is_blank(profile: Profile) -> bool:
    """A new account's profile: nothing for the matching engine to go on."""
    return not profile.title and not profile.skills
