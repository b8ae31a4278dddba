"""Test helpers for SkillSync profile/match tests: users written straight into the live server's
database, login tokens minted with its own secret, and direct reads of what it stored."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from talenttui.server.models import Event, LoginSession, Organization, Plan, Role, User
from talenttui.server.settings import ServerSettings
from talenttui.server.tokens import TokenService, new_jti
from tests.conftest import Live

_counter = itertools.count(1)


@dataclass(frozen=True)
class Person:
    id: int
    public_id: str
    email: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@contextmanager
def module_server(data_dir: Path, **overrides: Any) -> Iterator[Live]:
    """One dev server for a whole module's tests that do not count global rows."""
    server = Live(ServerSettings(data_dir=data_dir, port=0, dev=True, **overrides))
    try:
        yield server
    finally:
        server.close()


def mint_token(
    live: Live, user_id: int, org_id: int | None, role_id: int, issued_at: float | None = None
) -> str:
    """A login token as loginVerify issues it: signed with the server's secret, with its session row."""
    issued = live.settings.clock() if issued_at is None else issued_at
    tokens = TokenService(live.secret, 3600)
    jti = new_jti()
    with db(live) as session:
        session.add(
            LoginSession(
                public_id=f"ses_{secrets.token_hex(8)}",
                jti=jti,
                user_id=user_id,
                created_at=datetime.fromtimestamp(issued, UTC),
                expires_at=datetime.fromtimestamp(issued + tokens.ttl_seconds, UTC),
            )
        )
        session.commit()
    return tokens.issue(user_id, org_id, role_id, issued, jti)


@contextmanager
def db(live: Live) -> Iterator[Session]:
    with live.db() as session:
        yield session


def person(
    live: Live, *, role: Role = Role.CANDIDATE, name: str = "Test Person", plan: str = "free"
) -> Person:
    n = next(_counter)
    first, _, last = name.partition(" ")
    email = f"person{n}.{secrets.token_hex(4)}@example.com"
    with db(live) as session:
        org_id = None
        if role == Role.RECRUITER:
            org = Organization(name=f"{name} Org {n}", plan=plan, created_at=datetime.now(UTC))
            session.add(org)
            session.flush()
            org_id = org.id
        user = User(
            email=email,
            first_name=first,
            last_name=last,
            role_id=role.value,
            org_id=org_id,
            created_at=datetime.now(UTC),
        )
        session.add(user)
        session.commit()
    token = mint_token(live, user.id, org_id, role.value)
    return Person(id=user.id, public_id=user.public_id, email=email, token=token)


def events_of(live: Live, who: Person, event: str | None = None) -> list[Event]:
    with db(live) as session:
        query = select(Event).where(Event.user_id == who.id).order_by(Event.seq)
        if event is not None:
            query = query.where(Event.event == event)
        return list(session.scalars(query))


CANDIDATE_PROFILE: dict[str, Any] = {
    "name": "Sam Carter",
    "title": "Full Stack Developer",
    "bio": "Builds web applications end to end with React and Node.js, and ships them.",
    "location": "Berlin, Germany",
    "remote_work": True,
    "experience_years": 4,
    "skills": [
        {"name": "React", "level": "expert", "years": 3},
        {"name": "Node.js", "level": "advanced", "years": 2},
        {"name": "TypeScript", "level": "advanced", "years": 2},
    ],
    "preferences": {
        "role_types": ["full-time"],
        "company_sizes": ["startup"],
        "industries": ["technology"],
        "salary_range": {"min": 80000, "max": 120000, "currency": "USD"},
    },
}

COMPANY_PROFILE: dict[str, Any] = {
    "name": "Rocket Apps",
    "type": "startup",
    "location": "Remote",
    "remote_work": True,
    "company_size": "11-50",
    "industry": "Technology",
    "required_skills": [
        {"name": "React", "importance": 1.0, "min_level": "advanced", "min_years": 2},
        {"name": "Node.js", "importance": 0.9, "min_level": "intermediate", "min_years": 1},
        {"name": "TypeScript", "importance": 0.7, "min_level": "intermediate", "min_years": 1},
    ],
    "role": {
        "title": "Full Stack Engineer",
        "experience_level": "mid",
        "role_type": "full-time",
        "remote": True,
        "salary_range": {"min": 90000, "max": 130000, "currency": "USD"},
    },
}

UNRELATED_COMPANY: dict[str, Any] = {
    "name": "Deep Kernels",
    "type": "large",
    "location": "Tokyo, Japan",
    "company_size": "1000+",
    "industry": "Hardware",
    "required_skills": [
        {"name": "Verilog", "importance": 1.0, "min_level": "expert", "min_years": 5},
        {"name": "C", "importance": 1.0, "min_level": "expert", "min_years": 5},
    ],
    "role": {"title": "Chip Designer", "experience_level": "lead"},
}


def put_profile(live: Live, who: Person, body: dict[str, Any]) -> dict[str, Any]:
    resp = live.client.put("/v1/profiles/me", json=body, headers=who.headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()["data"]
    return data


def matched_pair(live: Live) -> tuple[Person, Person]:
    """A candidate and a recruiter whose profiles match well (one match row each way)."""
    company = person(live, role=Role.RECRUITER, name="Rita Recruiter")
    put_profile(live, company, COMPANY_PROFILE)
    candidate = person(live, name="Sam Carter")
    put_profile(live, candidate, CANDIDATE_PROFILE)
    return candidate, company


def only_match(live: Live, who: Person) -> dict[str, Any]:
    resp = live.client.get("/v1/matches/me", params={"min_score": 0}, headers=who.headers)
    assert resp.status_code == 200, resp.text
    matches: list[dict[str, Any]] = resp.json()["data"]["matches"]
    assert len(matches) == 1
    return matches[0]


def custom_pair(live: Live) -> tuple[Person, Person]:
    """A matched candidate and recruiter on a Custom plan (the Free plan's 5 concurrent
    requests would refuse most of 50), put there before either sends a request."""
    company = person(live, role=Role.RECRUITER, name="Rita Recruiter", plan=Plan.CUSTOM.value)
    candidate = person(live, name="Sam Carter")
    with db(live) as session:
        org_id = session.scalar(select(User.org_id).where(User.id == company.id))
        session.execute(update(User).where(User.id == candidate.id).values(org_id=org_id))
        session.commit()
    put_profile(live, company, COMPANY_PROFILE)
    put_profile(live, candidate, CANDIDATE_PROFILE)
    return candidate, company
