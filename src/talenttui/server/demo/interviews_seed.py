"""Demo step: organizations on every plan, their recruiters, campaigns and interviews with results."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.demo.constants import (
    JANE_PUBLIC_ID,
    JANE_USER_ID,
    ORGANIZATIONS,
    REFERENCE_CAMPAIGNS,
    REFERENCE_CANDIDATE_EMAIL,
    REFERENCE_INTERVIEW_ID,
    RUNS_UNTIL,
)
from talenttui.server.demo.run import DemoRun
from talenttui.server.models import Campaign, Interview, Organization, Role, User

SKILLS = {
    "dotnet": ("Dotnet Developer", ["C#", "ASP.NET", "SQL Server"]),
    "angular": ("Angular Developer", ["Angular", "TypeScript", "RxJS"]),
    "java": ("Java Developer", ["Java", "Spring Boot", "SQL"]),
    "python": ("Python Developer", ["Python", "Django", "PostgreSQL"]),
    "react": ("Frontend Engineer", ["React", "TypeScript", "CSS"]),
    "devops": ("DevOps Engineer", ["Kubernetes", "Terraform", "AWS"]),
    "data": ("Data Analyst", ["SQL", "Python", "Tableau"]),
    "qa": ("QA Engineer", ["Selenium", "Java", "API testing"]),
}
CITIES = ["Chennai", "Bengaluru", "Hyderabad", "Pune", "Remote", "Berlin", "London", "Austin"]
SOFT = [
    ("Communication", "interpersonal"),
    ("Problem solving", "cognitive"),
    ("Teamwork", "interpersonal"),
]
FIRST = ["arjun", "priya", "wei", "maria", "liam", "fatima", "noah", "sofia", "kenji", "amara"]
LAST = [
    "mehta",
    "sharma",
    "chen",
    "garcia",
    "smith",
    "khan",
    "mueller",
    "rossi",
    "tanaka",
    "okafor",
]
STATES = [("completed", 45), ("invited", 25), ("in_progress", 15), ("expired", 15)]
DECISIONS = ["shortlisted", "on_hold", "rejected"]
INVITED_SINCE = timedelta(days=14)
INVITED_UNTIL = timedelta(days=5)
"""Interviews are invited 5 to 14 days before the seeding and done within 4 days: last week."""


def _result(rng: random.Random, skill: str) -> dict[str, Any]:
    role, techs = SKILLS[skill]
    return {
        "overall_decision": rng.choices(DECISIONS, [40, 30, 30])[0],
        "job_stability_score": rng.randint(35, 98),
        "role_fitment": [{"role": role, "competency_level": rng.randint(1, 5)}],
        "soft_skills": [
            {"skill": name, "competency_level": rng.randint(1, 5), "skill_type": kind}
            for name, kind in SOFT
        ],
        "tech_skills": [
            {"skill": name, "competency_level": rng.randint(1, 5), "skill_type": "programming"}
            for name in techs
        ],
    }


def _reference_result() -> dict[str, Any]:
    return {
        "overall_decision": "shortlisted",
        "job_stability_score": 78,
        "role_fitment": [{"role": "Dotnet Developer", "competency_level": 4}],
        "soft_skills": [
            {"skill": "Communication", "competency_level": 3, "skill_type": "interpersonal"}
        ],
        "tech_skills": [{"skill": "C#", "competency_level": 4, "skill_type": "programming"}],
    }


async def seed_interviews(db: AsyncSession, run: DemoRun) -> None:
    rng, size = run.rng, run.size
    for org_id, name, plan, user_id, first, last, email in ORGANIZATIONS:
        db.add(Organization(id=org_id, name=name, org_type_id=1, plan=plan, created_at=run.now))
        await db.flush()
        db.add(
            User(
                id=user_id,
                public_id=JANE_PUBLIC_ID if user_id == JANE_USER_ID else f"user_demo{user_id}",
                email=email,
                first_name=first,
                last_name=last,
                role_id=Role.RECRUITER.value,
                org_id=org_id,
                created_at=run.now,
            )
        )
    await db.flush()
    campaigns: list[dict[str, Any]] = [
        _campaign(run, cid, name, skill, city, 88, JANE_USER_ID)
        for cid, name, skill, city in REFERENCE_CAMPAIGNS
    ]
    next_id = 22555
    for i in range(9 * size):
        org_id, _, _, user_id, *_ = ORGANIZATIONS[i % len(ORGANIZATIONS)]
        skill = rng.choice(sorted(SKILLS))
        city = rng.choice(CITIES)
        title = f"{SKILLS[skill][0]} hiring, {city}"
        campaigns.append(_campaign(run, next_id, title, skill, city, org_id, user_id))
        next_id += 1
    await db.execute(insert(Campaign), campaigns)
    await db.execute(insert(Interview), _interviews(run, campaigns))


def _campaign(
    run: DemoRun, cid: int, name: str, skill: str, city: str, org_id: int, user_id: int
) -> dict[str, Any]:
    rng = run.rng
    start = run.now - timedelta(days=rng.randint(20, 400))
    reference = any(cid == ref[0] for ref in REFERENCE_CAMPAIGNS)
    status = "active" if reference or rng.random() > 0.15 else "inactive"
    return {
        "id": cid,
        "org_id": org_id,
        "created_by": user_id,
        "name": name,
        "status": status,
        "skill": skill,
        "location": city,
        "agent_type": "walk-in",
        "job_expiry_date": run.at(RUNS_UNTIL),
        "start_date": start,
        "end_date": run.at(RUNS_UNTIL),
        "link_token": f"{cid}{rng.getrandbits(48):012x}",
        "created_at": start,
    }


def _interviews(run: DemoRun, campaigns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rng = run.rng
    rows: list[dict[str, Any]] = []
    reference = campaigns[0]
    result = _reference_result()
    rows.append(
        {
            "id": REFERENCE_INTERVIEW_ID,
            "campaign_id": reference["id"],
            "org_id": reference["org_id"],
            "candidate_email": REFERENCE_CANDIDATE_EMAIL,
            "status": "completed",
            "invited_by": reference["created_by"],
            "invited_from": "dashboard",
            "invited_at": run.now - timedelta(days=3),
            "completed_at": run.now - timedelta(days=2),
            **result,
        }
    )
    next_id = REFERENCE_INTERVIEW_ID + 1
    names, weights = zip(*STATES, strict=True)
    window = int((INVITED_SINCE - INVITED_UNTIL).total_seconds() // 3600)
    for n in range(540 * run.size):
        campaign = campaigns[n % len(campaigns)]
        email = f"{rng.choice(FIRST)}.{rng.choice(LAST)}{n}@example.com"
        status = rng.choices(names, weights)[0]
        hours_back = rng.randint(1, 24 * 300) % window  # the same draw keeps the stream after it
        invited = run.now - INVITED_UNTIL - timedelta(hours=hours_back)
        row: dict[str, Any] = {
            "id": next_id,
            "campaign_id": campaign["id"],
            "org_id": campaign["org_id"],
            "candidate_email": email,
            "status": status,
            "invited_by": campaign["created_by"],
            "invited_from": rng.choice(["dashboard", "api"]),
            "invited_at": invited,
            "completed_at": None,
            "overall_decision": None,
            "job_stability_score": None,
            "role_fitment": None,
            "soft_skills": None,
            "tech_skills": None,
        }
        if status == "completed":
            row["completed_at"] = invited + timedelta(hours=rng.randint(2, 96))
            row.update(_result(rng, campaign["skill"]))
        rows.append(row)
        next_id += 1
    return rows
