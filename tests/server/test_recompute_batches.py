"""A profile edit that re-scores many pairs: committed first, stored in batches of their own
(each a short transaction, so other writers get in between), every new row announced once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import func, insert, select

from talenttui.server.models import Event, Match, Profile, Role, User
from talenttui.server.skillsync.matching import recompute
from tests.conftest import Live
from tests.server.skillsync_people import (
    CANDIDATE_PROFILE,
    COMPANY_PROFILE,
    person,
    put_profile,
)

CANDIDATES = 600


def _many_candidates(live: Live, count: int) -> list[int]:
    now = datetime.now(UTC)
    with live.db() as session:
        ids = list(
            session.scalars(
                insert(User).returning(User.id, sort_by_parameter_order=True),
                [{"email": f"cand{n}@example.com", "created_at": now} for n in range(count)],
            )
        )
        session.execute(
            insert(Profile),
            [
                {
                    "user_id": uid,
                    "kind": "candidate",
                    "name": f"Candidate {uid}",
                    "title": CANDIDATE_PROFILE["title"],
                    "location": CANDIDATE_PROFILE["location"],
                    "remote_work": True,
                    "experience_years": 4,
                    "skills": CANDIDATE_PROFILE["skills"],
                    "preferences": CANDIDATE_PROFILE["preferences"],
                    "created_at": now,
                    "updated_at": now,
                }
                for uid in ids
            ],
        )
        session.commit()
    return ids


def test_a_big_rescore_is_stored_in_batches_and_each_new_row_announced(
    live: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    _many_candidates(live, CANDIDATES)
    company = person(live, role=Role.RECRUITER, plan="custom")
    batches: list[int] = []
    store = recompute._store_batch

    async def counted(ctx: Any, user_id: int, pairs: Any, now: datetime) -> tuple[int, float]:
        batches.append(len(pairs))
        return await store(ctx, user_id, pairs, now)

    monkeypatch.setattr(recompute, "_store_batch", counted)
    writes_meanwhile: list[int] = []
    done = threading.Event()

    def other_writer() -> None:  # keeps writing while the re-score runs
        sender = person(live)
        while not done.is_set():
            resp = httpx.post(
                f"{live.url}/v1/auth/api-keys",
                json={"name": "meanwhile", "scopes": ["matches:read"]},
                headers=sender.headers,
                timeout=30,
            )
            writes_meanwhile.append(resp.status_code)

    writer = threading.Thread(target=other_writer)
    writer.start()
    try:
        put_profile(live, company, COMPANY_PROFILE)
    finally:
        done.set()
        writer.join()
    assert sum(batches) == CANDIDATES and len(batches) > 1, batches
    assert writes_meanwhile and set(writes_meanwhile) == {201}
    with live.db() as session:
        rows = session.scalar(select(func.count()).select_from(Match))
        created = session.scalar(select(func.count()).where(Event.event == "match.created"))
        mine = session.scalar(
            select(func.count()).where(Event.user_id == company.id, Event.event == "match.created")
        )
    assert rows == 2 * CANDIDATES and created == rows and mine == CANDIDATES
    with live.db() as session:
        seqs = list(
            session.scalars(
                select(Event.seq).where(Event.user_id == company.id).order_by(Event.seq)
            )
        )
    assert seqs == list(range(1, len(seqs) + 1))
