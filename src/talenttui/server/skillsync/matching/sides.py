"""What the engine compares: a candidate and a company's opening, read from the reference's
JSON shapes, and each prepared once (names folded, levels indexed) for scoring many pairs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from talenttui.server.skillsync.matching import reasons
from talenttui.server.skillsync.matching.vocabulary import (
    EXPERIENCE_LEVELS,
    HEADCOUNTS,
    WORD_HEADCOUNT,
    WORD_HEADCOUNTS,
    Place,
    folded,
    is_remote_place,
    level_for_years,
    normalize_skill,
    place_of,
    skill_level,
)

_NEIGHBOUR_SIZE_FIT = 0.5


@dataclass(frozen=True)
class Skill:
    name: str
    level: str
    years: float = 0.0


@dataclass(frozen=True)
class RequiredSkill:
    """`importance` 0..1 weighs the skill in the technical score; the minimums set full credit."""

    name: str
    importance: float = 1.0
    min_level: str = "beginner"
    min_years: float = 0.0


@dataclass(frozen=True)
class Preferences:
    """What the candidate wants; an empty field means no preference stated."""

    role_types: tuple[str, ...] = ()
    company_sizes: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = "USD"

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> Preferences:
        data = data or {}
        low, high, currency = _salary(data.get("salary_range"))
        return cls(
            role_types=_strings(data.get("role_types")),
            company_sizes=_strings(data.get("company_sizes")),
            industries=_strings(data.get("industries")),
            salary_min=low,
            salary_max=high,
            currency=currency,
        )


@dataclass(frozen=True)
class CandidateProfile:
    """`experience_level` left empty (or unknown) is filled in from `experience_years`."""

    id: str
    skills: tuple[Skill, ...]
    experience_years: float = 0.0
    experience_level: str = ""
    location: str = ""
    remote_work: bool = False
    preferences: Preferences = field(default_factory=Preferences)

    def __post_init__(self) -> None:
        if self.experience_level not in EXPERIENCE_LEVELS:
            object.__setattr__(self, "experience_level", level_for_years(self.experience_years))

    @classmethod
    def from_profile_json(cls, data: Mapping[str, Any]) -> CandidateProfile:
        """The reference's profile object (`skills`, `preferences`, `location`, ...)."""
        return cls(
            id=_text(data.get("id")),
            skills=tuple(
                Skill(
                    name=_text(s.get("name")),
                    level=_text(s.get("level")).casefold(),
                    years=_number(s.get("years")),
                )
                for s in _records(data.get("skills"))
            ),
            experience_years=_number(data.get("experience_years")),
            experience_level=_text(data.get("experience_level")).casefold(),
            location=_text(data.get("location")),
            remote_work=bool(data.get("remote_work")),
            preferences=Preferences.from_json(_mapping(data.get("preferences"))),
        )

    @cached_property
    def prepared(self) -> PreparedCandidate:
        return prepare_candidate(self)


@dataclass(frozen=True)
class RoleProfile:
    """A company's opening. `company_size` is a headcount band or one of the size words."""

    id: str
    company: str
    required_skills: tuple[RequiredSkill, ...]
    experience_level: str = "mid"
    location: str = ""
    remote: bool = False
    company_size: str | None = None
    company_type: str | None = None
    industry: str | None = None
    role_type: str = "full-time"
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = "USD"
    title: str = ""

    @classmethod
    def from_profile_json(cls, data: Mapping[str, Any]) -> RoleProfile:
        """A company profile as the reference prints it, its opening nested under `role`
        or folded in at the top level (`required_skills`, `experience_level`, `remote`, ...)."""
        role = _mapping(data.get("role"))

        def pick(key: str) -> Any:
            value = role.get(key)
            return data.get(key) if value is None else value

        low, high, currency = _salary(pick("salary_range"))
        size = folded(_text(data.get("company_size")))
        kind = folded(_text(data.get("type") or data.get("company_type"))) or None
        if size in WORD_HEADCOUNT:
            size, kind = HEADCOUNTS[WORD_HEADCOUNT[size]], kind or size
        return cls(
            id=_text(data.get("id")),
            company=_text(data.get("company") or data.get("name")),
            required_skills=tuple(
                RequiredSkill(
                    name=_text(s.get("name")),
                    importance=min(1.0, _number(s.get("importance"), 1.0)),
                    min_level=_text(s.get("min_level")).casefold() or "beginner",
                    min_years=_number(s.get("min_years")),
                )
                for s in _records(pick("required_skills"))
            ),
            experience_level=_text(pick("experience_level")).casefold() or "mid",
            location=_text(pick("location")),
            remote=bool(role.get("remote") or data.get("remote") or data.get("remote_work")),
            company_size=size or None,
            company_type=kind,
            industry=_text(data.get("industry")) or None,
            role_type=_text(pick("role_type")).casefold() or "full-time",
            salary_min=low,
            salary_max=high,
            currency=currency,
            title=_text(pick("title")),
        )

    @cached_property
    def prepared(self) -> PreparedRole:
        return prepare_role(self)


@dataclass(frozen=True, slots=True)
class Salary:
    low: int
    high: int
    currency: str


@dataclass(frozen=True, slots=True)
class PreparedCandidate:
    skills: dict[str, tuple[int, float]]
    level: int
    place: Place | None
    remote: bool
    size_words: frozenset[str]
    band_fits: tuple[float, ...]
    industries: frozenset[str]
    role_types: frozenset[str]
    salary: Salary | None


@dataclass(frozen=True, slots=True)
class Requirement:
    index: int
    name: str
    importance: float
    min_level: int
    min_years: float
    weight_scale: float


@dataclass(frozen=True, slots=True)
class PreparedRole:
    requirements: dict[str, tuple[Requirement, ...]]
    skill_keys: frozenset[str]
    total_importance: float
    level: int
    level_reasons: tuple[str, str, str]
    place: Place | None
    remote: bool
    size_word: str | None
    size_band: int | None
    industry: str | None
    role_type: str | None
    salary: Salary | None


def prepare_candidate(candidate: CandidateProfile) -> PreparedCandidate:
    skills: dict[str, tuple[int, float]] = {}
    for skill in candidate.skills:
        key = normalize_skill(skill.name)
        entry = (skill_level(skill.level), float(skill.years))
        if key and entry > skills.get(key, (-1, 0.0)):
            skills[key] = entry
    prefs = candidate.preferences
    size_words = frozenset(folded(w) for w in prefs.company_sizes)
    bands = {b for w in size_words for b in WORD_HEADCOUNTS.get(w, ())}
    bands.update(HEADCOUNTS.index(w) for w in size_words if w in HEADCOUNTS)
    band_fits = tuple(
        _band_fit(min((abs(b - band) for b in bands), default=2)) for band in range(5)
    )
    place = place_of(candidate.location)
    return PreparedCandidate(
        skills=skills,
        level=EXPERIENCE_LEVELS.index(candidate.experience_level),
        place=place,
        remote=candidate.remote_work or is_remote_place(candidate.location),
        size_words=size_words,
        band_fits=band_fits,
        industries=frozenset(folded(i) for i in prefs.industries if i.strip()),
        role_types=frozenset(folded(r) for r in prefs.role_types if r.strip()),
        salary=_salary_of(prefs.salary_min, prefs.salary_max, prefs.currency),
    )


def prepare_role(role: RoleProfile) -> PreparedRole:
    skills = [s for s in role.required_skills if normalize_skill(s.name)]
    importances = [max(0.0, s.importance) for s in skills]
    if not any(importances):
        importances = [1.0] * len(skills)
    requirements: dict[str, tuple[Requirement, ...]] = {}
    for index, (skill, importance) in enumerate(zip(skills, importances, strict=True)):
        requirement = Requirement(
            index=index,
            name=skill.name.strip(),
            importance=importance,
            min_level=skill_level(skill.min_level),
            min_years=max(0.0, float(skill.min_years)),
            weight_scale=0.7 + 0.3 * min(1.0, max(0.0, skill.importance)),
        )
        key = normalize_skill(skill.name)
        requirements[key] = (*requirements.get(key, ()), requirement)
    level_name = role.experience_level if role.experience_level in EXPERIENCE_LEVELS else "mid"
    size_word = folded(role.company_type or "") or None
    size = folded(role.company_size or "")
    if size in HEADCOUNTS:
        band: int | None = HEADCOUNTS.index(size)
    else:
        band = WORD_HEADCOUNT.get(size, WORD_HEADCOUNT.get(size_word or ""))
        size_word = size_word or (size if size in WORD_HEADCOUNT else None)
    return PreparedRole(
        requirements=requirements,
        skill_keys=frozenset(requirements),
        total_importance=sum(importances),
        level=EXPERIENCE_LEVELS.index(level_name),
        level_reasons=(
            reasons.experience_reason(-1, level_name),
            reasons.experience_reason(0, level_name),
            reasons.experience_reason(1, level_name),
        ),
        place=place_of(role.location),
        remote=role.remote or is_remote_place(role.location),
        size_word=size_word,
        size_band=band,
        industry=folded(role.industry or "") or None,
        role_type=folded(role.role_type) or None,
        salary=_salary_of(role.salary_min, role.salary_max, role.currency),
    )


def _band_fit(distance: int) -> float:
    """Fit of a headcount band `distance` bands away from the nearest one the candidate wants."""
    if distance == 0:
        return 1.0
    return _NEIGHBOUR_SIZE_FIT if distance == 1 else 0.0


def _salary_of(low: int | None, high: int | None, currency: str) -> Salary | None:
    if low is None or high is None:
        return None
    return Salary(min(low, high), max(low, high), currency.strip().upper())


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return max(0.0, float(value))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _records(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return []
    return [v for v in value if isinstance(v, Mapping)]


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        return ()
    return tuple(str(v).strip() for v in value if isinstance(v, str) and v.strip())


def _salary(value: Any) -> tuple[int | None, int | None, str]:
    data = _mapping(value)
    low, high = data.get("min"), data.get("max")
    currency = _text(data.get("currency")).upper() or "USD"
    if not isinstance(low, int | float) or not isinstance(high, int | float):
        return None, None, currency
    return int(low), int(high), currency
