"""Demo step: SkillSync profiles for candidates and companies, and their matches from the engine.

Runs after the skilldeo step (it gives Jane Doe's Acme Corp and the Globex, Initech and
Umbrella Labs recruiters company profiles). Rows go in with bulk INSERTs and scoring
runs in a worker thread, so `--demo-size 500` (100k candidates) stays in minutes.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Table, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.demo.run import DemoRun
from talenttui.server.demo.skillsync_people import (
    SARAH_PUBLIC_ID,
    TECHSTART_ORG,
    PersonSpec,
    acme_profile,
    generated_candidate,
    generated_company,
    generated_recruiters,
    sarah,
    techstart,
)
from talenttui.server.models import Base, Match, Organization, Plan, Profile, Role, User
from talenttui.server.skillsync.matching.engine import match_candidate_to_role
from talenttui.server.skillsync.matching.inputs import (
    Side,
    candidate_input,
    candidate_side,
    company_side,
    role_input,
)
from talenttui.server.skillsync.matching.rows import MIN_STORED_SCORE, new_pair_rows

CANDIDATES_PER_SIZE = 200
MATCH_SPREAD = timedelta(days=6)
"""Matches are made in the 6 days before the seeding: each expires in the week ahead."""
SARAH_TECHSTART_MATCH_IDS = ("match_123", "match_456")
JANE_EMAIL = "jane.doe@acme.example"
SKILLDEO_COMPANIES = ("Globex Corporation", "Initech", "Umbrella Labs")
_CHUNK = 5000
_STATUS_WEIGHTS = (("new", 70), ("saved", 14), ("accepted", 8), ("rejected", 8))


@dataclass(frozen=True)
class Seeded:
    """A demo user now stored, with the (transient) profile row the engine reads."""

    user_id: int
    public_id: str
    profile: Profile


def _table(model: type[Base]) -> Table:
    """Core inserts skip the ORM's per-row bookkeeping, which dominates big seeds."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _chunks(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), _CHUNK):
        yield rows[start : start + _CHUNK]


def _dated(run: DemoRun, values: dict[str, Any]) -> dict[str, Any]:
    """Profile values with their reference-timeline dates moved to the seeding's."""
    return {k: run.at(v) if isinstance(v, datetime) else v for k, v in values.items()}


async def _insert_users(
    db: AsyncSession, run: DemoRun, people: Sequence[PersonSpec], org_ids: Sequence[int | None]
) -> list[int]:
    rows = [
        {
            "public_id": p.public_id,
            "email": p.email,
            "first_name": p.first_name,
            "last_name": p.last_name,
            "role_id": p.role_id,
            "org_id": org_id,
            "created_at": run.at(p.created_at),
        }
        for p, org_id in zip(people, org_ids, strict=True)
    ]
    ids: list[int] = []
    for chunk in _chunks(rows):
        result = await db.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True), chunk
        )
        ids.extend(result.all())
    return ids


async def _insert_profiles(
    db: AsyncSession, run: DemoRun, owners: Sequence[tuple[int, str, dict[str, Any]]]
) -> list[Seeded]:
    owners = [(uid, public_id, _dated(run, values)) for uid, public_id, values in owners]
    rows = [{"user_id": uid, **values} for uid, _, values in owners]
    for chunk in _chunks(rows):
        await db.execute(_table(Profile).insert(), chunk)
    return [
        Seeded(user_id=uid, public_id=public_id, profile=Profile(user_id=uid, **values))
        for uid, public_id, values in owners
    ]


async def _new_company(
    db: AsyncSession, run: DemoRun, spec: PersonSpec, org_name: str, plan: Plan
) -> int:
    created = run.at(spec.created_at)
    org = Organization(name=org_name, org_type_id=1, plan=plan.value, created_at=created)
    db.add(org)
    await db.flush()
    return org.id


async def _companies(db: AsyncSession, run: DemoRun) -> list[Seeded]:
    """TechStart (new org, Pro), Jane Doe's Acme Corp, the skilldeo step's other recruiters,
    and made-up companies each with its own organization and recruiter."""
    rng = run.rng
    recruiters = [techstart(), *generated_recruiters(rng)]
    plans = [Plan.PRO] + [(Plan.FREE, Plan.PRO)[i % 2] for i in range(len(recruiters) - 1)]
    org_ids: list[int | None] = []
    for spec, plan in zip(recruiters, plans, strict=True):
        name = TECHSTART_ORG if spec is recruiters[0] else spec.profile["name"]
        org_ids.append(await _new_company(db, run, spec, name, plan))
    user_ids = await _insert_users(db, run, recruiters, org_ids)
    owners = [
        (uid, spec.public_id, spec.profile) for uid, spec in zip(user_ids, recruiters, strict=True)
    ]
    jane = await db.scalar(select(User).where(User.email == JANE_EMAIL))
    if jane is not None:
        owners.insert(1, (jane.id, jane.public_id, acme_profile()))
    existing = await db.execute(
        select(User.id, User.public_id, Organization.name)
        .join(Organization, Organization.id == User.org_id)
        .where(Organization.name.in_(SKILLDEO_COMPANIES), User.role_id == Role.RECRUITER)
        .order_by(User.id)
    )
    claimed: set[str] = set()
    for uid, public_id, org_name in existing:
        if org_name not in claimed:
            claimed.add(org_name)
            owners.append((uid, public_id, generated_company(rng, org_name)))
    return await _insert_profiles(db, run, owners)


async def _candidates(db: AsyncSession, run: DemoRun, count: int) -> list[Seeded]:
    people = [sarah()] + [generated_candidate(run.rng, i) for i in range(1, count + 1)]
    user_ids = await _insert_users(db, run, people, [None] * len(people))
    owners = [(uid, p.public_id, p.profile) for uid, p in zip(user_ids, people, strict=True)]
    return await _insert_profiles(db, run, owners)


def _score_all(
    candidates: Sequence[Seeded], companies: Sequence[Seeded]
) -> list[tuple[Side, Side, Any]]:
    """Every candidate against every opening; only pairs worth storing are kept."""
    roles = [(c, role_input(c.public_id, c.profile)) for c in companies]
    sides = {c.user_id: company_side(c.user_id, c.public_id, c.profile) for c in companies}
    kept = []
    for cand in candidates:
        engine_input = candidate_input(cand.public_id, cand.profile)
        side = candidate_side(cand.user_id, cand.public_id, cand.profile, engine_input)
        for company, role in roles:
            result = match_candidate_to_role(engine_input, role)
            if result.score >= MIN_STORED_SCORE:
                kept.append((side, sides[company.user_id], result))
    return kept


def _status(rng: random.Random) -> str:
    names = [name for name, _ in _STATUS_WEIGHTS]
    weights = [weight for _, weight in _STATUS_WEIGHTS]
    return rng.choices(names, weights)[0]


async def _matches(
    db: AsyncSession, run: DemoRun, candidates: Sequence[Seeded], companies: Sequence[Seeded]
) -> None:
    rng = run.rng
    pairs = await asyncio.to_thread(_score_all, candidates, companies)
    rows: list[dict[str, Any]] = []
    techstart_id = next(c.user_id for c in companies if c.public_id == "user_789")
    for cand, comp, result in pairs:
        created = run.now - timedelta(seconds=rng.randrange(int(MATCH_SPREAD.total_seconds())))
        if cand.public_id == SARAH_PUBLIC_ID and comp.user_id == techstart_id:
            ids = SARAH_TECHSTART_MATCH_IDS
            created = run.now
        else:
            ids = (f"match_{rng.getrandbits(64):016x}", f"match_{rng.getrandbits(64):016x}")
        mine, theirs = new_pair_rows(cand, comp, result, created, ids)
        if cand.public_id != SARAH_PUBLIC_ID:
            mine["status"], theirs["status"] = _status(rng), _status(rng)
        rows += [mine, theirs]
    for chunk in _chunks(rows):
        await db.execute(_table(Match).insert(), chunk)


async def seed_skillsync(db: AsyncSession, run: DemoRun) -> None:
    if await db.scalar(select(User.id).where(User.public_id == SARAH_PUBLIC_ID)) is not None:
        return
    companies = await _companies(db, run)
    candidates = await _candidates(db, run, CANDIDATES_PER_SIZE * run.size)
    await _matches(db, run, candidates, companies)
