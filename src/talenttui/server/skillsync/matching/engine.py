"""The SkillSync matching engine: one candidate against one company opening, pure and deterministic.

No database, no web framework, no clock, no randomness: the same two profiles always
give the same `MatchResult`, so a recompute only writes rows whose scores really moved.

The score (all parts 0..100, then rounded to an int):

    score = round(0.5 * technical + gate * (0.2 * experience + 0.15 * location + 0.15 * cultural))
    gate  = min(1, technical / 40)

- technical: sum(importance * credit) / sum(importance) over the role's required
  skills (equal importances if they are all 0). A skill the candidate lacks earns 0;
  one they have earns credit = level_credit * years_credit, where level_credit is 1 when
  the candidate's level meets `min_level` and 0.7 / 0.4 / 0.25 when one / two / three
  levels short, and years_credit is 1 when `years >= min_years`, else
  0.5 + 0.5 * years / min_years. Names compare case-insensitively through a small
  alias table (`normalize_skill`).
- experience: the candidate's level (given, or from years: <2 junior, <5 mid, <8
  senior, else lead) against the role's: 100 on the level, 80/55/35 one/two/three
  above, 60/25/0 one/two/three below.
- location: 100 when the role is remote and the candidate works remotely, or both are
  in the same city; 70 same country; 60 a remote role for a candidate not asking for
  remote; 50 a role with no location; 20 otherwise.
- cultural: the mean of four preference fits (1 fits, 0 does not, 0.6 when a side
  states nothing): company size (the candidate's words `startup`, `small`, `medium`,
  `large`, `enterprise` or headcounts against the role's type and headcount; 0.5 for
  the neighbouring headcount band), industry, role type, and salary (same currency:
  overlapping ranges 0.5 + 0.5 * overlap / narrower range; a role paying wholly
  above the candidate's range 0.2, wholly below 0).

The gate keeps pairs with little skill overlap low whatever their other fits: with no
skill in common the score is 0, from 40% of the weighted skills on the formula is the
plain weighted sum. `skills_matched` weights say how well the candidate meets each
requirement: credit * (0.7 + 0.3 * importance), so a fully met skill weighs 0.7..1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

from talenttui.server.skillsync import matching_text

SKILL_LEVELS = ("beginner", "intermediate", "advanced", "expert")
EXPERIENCE_LEVELS = ("junior", "mid", "senior", "lead")
HEADCOUNTS = ("1-10", "11-50", "51-200", "201-1000", "1000+")

TECHNICAL_WEIGHT = 0.5
EXPERIENCE_WEIGHT = 0.2
LOCATION_WEIGHT = 0.15
CULTURAL_WEIGHT = 0.15
FULL_GATE_TECHNICAL = 40
STRONG_SKILL_WEIGHT = 0.85

_SKILL_ALIASES = {
    "node": "node.js",
    "nodejs": "node.js",
    "js": "javascript",
    "ecmascript": "javascript",
    "ts": "typescript",
    "csharp": "c#",
    "c sharp": "c#",
    "dotnet": ".net",
    ".net core": ".net",
    "reactjs": "react",
    "react.js": "react",
    "vue": "vue.js",
    "vuejs": "vue.js",
    "nextjs": "next.js",
    "golang": "go",
    "postgres": "postgresql",
    "k8s": "kubernetes",
    "cpp": "c++",
}
_LEVEL_SHORTFALL_CREDIT = (1.0, 0.7, 0.4, 0.25)
_EXPERIENCE_BY_GAP = {0: 100, 1: 80, 2: 55, 3: 35, -1: 60, -2: 25, -3: 0}
_LOCATION_SAME_PLACE = 100
_LOCATION_SAME_COUNTRY = 70
_LOCATION_REMOTE_ROLE_ONLY = 60
_LOCATION_UNKNOWN = 50
_LOCATION_ELSEWHERE = 20
_NEUTRAL_FIT = 0.6
_NEIGHBOUR_SIZE_FIT = 0.5
_SALARY_ABOVE_FIT = 0.2
_SALARY_REASON_FIT = 0.75
# The headcount bands a candidate asking for a size word accepts, and the band a company
# describing itself only by that word is taken to be.
_WORD_HEADCOUNTS = {
    "startup": (0, 1),
    "small": (1, 2),
    "medium": (3,),
    "large": (4,),
    "enterprise": (4,),
}
_WORD_HEADCOUNT = {"startup": 1, "small": 2, "medium": 3, "large": 4, "enterprise": 4}
_US_STATES = frozenset({
    "al", "ak", "az", "ar", "ca", "co", "ct", "de", "dc", "fl", "ga", "hi", "id", "il", "in",
    "ia", "ks", "ky", "la", "me", "md", "ma", "mi", "mn", "ms", "mo", "mt", "ne", "nv", "nh",
    "nj", "nm", "ny", "nc", "nd", "oh", "ok", "or", "pa", "ri", "sc", "sd", "tn", "tx", "ut",
    "vt", "va", "wa", "wv", "wi", "wy",
})  # fmt: skip
_COUNTRY_ALIASES = {
    "us": "united states",
    "usa": "united states",
    "u.s.": "united states",
    "u.s.a.": "united states",
    "america": "united states",
    "uk": "united kingdom",
    "u.k.": "united kingdom",
    "gb": "united kingdom",
    "great britain": "united kingdom",
    "england": "united kingdom",
    "scotland": "united kingdom",
    "wales": "united kingdom",
}
_REMOTE_WORDS = frozenset({"remote", "anywhere", "worldwide"})


def normalize_skill(name: str) -> str:
    """The key two spellings of one skill share (`Node`, `nodejs`, `Node.js` -> `node.js`)."""
    key = " ".join(name.split()).casefold()
    return _SKILL_ALIASES.get(key, key)


def level_for_years(years: float) -> str:
    if years < 2:
        return "junior"
    if years < 5:
        return "mid"
    if years < 8:
        return "senior"
    return "lead"


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
    def _prepared(self) -> _Candidate:
        return _prepare_candidate(self)


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
        size = _folded(_text(data.get("company_size")))
        kind = _folded(_text(data.get("type") or data.get("company_type"))) or None
        if size in _WORD_HEADCOUNT:
            size, kind = HEADCOUNTS[_WORD_HEADCOUNT[size]], kind or size
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
    def _prepared(self) -> _Role:
        return _prepare_role(self)


class SkillMatch(NamedTuple):
    """A required skill the candidate has, named as the role names it."""

    skill: str
    weight: float


@dataclass(frozen=True, slots=True)
class Compatibility:
    technical: int
    cultural: int
    experience: int


@dataclass(frozen=True, slots=True)
class MatchResult:
    """`location` is the fourth part of the score; the reference's `compatibility_scores`
    has only the three in `compatibility`."""

    score: int
    match_reasons: tuple[str, ...]
    skills_matched: tuple[SkillMatch, ...]
    compatibility: Compatibility
    location: int


class RankedCandidate(NamedTuple):
    candidate: CandidateProfile
    result: MatchResult


def match_candidate_to_role(candidate: CandidateProfile, role: RoleProfile) -> MatchResult:
    """The one entry point the server uses; profiles are prepared once and reused on later calls."""
    return _match(candidate._prepared, role._prepared)


def score_many(candidate: CandidateProfile, roles: Iterable[RoleProfile]) -> list[MatchResult]:
    """One result per role, in the order the roles were given."""
    prepared = candidate._prepared
    return [_match(prepared, role._prepared) for role in roles]


def rank_for_role(
    role: RoleProfile, candidates: Iterable[CandidateProfile], min_score: int = 0
) -> list[RankedCandidate]:
    """Candidates scoring at least `min_score`, best first (ties by candidate id, then input order)."""
    prepared = role._prepared
    ranked = []
    for candidate in candidates:
        result = _match(candidate._prepared, prepared)
        if result.score >= min_score:
            ranked.append(RankedCandidate(candidate, result))
    ranked.sort(key=lambda r: (-r.result.score, r.candidate.id))
    return ranked


@dataclass(frozen=True, slots=True)
class _Place:
    city: str
    country: str
    multi_part: bool


@dataclass(frozen=True, slots=True)
class _Salary:
    low: int
    high: int
    currency: str


@dataclass(frozen=True, slots=True)
class _Candidate:
    skills: dict[str, tuple[int, float]]
    level: int
    place: _Place | None
    remote: bool
    size_words: frozenset[str]
    band_fits: tuple[float, ...]
    industries: frozenset[str]
    role_types: frozenset[str]
    salary: _Salary | None


@dataclass(frozen=True, slots=True)
class _Requirement:
    index: int
    name: str
    importance: float
    min_level: int
    min_years: float
    weight_scale: float


@dataclass(frozen=True, slots=True)
class _Role:
    requirements: dict[str, tuple[_Requirement, ...]]
    skill_keys: frozenset[str]
    total_importance: float
    level: int
    level_reasons: tuple[str, str, str]
    place: _Place | None
    remote: bool
    size_word: str | None
    size_band: int | None
    industry: str | None
    role_type: str | None
    salary: _Salary | None


def _prepare_candidate(candidate: CandidateProfile) -> _Candidate:
    skills: dict[str, tuple[int, float]] = {}
    for skill in candidate.skills:
        key = normalize_skill(skill.name)
        entry = (_skill_level(skill.level), float(skill.years))
        if key and entry > skills.get(key, (-1, 0.0)):
            skills[key] = entry
    prefs = candidate.preferences
    size_words = frozenset(_folded(w) for w in prefs.company_sizes)
    bands = {b for w in size_words for b in _WORD_HEADCOUNTS.get(w, ())}
    bands.update(HEADCOUNTS.index(w) for w in size_words if w in HEADCOUNTS)
    band_fits = tuple(
        _band_fit(min((abs(b - band) for b in bands), default=2)) for band in range(5)
    )
    place = _place(candidate.location)
    return _Candidate(
        skills=skills,
        level=EXPERIENCE_LEVELS.index(candidate.experience_level),
        place=place,
        remote=candidate.remote_work or _is_remote_place(candidate.location),
        size_words=size_words,
        band_fits=band_fits,
        industries=frozenset(_folded(i) for i in prefs.industries if i.strip()),
        role_types=frozenset(_folded(r) for r in prefs.role_types if r.strip()),
        salary=_salary_of(prefs.salary_min, prefs.salary_max, prefs.currency),
    )


def _prepare_role(role: RoleProfile) -> _Role:
    skills = [s for s in role.required_skills if normalize_skill(s.name)]
    importances = [max(0.0, s.importance) for s in skills]
    if not any(importances):
        importances = [1.0] * len(skills)
    requirements: dict[str, tuple[_Requirement, ...]] = {}
    for index, (skill, importance) in enumerate(zip(skills, importances, strict=True)):
        requirement = _Requirement(
            index=index,
            name=skill.name.strip(),
            importance=importance,
            min_level=_skill_level(skill.min_level),
            min_years=max(0.0, float(skill.min_years)),
            weight_scale=0.7 + 0.3 * min(1.0, max(0.0, skill.importance)),
        )
        key = normalize_skill(skill.name)
        requirements[key] = (*requirements.get(key, ()), requirement)
    level_name = role.experience_level if role.experience_level in EXPERIENCE_LEVELS else "mid"
    size_word = _folded(role.company_type or "") or None
    size = _folded(role.company_size or "")
    if size in HEADCOUNTS:
        band: int | None = HEADCOUNTS.index(size)
    else:
        band = _WORD_HEADCOUNT.get(size, _WORD_HEADCOUNT.get(size_word or ""))
        size_word = size_word or (size if size in _WORD_HEADCOUNT else None)
    return _Role(
        requirements=requirements,
        skill_keys=frozenset(requirements),
        total_importance=sum(importances),
        level=EXPERIENCE_LEVELS.index(level_name),
        level_reasons=(
            matching_text.experience_reason(-1, level_name),
            matching_text.experience_reason(0, level_name),
            matching_text.experience_reason(1, level_name),
        ),
        place=_place(role.location),
        remote=role.remote or _is_remote_place(role.location),
        size_word=size_word,
        size_band=band,
        industry=_folded(role.industry or "") or None,
        role_type=_folded(role.role_type) or None,
        salary=_salary_of(role.salary_min, role.salary_max, role.currency),
    )


def _match(candidate: _Candidate, role: _Role) -> MatchResult:
    matched, earned = _skills(candidate, role)
    technical = round(100 * earned / role.total_importance) if role.total_importance else 0
    gap = candidate.level - role.level
    experience = _EXPERIENCE_BY_GAP[gap]
    location, place_reason = _location(candidate, role)
    size = _size_fit(candidate, role)
    industry = _member_fit(role.industry, candidate.industries)
    role_type = _member_fit(role.role_type, candidate.role_types)
    salary = _salary_fit(candidate.salary, role.salary)
    cultural = round(25 * (size + industry + role_type + salary))
    gate = technical / FULL_GATE_TECHNICAL if technical < FULL_GATE_TECHNICAL else 1.0
    rest = EXPERIENCE_WEIGHT * experience + LOCATION_WEIGHT * location + CULTURAL_WEIGHT * cultural
    score = round(TECHNICAL_WEIGHT * technical + gate * rest)
    reasons = []
    if matched:
        strong = [m.skill for m in matched if m.weight >= STRONG_SKILL_WEIGHT]
        reasons.append(matching_text.skills_reason(strong, [m.skill for m in matched]))
    if -1 <= gap <= 1:
        reasons.append(role.level_reasons[gap + 1])
    if place_reason:
        reasons.append(place_reason)
    if size == industry == role_type == 1.0:
        reasons.append(matching_text.WORK_STYLE_REASON)
    if salary >= _SALARY_REASON_FIT:
        reasons.append(matching_text.SALARY_REASON)
    compatibility = Compatibility(technical, cultural, experience)
    return MatchResult(score, tuple(reasons), matched, compatibility, location)


def _skills(candidate: _Candidate, role: _Role) -> tuple[tuple[SkillMatch, ...], float]:
    """The matched skills, heaviest first (ties: more important, then the role's order), and
    the importance they earn, summed in that order so no float depends on set iteration."""
    shared = role.skill_keys.intersection(candidate.skills)
    if not shared:
        return (), 0.0
    found: list[tuple[float, float, int, float, SkillMatch]] = []
    for key in shared:
        level, years = candidate.skills[key]
        for req in role.requirements[key]:
            credit = _LEVEL_SHORTFALL_CREDIT[max(0, req.min_level - level)]
            if years < req.min_years:
                credit *= 0.5 + 0.5 * years / req.min_years
            weight = round(credit * req.weight_scale, 2)
            found.append(
                (
                    -weight,
                    -req.importance,
                    req.index,
                    req.importance * credit,
                    SkillMatch(req.name, weight),
                )
            )
    found.sort()
    return tuple(f[4] for f in found), sum(f[3] for f in found)


def _location(candidate: _Candidate, role: _Role) -> tuple[int, str | None]:
    if role.remote and candidate.remote:
        return _LOCATION_SAME_PLACE, matching_text.REMOTE_REASON
    here, there = candidate.place, role.place
    if here is not None and there is not None:
        same_country = here.country == there.country
        if here.city == there.city and (same_country or not (here.multi_part and there.multi_part)):
            return _LOCATION_SAME_PLACE, matching_text.SAME_CITY_REASON
        if same_country:
            return _LOCATION_SAME_COUNTRY, matching_text.SAME_COUNTRY_REASON
    if role.remote:
        return _LOCATION_REMOTE_ROLE_ONLY, None
    if there is None:
        return _LOCATION_UNKNOWN, None
    return _LOCATION_ELSEWHERE, None


def _size_fit(candidate: _Candidate, role: _Role) -> float:
    if not candidate.size_words or (role.size_word is None and role.size_band is None):
        return _NEUTRAL_FIT
    if role.size_word in candidate.size_words:
        return 1.0
    return 0.0 if role.size_band is None else candidate.band_fits[role.size_band]


def _band_fit(distance: int) -> float:
    """Fit of a headcount band `distance` bands away from the nearest one the candidate wants."""
    if distance == 0:
        return 1.0
    return _NEIGHBOUR_SIZE_FIT if distance == 1 else 0.0


def _member_fit(value: str | None, wanted: frozenset[str]) -> float:
    if value is None or not wanted:
        return _NEUTRAL_FIT
    return 1.0 if value in wanted else 0.0


def _salary_fit(wanted: _Salary | None, offered: _Salary | None) -> float:
    if wanted is None or offered is None or wanted.currency != offered.currency:
        return _NEUTRAL_FIT
    low, high = max(wanted.low, offered.low), min(wanted.high, offered.high)
    if high >= low:
        narrower = min(wanted.high - wanted.low, offered.high - offered.low)
        return 0.5 + 0.5 * ((high - low) / narrower if narrower else 1.0)
    return _SALARY_ABOVE_FIT if offered.low > wanted.high else 0.0


def _skill_level(level: str) -> int:
    folded = level.casefold()
    return SKILL_LEVELS.index(folded) if folded in SKILL_LEVELS else 0


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _is_remote_place(location: str) -> bool:
    return _folded(location) in _REMOTE_WORDS


def _place(location: str) -> _Place | None:
    """`San Francisco, CA` -> (san francisco, united states); remote or empty -> None."""
    parts = [p for p in (_folded(x) for x in location.split(",")) if p]
    if not parts or parts[0] in _REMOTE_WORDS:
        return None
    last = parts[-1]
    country = "united states" if len(parts) > 1 and last in _US_STATES else last
    return _Place(
        city=parts[0], country=_COUNTRY_ALIASES.get(country, country), multi_part=len(parts) > 1
    )


def _salary_of(low: int | None, high: int | None, currency: str) -> _Salary | None:
    if low is None or high is None:
        return None
    return _Salary(min(low, high), max(low, high), currency.strip().upper())


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
