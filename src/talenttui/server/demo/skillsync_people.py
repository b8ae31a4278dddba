"""Deterministic SkillSync demo people: the reference's Sarah Johnson and TechStart Inc., and many more.

Everything is drawn from the `random.Random` handed in and dated from fixed anchors,
so two fresh seeds produce identical profiles on every machine.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from talenttui.server.demo.skillsync_catalog import (
    COMPANY_NAMES,
    COMPANY_SIZE_WORDS,
    FIRST_NAMES,
    HEADCOUNT_FOR_TYPE,
    INDUSTRIES,
    LAST_NAMES,
    LEVELS,
    LOCATIONS,
    ROLE_TYPES,
    TRACKS,
)

PROFILES_SINCE = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
PROFILES_UNTIL = datetime(2025, 1, 15, 18, 0, tzinfo=UTC)

SARAH_PUBLIC_ID = "user_123"
SARAH_EMAIL = "sarah.johnson@example.com"
TECHSTART_PUBLIC_ID = "user_789"
TECHSTART_EMAIL = "talent@techstart.example"
TECHSTART_ORG = "TechStart Inc."


@dataclass
class PersonSpec:
    """A user and the profile row to give them; `profile` holds the `profiles` column values."""

    email: str
    first_name: str
    last_name: str
    public_id: str
    role_id: int
    created_at: datetime
    profile: dict[str, Any] = field(default_factory=dict)


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    seconds = int((end - start).total_seconds())
    return start + timedelta(seconds=rng.randrange(seconds))


def demo_public_id(rng: random.Random) -> str:
    return f"user_{rng.getrandbits(64):016x}"


def sarah() -> PersonSpec:
    """Exactly the reference's Get Profile example."""
    return PersonSpec(
        email=SARAH_EMAIL,
        first_name="Sarah",
        last_name="Johnson",
        public_id=SARAH_PUBLIC_ID,
        role_id=1,
        created_at=datetime(2024, 6, 15, 8, 30, tzinfo=UTC),
        profile={
            "kind": "candidate",
            "name": "Sarah Johnson",
            "title": "Full Stack Developer",
            "avatar": "https://cdn.skillsync.ai/avatars/user_123.jpg",
            "bio": "Passionate developer with 4+ years building scalable web applications...",
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
            "social_links": {
                "github": "https://github.com/sarahjohnson",
                "linkedin": "https://linkedin.com/in/sarahjohnson",
                "portfolio": "https://sarahjohnson.dev",
            },
            "verification": {"email": True, "phone": True, "github": True, "linkedin": False},
            "created_at": datetime(2024, 6, 15, 8, 30, tzinfo=UTC),
            "updated_at": datetime(2025, 1, 15, 14, 22, tzinfo=UTC),
        },
    )


def company_profile(
    *,
    name: str,
    company_type: str,
    location: str,
    remote: bool,
    industry: str,
    role_title: str,
    required: list[tuple[str, float, str, int]],
    experience_level: str,
    salary: tuple[int, int],
    created_at: datetime,
    company_size: str | None = None,
    logo: str | None = None,
    bio: str = "",
) -> dict[str, Any]:
    return {
        "kind": "company",
        "name": name,
        "title": f"Hiring: {role_title}",
        "avatar": None,
        "bio": bio or f"{name} is hiring a {role_title}.",
        "location": location,
        "remote_work": remote,
        "experience_years": 0,
        "skills": [],
        "preferences": {},
        "social_links": {},
        "verification": {"email": True, "phone": False, "github": False, "linkedin": False},
        "company_type": company_type,
        "logo": logo,
        "company_size": company_size or HEADCOUNT_FOR_TYPE[company_type],
        "industry": industry,
        "role": {
            "title": role_title,
            "experience_level": experience_level,
            "role_type": "full-time",
            "remote": remote,
            "location": location,
            "salary_range": {"min": salary[0], "max": salary[1], "currency": "USD"},
            "required_skills": [
                {"name": n, "importance": imp, "min_level": lvl, "min_years": yrs}
                for n, imp, lvl, yrs in required
            ],
        },
        "created_at": created_at,
        "updated_at": created_at,
    }


def techstart() -> PersonSpec:
    """The company of the reference's match example, hiring for what Sarah does best."""
    created = datetime(2024, 9, 2, 11, 0, tzinfo=UTC)
    return PersonSpec(
        email=TECHSTART_EMAIL,
        first_name="Marcus",
        last_name="Lee",
        public_id=TECHSTART_PUBLIC_ID,
        role_id=2,
        created_at=created,
        profile=company_profile(
            name=TECHSTART_ORG,
            company_type="startup",
            location="Remote",
            remote=True,
            industry="Technology",
            role_title="Full Stack Engineer (React/Node.js)",
            required=[
                ("React", 1.0, "advanced", 2),
                ("Node.js", 0.9, "intermediate", 2),
                ("TypeScript", 0.5, "intermediate", 1),
            ],
            experience_level="mid",
            salary=(90000, 130000),
            created_at=created,
            company_size="11-50",
            logo="https://cdn.skillsync.ai/logos/techstart.png",
            bio="TechStart Inc. builds developer tools for small teams; fully remote since day one.",
        ),
    )


def acme_profile() -> dict[str, Any]:
    """Jane Doe's company: an enterprise hiring a frontend lead, which Sarah fits well."""
    return company_profile(
        name="Acme Corp",
        company_type="enterprise",
        location="San Francisco, CA",
        remote=True,
        industry="Technology",
        role_title="Senior Frontend Engineer",
        required=[
            ("React", 1.0, "advanced", 2),
            ("JavaScript", 0.6, "intermediate", 2),
            ("Node.js", 0.5, "intermediate", 1),
        ],
        experience_level="mid",
        salary=(100000, 150000),
        created_at=datetime(2024, 5, 6, 9, 0, tzinfo=UTC),
        company_size="1000+",
        bio="Acme Corp makes everything, and the software that ships it.",
    )


def generated_company(rng: random.Random, name: str) -> dict[str, Any]:
    track = rng.choice(TRACKS)
    company_type = rng.choice(COMPANY_SIZE_WORDS)
    location = rng.choice(LOCATIONS)
    skills = list(track.core) + rng.sample(track.extra, rng.randint(0, 2))
    required = [
        (s, round(rng.uniform(0.5, 1.0), 2), rng.choice(LEVELS[:3]), rng.randint(0, 3))
        for s in skills
    ]
    low = rng.randrange(60, 140) * 1000
    return company_profile(
        name=name,
        company_type=company_type,
        location=location,
        remote=location == "Remote" or rng.random() < 0.4,
        industry=rng.choice(INDUSTRIES).capitalize(),
        role_title=track.title,
        required=required,
        experience_level=rng.choice(("junior", "mid", "mid", "senior", "lead")),
        salary=(low, low + rng.randrange(20, 60) * 1000),
        created_at=_moment(rng, PROFILES_SINCE, PROFILES_UNTIL),
    )


def generated_recruiters(rng: random.Random) -> list[PersonSpec]:
    """One recruiter per made-up company, their company profile attached."""
    out = []
    for name in COMPANY_NAMES:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        profile = generated_company(rng, name)
        domain = name.lower().replace(" ", "")
        out.append(
            PersonSpec(
                email=f"{first}.{last}@{domain}.example".lower(),
                first_name=first,
                last_name=last,
                public_id=demo_public_id(rng),
                role_id=2,
                created_at=profile["created_at"],
                profile=profile,
            )
        )
    return out


def generated_candidate(rng: random.Random, index: int) -> PersonSpec:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    track = rng.choice(TRACKS)
    years = rng.choice((0, 1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 10, 12, 15))
    names = list(track.core[: rng.randint(1, 3)]) + rng.sample(track.extra, rng.randint(1, 4))
    skills = []
    for name in names:
        skill_years = min(years, rng.randint(0, max(1, years)))
        level = LEVELS[min(3, skill_years // 2 + rng.randint(0, 1))]
        skills.append({"name": name, "level": level, "years": skill_years})
    location = rng.choice(LOCATIONS)
    low = rng.randrange(40, 160) * 1000
    created = _moment(rng, PROFILES_SINCE, PROFILES_UNTIL)
    return PersonSpec(
        email=f"{first}.{last}.{index}@example.com".lower(),
        first_name=first,
        last_name=last,
        public_id=demo_public_id(rng),
        role_id=1,
        created_at=created,
        profile={
            "kind": "candidate",
            "name": f"{first} {last}",
            "title": track.title if years < 5 else f"Senior {track.title}",
            "avatar": None,
            "bio": f"{track.title} with {years} years of experience, mostly {names[0]}.",
            "location": location,
            "remote_work": location == "Remote" or rng.random() < 0.5,
            "experience_years": years,
            "skills": skills,
            "preferences": {
                "role_types": sorted(rng.sample(ROLE_TYPES, rng.randint(1, 2))),
                "company_sizes": sorted(rng.sample(COMPANY_SIZE_WORDS, rng.randint(1, 3))),
                "industries": sorted(rng.sample(INDUSTRIES, rng.randint(1, 3))),
                "salary_range": {"min": low, "max": low + 30000, "currency": "USD"},
            },
            "social_links": {"github": f"https://github.com/{first}{last}{index}".lower()},
            "verification": {
                "email": True,
                "phone": rng.random() < 0.6,
                "github": rng.random() < 0.4,
                "linkedin": rng.random() < 0.3,
            },
            "created_at": created,
            "updated_at": created + timedelta(days=rng.randint(0, 30)),
        },
    )
