"""The SkillSync demo: the reference's people exactly, enough volume, engine-computed matches, determinism."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from talenttui.server.db import Base, make_engine, make_sessions
from talenttui.server.demo.run import DemoRun
from talenttui.server.demo.skillsync_seed import seed_skillsync
from talenttui.server.models import Match, Organization, Profile, ProfileKind, User
from tests.conftest import Live, backend_url
from tests.server.demo_time import moved, seeded_at
from tests.server.skillsync_people import db, mint_token

SARAH_REFERENCE: dict[str, Any] = {
    "id": "user_123",
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
}
SARAH_CREATED = datetime(2024, 6, 15, 8, 30, tzinfo=UTC)
SARAH_UPDATED = datetime(2025, 1, 15, 14, 22, tzinfo=UTC)
"""The reference's dates for Sarah, five days and seven months before its examples' date."""


def _headers(live: Live, public_id: str) -> dict[str, str]:
    with db(live) as session:
        user = session.scalars(select(User).where(User.public_id == public_id)).one()
    return {"Authorization": f"Bearer {mint_token(live, user.id, user.org_id, user.role_id)}"}


def test_sarah_is_exactly_the_reference_profile(demo_live: Live) -> None:
    resp = demo_live.client.get("/v1/profiles/me", headers=_headers(demo_live, "user_123"))
    assert resp.status_code == 200
    dated = {
        "created_at": moved(demo_live, SARAH_CREATED),
        "updated_at": moved(demo_live, SARAH_UPDATED),
    }
    assert resp.json()["data"] == SARAH_REFERENCE | dated
    with db(demo_live) as session:
        sarah = session.scalars(select(User).where(User.public_id == "user_123")).one()
    assert (sarah.email, sarah.role_id) == ("sarah.johnson@example.com", 1)


def test_sarahs_best_match_is_techstart_like_the_reference(demo_live: Live) -> None:
    resp = demo_live.client.get("/v1/matches/me", headers=_headers(demo_live, "user_123"))
    matches = resp.json()["data"]["matches"]
    techstart = next(m for m in matches if m["user_id"] == "user_789")
    assert techstart["id"] == "match_123"
    assert techstart["match_score"] >= 80
    assert techstart["match_score"] == max(m["match_score"] for m in matches)
    assert techstart["profile"] == {
        "name": "TechStart Inc.",
        "type": "startup",
        "logo": "https://cdn.skillsync.ai/logos/techstart.png",
        "location": "Remote",
        "company_size": "11-50",
        "industry": "Technology",
        "role_title": "Full Stack Engineer (React/Node.js)",
    }
    assert {"React", "Node.js"} <= {s["skill"] for s in techstart["skills_matched"]}
    seeded = seeded_at(demo_live)
    assert techstart["created_at"] == seeded.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert techstart["expires_at"] == (seeded + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert techstart["status"] == "new"


def test_techstart_recruiter_and_jane_see_sarah(demo_live: Live) -> None:
    for recruiter, match_id in (("user_789", "match_456"), ("user_456", None)):
        resp = demo_live.client.get(
            "/v1/matches/me", params={"limit": 100}, headers=_headers(demo_live, recruiter)
        )
        data = resp.json()["data"]
        sarah = [m for m in data["matches"] if m["user_id"] == "user_123"]
        assert len(sarah) == 1, recruiter
        assert sarah[0]["profile"]["name"] == "Sarah Johnson"
        assert data["pagination"]["total"] > 10
        if match_id is not None:
            assert sarah[0]["id"] == match_id
    with db(demo_live) as session:
        acme = session.scalars(
            select(Profile)
            .join(User, User.id == Profile.user_id)
            .where(User.public_id == "user_456")
        ).one()
        techstart_org = session.execute(
            select(Organization.name, Organization.plan)
            .join(User, User.org_id == Organization.id)
            .where(User.public_id == "user_789")
        ).one()
    assert acme.name == "Acme Corp" and acme.kind == ProfileKind.COMPANY
    assert tuple(techstart_org) == ("TechStart Inc.", "pro")


def test_demo_volume(demo_live: Live) -> None:
    with db(demo_live) as session:
        kinds = dict(
            session.execute(select(Profile.kind, func.count()).group_by(Profile.kind)).all()
        )
        statuses = dict(
            session.execute(select(Match.status, func.count()).group_by(Match.status)).all()
        )
        pairs = session.scalar(select(func.count(func.distinct(Match.pair_key))))
    assert pairs is not None
    assert kinds["candidate"] >= 200
    assert kinds["company"] >= 30
    assert set(statuses) == {"new", "saved", "accepted", "rejected"}
    assert sum(statuses.values()) == 2 * pairs
    assert pairs >= 500


SEEDED = datetime(2026, 3, 1, 9, tzinfo=UTC)


async def _seeded(
    path: Path, size: int
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], float]:
    engine = make_engine(backend_url(path))
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    sessions = make_sessions(engine).write
    started = time.perf_counter()
    async with sessions() as db_session:
        await seed_skillsync(db_session, DemoRun.starting(SEEDED, size))
        await db_session.commit()
    elapsed = time.perf_counter() - started
    async with sessions() as db_session:
        profiles = (
            await db_session.execute(
                select(User.public_id, User.email, Profile.name, Profile.skills, Profile.location)
                .join(Profile, Profile.user_id == User.id)
                .order_by(User.public_id)
            )
        ).all()
        matches = (
            await db_session.execute(
                select(
                    Match.public_id, Match.score, Match.status, Match.skills_key, Match.created_at
                ).order_by(Match.public_id)
            )
        ).all()
    await engine.dispose()
    return [tuple(r) for r in profiles], [tuple(r) for r in matches], elapsed


async def test_two_fresh_seeds_are_identical(tmp_path: Path) -> None:
    first = await _seeded(tmp_path / "a", 1)
    second = await _seeded(tmp_path / "b", 1)
    assert first[0] == second[0] and first[1] == second[1]
    assert len(first[0]) >= 200


async def test_demo_size_multiplies_candidates_in_bulk(tmp_path: Path) -> None:
    profiles, matches, elapsed = await _seeded(tmp_path / "big", 5)
    candidates = [p for p in profiles if "@example.com" in p[1]]
    assert len(candidates) >= 5 * 200
    assert len(matches) > 5 * 1000
    print(f"\ndemo size 5: {len(profiles)} profiles, {len(matches)} match rows in {elapsed:.1f}s")
