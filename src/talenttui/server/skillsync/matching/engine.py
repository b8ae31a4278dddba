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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from talenttui.server.skillsync.matching import reasons
from talenttui.server.skillsync.matching.sides import (
    CandidateProfile,
    PreparedCandidate,
    PreparedRole,
    RoleProfile,
    Salary,
)

TECHNICAL_WEIGHT = 0.5
EXPERIENCE_WEIGHT = 0.2
LOCATION_WEIGHT = 0.15
CULTURAL_WEIGHT = 0.15
FULL_GATE_TECHNICAL = 40
STRONG_SKILL_WEIGHT = 0.85

_LEVEL_SHORTFALL_CREDIT = (1.0, 0.7, 0.4, 0.25)
_EXPERIENCE_BY_GAP = {0: 100, 1: 80, 2: 55, 3: 35, -1: 60, -2: 25, -3: 0}
_LOCATION_SAME_PLACE = 100
_LOCATION_SAME_COUNTRY = 70
_LOCATION_REMOTE_ROLE_ONLY = 60
_LOCATION_UNKNOWN = 50
_LOCATION_ELSEWHERE = 20
_NEUTRAL_FIT = 0.6
_SALARY_ABOVE_FIT = 0.2
_SALARY_REASON_FIT = 0.75


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
    return _match(candidate.prepared, role.prepared)


def score_many(candidate: CandidateProfile, roles: Iterable[RoleProfile]) -> list[MatchResult]:
    """One result per role, in the order the roles were given."""
    prepared = candidate.prepared
    return [_match(prepared, role.prepared) for role in roles]


def rank_for_role(
    role: RoleProfile, candidates: Iterable[CandidateProfile], min_score: int = 0
) -> list[RankedCandidate]:
    """Candidates scoring at least `min_score`, best first (ties by candidate id, then input order)."""
    prepared = role.prepared
    ranked = []
    for candidate in candidates:
        result = _match(candidate.prepared, prepared)
        if result.score >= min_score:
            ranked.append(RankedCandidate(candidate, result))
    ranked.sort(key=lambda r: (-r.result.score, r.candidate.id))
    return ranked


def _match(candidate: PreparedCandidate, role: PreparedRole) -> MatchResult:
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
    why: list[str] = []
    if matched:
        strong = [m.skill for m in matched if m.weight >= STRONG_SKILL_WEIGHT]
        why.append(reasons.skills_reason(strong, [m.skill for m in matched]))
    if -1 <= gap <= 1:
        why.append(role.level_reasons[gap + 1])
    if place_reason:
        why.append(place_reason)
    if size == industry == role_type == 1.0:
        why.append(reasons.WORK_STYLE_REASON)
    if salary >= _SALARY_REASON_FIT:
        why.append(reasons.SALARY_REASON)
    compatibility = Compatibility(technical, cultural, experience)
    return MatchResult(score, tuple(why), matched, compatibility, location)


def _skills(
    candidate: PreparedCandidate, role: PreparedRole
) -> tuple[tuple[SkillMatch, ...], float]:
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


def _location(candidate: PreparedCandidate, role: PreparedRole) -> tuple[int, str | None]:
    if role.remote and candidate.remote:
        return _LOCATION_SAME_PLACE, reasons.REMOTE_REASON
    here, there = candidate.place, role.place
    if here is not None and there is not None:
        same_country = here.country == there.country
        if here.city == there.city and (same_country or not (here.multi_part and there.multi_part)):
            return _LOCATION_SAME_PLACE, reasons.SAME_CITY_REASON
        if same_country:
            return _LOCATION_SAME_COUNTRY, reasons.SAME_COUNTRY_REASON
    if role.remote:
        return _LOCATION_REMOTE_ROLE_ONLY, None
    if there is None:
        return _LOCATION_UNKNOWN, None
    return _LOCATION_ELSEWHERE, None


def _size_fit(candidate: PreparedCandidate, role: PreparedRole) -> float:
    if not candidate.size_words or (role.size_word is None and role.size_band is None):
        return _NEUTRAL_FIT
    if role.size_word in candidate.size_words:
        return 1.0
    return 0.0 if role.size_band is None else candidate.band_fits[role.size_band]


def _member_fit(value: str | None, wanted: frozenset[str]) -> float:
    if value is None or not wanted:
        return _NEUTRAL_FIT
    return 1.0 if value in wanted else 0.0


def _salary_fit(wanted: Salary | None, offered: Salary | None) -> float:
    if wanted is None or offered is None or wanted.currency != offered.currency:
        return _NEUTRAL_FIT
    low, high = max(wanted.low, offered.low), min(wanted.high, offered.high)
    if high >= low:
        narrower = min(wanted.high - wanted.low, offered.high - offered.low)
        return 0.5 + 0.5 * ((high - low) / narrower if narrower else 1.0)
    return _SALARY_ABOVE_FIT if offered.low > wanted.high else 0.0
