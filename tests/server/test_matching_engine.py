"""The matching engine on small hand-made profiles: pure function calls, no server."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import asdict, replace
from typing import Any

import pytest

from talenttui.server.skillsync.matching import (
    SKILL_LEVELS,
    CandidateProfile,
    MatchResult,
    Preferences,
    RequiredSkill,
    RoleProfile,
    Skill,
    match_candidate_to_role,
    normalize_skill,
    rank_for_role,
    score_many,
)

PREFS = Preferences(
    role_types=("full-time",),
    company_sizes=("startup",),
    industries=("technology",),
    salary_min=90_000,
    salary_max=120_000,
    currency="USD",
)


def candidate(*skills: Skill, **changes: Any) -> CandidateProfile:
    """Built afresh (not `replace`d) so a changed `experience_years` re-derives the level."""
    fields: dict[str, Any] = {
        "id": "user_c",
        "skills": skills
        or (
            Skill("React", "expert", 5),
            Skill("Node.js", "advanced", 4),
            Skill("TypeScript", "advanced", 3),
        ),
        "experience_years": 4,
        "location": "Berlin, Germany",
        "remote_work": True,
        "preferences": PREFS,
    }
    return CandidateProfile(**{**fields, **changes})


def role(*skills: RequiredSkill, **changes: Any) -> RoleProfile:
    base = RoleProfile(
        id="user_r",
        company="Rocket Apps",
        required_skills=skills
        or (
            RequiredSkill("React", 1.0, "advanced", 2),
            RequiredSkill("Node.js", 0.8, "intermediate", 2),
            RequiredSkill("TypeScript", 0.6, "intermediate", 1),
        ),
        experience_level="mid",
        location="Remote",
        remote=True,
        company_size="11-50",
        company_type="startup",
        industry="Technology",
        role_type="full-time",
        salary_min=100_000,
        salary_max=130_000,
        currency="USD",
    )
    return replace(base, **changes)


def match(c: CandidateProfile, r: RoleProfile) -> MatchResult:
    return match_candidate_to_role(c, r)


def test_perfect_match_scores_high_with_every_reason() -> None:
    result = match(candidate(), role())
    assert result.score >= 90
    assert result.compatibility.technical == 100
    assert result.compatibility.experience == 100
    assert result.location == 100
    assert result.match_reasons == (
        "Strong skill alignment in React, Node.js and TypeScript",
        "Experience matches the mid-level role",
        "Both open to remote work",
        "Compatible work style preferences",
        "Salary expectations fit the offered range",
    )


def test_no_skill_overlap_scores_zero_whatever_else_fits() -> None:
    result = match(candidate(Skill("Verilog", "expert", 10)), role())
    assert result.score == 0
    assert result.compatibility.technical == 0
    assert result.skills_matched == ()
    assert result.compatibility.cultural > 80 and result.location == 100


def test_other_parts_count_fully_from_forty_percent_of_the_skills() -> None:
    half = role(RequiredSkill("React"), RequiredSkill("Cobol"))
    quarter = role(
        RequiredSkill("React"),
        RequiredSkill("Cobol"),
        RequiredSkill("Fortran"),
        RequiredSkill("Ada"),
    )
    cultural = match(candidate(), half).compatibility.cultural
    assert match(candidate(), half).score == round(0.5 * 50 + 20 + 15 + 0.15 * cultural)
    assert match(candidate(), quarter).score == round(
        0.5 * 25 + 25 / 40 * (20 + 15 + 0.15 * cultural)
    )


def test_remote_candidate_and_remote_role_get_full_location_anywhere() -> None:
    far_away = candidate(location="Tokyo, Japan", remote_work=True)
    assert match(far_away, role(location="Remote", remote=True)).location == 100
    assert match(far_away, role(location="Lisbon, Portugal", remote=True)).location == 100
    assert match(far_away, role(location="Lisbon, Portugal", remote=False)).location == 20
    on_site = candidate(location="Tokyo, Japan", remote_work=False)
    assert match(on_site, role(location="Remote", remote=True)).location == 60


def test_location_same_city_and_same_country() -> None:
    local = role(location="Berlin, Germany", remote=False)
    assert match(candidate(location="berlin,  GERMANY", remote_work=False), local).location == 100
    assert match(candidate(location="Munich, Germany", remote_work=False), local).location == 70
    us_role = role(location="San Francisco, CA", remote=False)
    assert match(candidate(location="Austin, TX"), us_role).location == 70
    assert match(candidate(location="Austin, USA"), us_role).location == 70
    assert match(candidate(location="London, UK"), us_role).location == 20
    assert match(candidate(), role(location="", remote=False)).location == 50


def test_reasons_name_the_place_fit() -> None:
    local = role(location="Berlin, Germany", remote=False)
    assert "Based in the same city" in match(candidate(), local).match_reasons
    munich = candidate(location="Munich, Germany")
    assert "Based in the same country" in match(munich, local).match_reasons


def test_salary_ranges_that_do_not_overlap_lower_cultural() -> None:
    overlapping = match(candidate(), role(salary_min=100_000, salary_max=130_000))
    below = match(candidate(), role(salary_min=50_000, salary_max=70_000))
    above = match(candidate(), role(salary_min=150_000, salary_max=190_000))
    assert below.compatibility.cultural < overlapping.compatibility.cultural
    assert above.compatibility.cultural < overlapping.compatibility.cultural
    assert below.compatibility.cultural < above.compatibility.cultural
    assert "Salary expectations fit the offered range" not in below.match_reasons
    assert below.score < overlapping.score


def test_salaries_in_different_currencies_are_neither_a_fit_nor_a_clash() -> None:
    euros = match(candidate(), role(currency="EUR", salary_min=10, salary_max=20))
    unknown = match(candidate(), role(salary_min=None, salary_max=None))
    assert euros.compatibility.cultural == unknown.compatibility.cultural
    clash = match(candidate(), role(salary_min=10, salary_max=20))
    assert clash.compatibility.cultural < euros.compatibility.cultural


def test_preference_fits_make_up_cultural() -> None:
    assert match(candidate(), role()).compatibility.cultural == round(
        100 * (3 + 0.5 + 0.5 * 2 / 3) / 4
    )
    mismatched = role(
        company_size="1000+", company_type="enterprise", industry="Mining", role_type="contract"
    )
    assert match(candidate(), mismatched).compatibility.cultural == round(
        100 * (0 + 0 + 0 + 0.5 + 0.5 * 2 / 3) / 4
    )
    open_minded = candidate(preferences=Preferences())
    assert match(open_minded, role()).compatibility.cultural == 60


def test_company_size_words_and_headcounts_meet() -> None:
    def size_fit(wanted: tuple[str, ...], **company: Any) -> int:
        prefs = Preferences(company_sizes=wanted)
        return match(candidate(preferences=prefs), role(**company)).compatibility.cultural

    startup_headcount = size_fit(("startup",), company_size="1-10", company_type=None)
    assert startup_headcount == size_fit(("startup",), company_size="startup", company_type=None)
    assert startup_headcount == size_fit(("11-50",), company_size="11-50", company_type=None)
    neighbour = size_fit(("startup",), company_size="51-200", company_type=None)
    far = size_fit(("startup",), company_size="1000+", company_type=None)
    assert startup_headcount > neighbour > far


@pytest.mark.parametrize(
    ("theirs", "required"),
    [
        ("node", "Node.js"),
        ("NodeJS", "node.js"),
        ("JS", "JavaScript"),
        ("ts", "TypeScript"),
        ("C#", "csharp"),
        ("dotnet", ".NET"),
        ("  REACT ", "react"),
        ("Golang", "Go"),
    ],
)
def test_aliases_match(theirs: str, required: str) -> None:
    result = match(candidate(Skill(theirs, "expert", 5)), role(RequiredSkill(required)))
    assert result.compatibility.technical == 100
    assert [m.skill for m in result.skills_matched] == [required]
    assert normalize_skill(theirs) == normalize_skill(required)


def test_unrelated_names_stay_apart() -> None:
    assert normalize_skill("Java") != normalize_skill("JavaScript")
    assert normalize_skill("C") != normalize_skill("C#")
    assert match(candidate(Skill("Java", "expert", 9)), role(RequiredSkill("JS"))).score == 0


def test_levels_below_the_minimum_reduce_the_weight() -> None:
    wanted = role(RequiredSkill("Rust", 1.0, "expert", 0))
    weights = [
        match(candidate(Skill("Rust", level, 5)), wanted).skills_matched[0].weight
        for level in SKILL_LEVELS
    ]
    assert weights == sorted(weights) and len(set(weights)) == 4
    assert weights[-1] == 1.0
    technical = [
        match(candidate(Skill("Rust", level, 5)), wanted).compatibility.technical
        for level in SKILL_LEVELS
    ]
    assert technical == [25, 40, 70, 100]


def test_fewer_years_than_asked_reduce_the_weight() -> None:
    wanted = role(RequiredSkill("Rust", 1.0, "beginner", 4))
    weights = [
        match(candidate(Skill("Rust", "expert", years)), wanted).skills_matched[0].weight
        for years in (0, 2, 4, 8)
    ]
    assert weights == [0.5, 0.75, 1.0, 1.0]


def test_skill_weight_scales_with_importance_but_a_met_skill_stays_strong() -> None:
    result = match(
        candidate(),
        role(
            RequiredSkill("React", 0.2, "beginner", 0),
            RequiredSkill("Node.js", 1.0, "beginner", 0),
        ),
    )
    assert result.skills_matched == (("Node.js", 1.0), ("React", 0.76))
    assert result.compatibility.technical == 100


def test_experience_is_closeness_of_levels_and_under_qualified_costs_more() -> None:
    def experience(years: float, wanted: str) -> int:
        return match(
            candidate(experience_years=years), role(experience_level=wanted)
        ).compatibility.experience

    assert experience(3, "mid") == 100
    assert experience(6, "mid") == 80 and experience(1, "mid") == 60
    assert experience(10, "junior") == 35 and experience(0, "lead") == 0
    assert experience(6, "mid") > experience(1, "mid")


@pytest.mark.parametrize(
    ("years", "level"), [(0, "junior"), (1.9, "junior"), (2, "mid"), (5, "senior"), (8, "lead")]
)
def test_experience_level_comes_from_years_when_absent(years: float, level: str) -> None:
    assert candidate(experience_years=years).experience_level == level
    assert candidate(experience_years=years, experience_level="lead").experience_level == "lead"


def test_reasons_mention_the_top_skills() -> None:
    result = match(
        candidate(
            Skill("Go", "beginner", 0), Skill("Kafka", "expert", 6), Skill("SQL", "expert", 9)
        ),
        role(
            RequiredSkill("Go", 1.0, "expert", 3),
            RequiredSkill("Kafka", 0.9, "advanced", 2),
            RequiredSkill("SQL", 0.6, "beginner", 0),
        ),
    )
    assert result.match_reasons[0] == "Strong skill alignment in Kafka and SQL"
    assert [m.skill for m in result.skills_matched] == ["Kafka", "SQL", "Go"]
    weak = match(candidate(Skill("Go", "beginner", 0)), role(RequiredSkill("Go", 1.0, "expert")))
    assert weak.match_reasons[0] == "Some skill overlap in Go"


def test_deterministic_across_calls_instances_and_skill_order() -> None:
    first = match(candidate(), role())
    assert match(candidate(), role()) == first
    assert match(candidate(), role()) == match(candidate(), role())
    shuffled = candidate(
        Skill("TypeScript", "advanced", 3),
        Skill("React", "expert", 5),
        Skill("Node.js", "advanced", 4),
    )
    assert match(shuffled, role()) == first
    tied = role(RequiredSkill("B"), RequiredSkill("A"), RequiredSkill("C"))
    both = candidate(Skill("A", "expert", 1), Skill("B", "expert", 1), Skill("C", "expert", 1))
    assert [m.skill for m in match(both, tied).skills_matched] == ["B", "A", "C"]


def _random_candidate(rng: random.Random, index: int) -> CandidateProfile:
    names = ["React", "node", "Go", "SQL", "Rust", "ts", "C#", "Python"]
    return CandidateProfile(
        id=f"user_{index:04d}",
        skills=tuple(
            Skill(n, rng.choice(SKILL_LEVELS), rng.choice((0, 0.5, 2, 7)))
            for n in rng.sample(names, rng.randint(0, 5))
        ),
        experience_years=rng.choice((0, 1, 3, 6, 12)),
        location=rng.choice(("Remote", "Berlin, Germany", "Austin, TX", "", "Paris")),
        remote_work=rng.random() < 0.5,
        preferences=Preferences(
            role_types=tuple(rng.sample(("full-time", "contract"), rng.randint(0, 2))),
            company_sizes=tuple(rng.sample(("startup", "large", "51-200"), rng.randint(0, 2))),
            industries=tuple(rng.sample(("technology", "finance"), rng.randint(0, 2))),
            salary_min=rng.choice((None, 50_000, 100_000)),
            salary_max=rng.choice((None, 120_000, 200_000)),
            currency=rng.choice(("USD", "EUR")),
        ),
    )


def _random_role(rng: random.Random, index: int) -> RoleProfile:
    names = ["React", "Node.js", "golang", "SQL", "Rust", "TypeScript", "csharp", "Java"]
    return RoleProfile(
        id=f"user_r{index}",
        company=f"Company {index}",
        required_skills=tuple(
            RequiredSkill(
                n, rng.choice((0.0, 0.3, 1.0)), rng.choice(SKILL_LEVELS), rng.choice((0, 1, 5))
            )
            for n in rng.sample(names, rng.randint(0, 5))
        ),
        experience_level=rng.choice(("junior", "mid", "senior", "lead")),
        location=rng.choice(("Remote", "Berlin, Germany", "San Francisco, CA", "")),
        remote=rng.random() < 0.5,
        company_size=rng.choice((None, "1-10", "201-1000", "small")),
        industry=rng.choice((None, "Technology", "Finance")),
        role_type=rng.choice(("full-time", "contract", "internship")),
        salary_min=rng.choice((None, 40_000, 110_000)),
        salary_max=rng.choice((None, 150_000)),
        currency="USD",
    )


def test_every_score_and_weight_stays_in_bounds() -> None:
    rng = random.Random(7)
    candidates = [_random_candidate(rng, i) for i in range(60)]
    roles = [_random_role(rng, i) for i in range(20)]
    seen = set()
    for c in candidates:
        for result in score_many(c, roles):
            scores = result.compatibility
            parts = [scores.technical, scores.cultural, scores.experience]
            parts += [result.location, result.score]
            assert all(isinstance(p, int) and 0 <= p <= 100 for p in parts)
            assert all(0 <= m.weight <= 1 for m in result.skills_matched)
            seen.add(result.score)
    assert min(seen) == 0 and max(seen) >= 90


def test_adding_a_met_required_skill_never_lowers_technical() -> None:
    rng = random.Random(11)
    extra = ("Haskell", "Elixir", "Zig")
    for i in range(300):
        c = _random_candidate(rng, i)
        r = _random_role(rng, i)
        name = rng.choice(extra)
        known = replace(c, skills=(*c.skills, Skill(name, "expert", 10)))
        before = match(known, r).compatibility.technical
        asked = RequiredSkill(name, rng.choice((0.0, 0.5, 1.0)), rng.choice(SKILL_LEVELS), 3)
        after = match(known, replace(r, required_skills=(*r.required_skills, asked)))
        assert after.compatibility.technical >= before


def test_score_many_and_rank_for_role_agree_with_single_matches() -> None:
    rng = random.Random(3)
    candidates = [_random_candidate(rng, i) for i in range(40)]
    roles = [_random_role(rng, i) for i in range(5)]
    assert score_many(candidates[0], roles) == [match(candidates[0], r) for r in roles]
    ranked = rank_for_role(roles[1], reversed(candidates), min_score=30)
    expected = sorted(
        ((c, match(c, roles[1])) for c in candidates if match(c, roles[1]).score >= 30),
        key=lambda pair: (-pair[1].score, pair[0].id),
    )
    assert [(r.candidate.id, r.result) for r in ranked] == [(c.id, m) for c, m in expected]
    assert ranked and all(r.result.score >= 30 for r in ranked)


_SCORE_IN_CHILD = """
import json, sys
from dataclasses import asdict
from talenttui.server.skillsync.matching import CandidateProfile, RoleProfile, match_candidate_to_role
pairs = json.load(sys.stdin)
print(json.dumps([
    asdict(match_candidate_to_role(CandidateProfile.from_profile_json(c), RoleProfile.from_profile_json(r)))
    for c, r in pairs
]))
"""


def _pair_json(rng: random.Random) -> tuple[dict[str, Any], dict[str, Any]]:
    names = [f"Skill{i}" for i in range(12)]
    candidate_json = {
        "id": "c",
        "experience_years": rng.randint(0, 12),
        "skills": [
            {"name": n, "level": rng.choice(SKILL_LEVELS), "years": rng.random() * 6}
            for n in rng.sample(names, 8)
        ],
    }
    role_json = {
        "id": "r",
        "required_skills": [
            {"name": n, "importance": rng.random(), "min_level": rng.choice(SKILL_LEVELS),
             "min_years": rng.random() * 6}
            for n in rng.sample(names, 8)
        ],
    }  # fmt: skip
    return candidate_json, role_json


def test_same_results_in_processes_with_other_hash_seeds() -> None:
    """Skill sets iterate in a per-process order: results must not depend on it."""
    rng = random.Random(5)
    pairs = [_pair_json(rng) for _ in range(200)]
    here = [
        asdict(match(CandidateProfile.from_profile_json(c), RoleProfile.from_profile_json(r)))
        for c, r in pairs
    ]
    expected = json.loads(json.dumps(here))
    children = [
        subprocess.Popen(
            [sys.executable, "-c", _SCORE_IN_CHILD],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        for seed in ("1", "2")
    ]
    for child in children:
        out, _ = child.communicate(json.dumps(pairs), timeout=60)
        assert child.returncode == 0
        assert json.loads(out) == expected


REFERENCE_SARAH: dict[str, Any] = {
    "id": "user_123",
    "name": "Sarah Johnson",
    "location": "San Francisco, CA",
    "remote_work": True,
    "experience_years": 4,
    "skills": [
        {"name": "React", "level": "expert", "years": 3},
        {"name": "Node.js", "level": "advanced", "years": 2},
        {"name": "Python", "level": "intermediate", "years": 1},
    ],
    "preferences": {
        "role_types": ["full-time", "contract"],
        "company_sizes": ["startup", "small"],
        "industries": ["technology", "healthcare"],
        "salary_range": {"min": 80000, "max": 120000, "currency": "USD"},
    },
    "social_links": {"github": "https://github.com/sarahjohnson"},
}

REFERENCE_TECHSTART: dict[str, Any] = {
    "id": "user_789",
    "name": "TechStart Inc.",
    "type": "startup",
    "location": "Remote",
    "company_size": "11-50",
    "industry": "Technology",
    "required_skills": [
        {"name": "React", "importance": 1.0, "min_level": "advanced", "min_years": 2},
        {"name": "Node.js", "importance": 0.9, "min_level": "intermediate", "min_years": 2},
        {"name": "TypeScript", "importance": 0.5, "min_level": "intermediate", "min_years": 1},
    ],
    "role": {
        "title": "Full Stack Engineer",
        "experience_level": "mid",
        "role_type": "full-time",
        "remote": True,
        "location": None,
        "salary_range": {"min": 90000, "max": 130000, "currency": "USD"},
    },
}


def test_profiles_build_from_the_reference_json() -> None:
    sarah = CandidateProfile.from_profile_json(REFERENCE_SARAH)
    assert sarah.skills[1] == Skill("Node.js", "advanced", 2.0)
    assert sarah.experience_level == "mid"
    assert sarah.preferences == Preferences(
        ("full-time", "contract"),
        ("startup", "small"),
        ("technology", "healthcare"),
        80000,
        120000,
        "USD",
    )
    techstart = RoleProfile.from_profile_json(REFERENCE_TECHSTART)
    assert techstart.required_skills[1] == RequiredSkill("Node.js", 0.9, "intermediate", 2.0)
    assert (techstart.location, techstart.remote, techstart.role_type) == (
        "Remote",
        True,
        "full-time",
    )
    assert (techstart.company_size, techstart.company_type) == ("11-50", "startup")
    assert (techstart.salary_min, techstart.salary_max, techstart.title) == (
        90000,
        130000,
        "Full Stack Engineer",
    )
    result = match(sarah, techstart)
    assert result.score >= 80
    assert result.match_reasons[0] == "Strong skill alignment in React and Node.js"
    assert [m.skill for m in result.skills_matched] == ["React", "Node.js"]


def test_flat_role_json_and_sparse_json_parse() -> None:
    flat = RoleProfile.from_profile_json(
        {"id": "r", "company": "Flat", "required_skills": [{"name": "Go"}], "remote": True,
         "experience_level": "senior", "role_type": "contract", "company_size": "small"}
    )  # fmt: skip
    assert flat.required_skills == (RequiredSkill("Go", 1.0, "beginner", 0.0),)
    assert (flat.remote, flat.experience_level, flat.role_type) == (True, "senior", "contract")
    assert (flat.company_size, flat.company_type) == ("51-200", "small")
    bare = CandidateProfile.from_profile_json(
        {"id": "c", "skills": [{"name": "Go", "level": "odd"}]}
    )
    assert bare.experience_level == "junior" and bare.preferences == Preferences()
    assert 0 < match(bare, flat).score <= 100
