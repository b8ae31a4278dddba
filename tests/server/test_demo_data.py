"""Demo data: the reference's examples, enough volume, identical on every machine but for
its dates, which follow the time it was seeded; scalable."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from talenttui.server.demo.constants import ANCHOR, RUNS_UNTIL
from tests.conftest import FakeClock, Live
from tests.server.demo_time import seeded_at


def _rows(data_dir: Path, query: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(data_dir / "talenttui.db")
    try:
        return list(db.execute(query))
    finally:
        db.close()


SEEDED = "(SELECT julianday(created_at) FROM organizations WHERE id = 88)"


def _since_seeding(column: str) -> str:
    """A date column as seconds after the seeding: what two seeds made apart must share."""
    return f"CAST(ROUND((julianday({column}) - {SEEDED}) * 86400) AS INTEGER)"


def _fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for query in (
        "SELECT id, org_id, name, status, skill, location, link_token,"
        f" {_since_seeding('start_date')}, {_since_seeding('end_date')} FROM campaigns ORDER BY id",
        "SELECT id, campaign_id, candidate_email, status, overall_decision, job_stability_score,"
        f" {_since_seeding('invited_at')}, {_since_seeding('completed_at')}"
        " FROM interviews ORDER BY id",
        "SELECT id, name, plan FROM organizations ORDER BY id",
        f"SELECT public_id, email, role_id, org_id, {_since_seeding('created_at')}"
        " FROM users ORDER BY email",
        f"SELECT public_id, score, status, {_since_seeding('expires_at')} FROM matches"
        " ORDER BY public_id",
        f"SELECT public_id, {_since_seeding('created_at')} FROM messages ORDER BY public_id",
    ):
        digest.update(repr(_rows(data_dir, query)).encode())
    return digest.hexdigest()


def test_volume_and_variety(demo_live: Live) -> None:
    data_dir = demo_live.settings.data_dir
    (campaigns,) = _rows(data_dir, "SELECT COUNT(*) FROM campaigns")[0]
    (interviews,) = _rows(data_dir, "SELECT COUNT(*) FROM interviews")[0]
    assert campaigns >= 10 and interviews >= 500
    states = {s for (s,) in _rows(data_dir, "SELECT DISTINCT status FROM interviews")}
    assert {"invited", "in_progress", "completed", "expired"} <= states
    orgs = {o for (o,) in _rows(data_dir, "SELECT DISTINCT org_id FROM interviews")}
    assert len(orgs) >= 2
    plans = {p for (p,) in _rows(data_dir, "SELECT DISTINCT plan FROM organizations")}
    assert {"free", "pro", "enterprise", "custom"} <= plans
    jane = _rows(
        data_dir,
        "SELECT id, public_id, role_id, org_id FROM users WHERE email = 'jane.doe@acme.example'",
    )
    assert jane == [(1042, "user_456", 2, 88)]


def test_reference_examples_and_a_recruiter_per_plan(demo_live: Live) -> None:
    data_dir = demo_live.settings.data_dir
    assert _rows(
        data_dir, "SELECT id, name, plan FROM organizations WHERE id BETWEEN 88 AND 91"
    ) == [
        (88, "Acme Corp", "enterprise"),
        (89, "Globex Corporation", "free"),
        (90, "Initech", "pro"),
        (91, "Umbrella Labs", "custom"),
    ]
    recruiters = _rows(
        data_dir, "SELECT DISTINCT org_id FROM users WHERE role_id = 2 AND org_id BETWEEN 88 AND 91"
    )
    assert sorted(o for (o,) in recruiters) == [88, 89, 90, 91]
    assert _rows(
        data_dir,
        "SELECT id, name, skill, location, org_id, created_by, status FROM campaigns WHERE id = 22554",
    ) == [(22554, "Dotnet AI walk-in", "dotnet", "Chennai", 88, 1042, "active")]
    names = _rows(data_dir, "SELECT name FROM campaigns WHERE id IN (22553, 22552) ORDER BY id")
    assert names == [("Java AI walk-in",), ("Angular AI walk-in",)]
    assert _rows(
        data_dir, "SELECT campaign_id, status, overall_decision FROM interviews WHERE id = 5012"
    ) == [(22554, "completed", "shortlisted")]
    ends = _rows(data_dir, "SELECT MIN(end_date), MIN(job_expiry_date) FROM campaigns")[0]
    runs_until = RUNS_UNTIL + (seeded_at(demo_live) - ANCHOR)
    assert all(str(end).startswith(f"{runs_until:%Y-%m-%d %H:%M}") for end in ends)


def _dates(data_dir: Path, query: str) -> list[datetime]:
    return [
        datetime.fromisoformat(str(value)).replace(tzinfo=UTC)
        for (value,) in _rows(data_dir, query)
        if value is not None
    ]


def test_the_demo_is_dated_from_when_it_was_seeded(demo_live: Live) -> None:
    """Matches expire in the days ahead, conversations are recent, interviews ran last week
    (every match showed "expired 26 Jan 2025", the reference's dates)."""
    data_dir = demo_live.settings.data_dir
    seeded = seeded_at(demo_live)
    now = datetime.fromtimestamp(time.time(), UTC)
    assert now - timedelta(hours=1) < seeded <= now + timedelta(minutes=1)
    assert seeded.minute == ANCHOR.minute, "whole hours after the reference's 10:42"
    expiries = _dates(data_dir, "SELECT expires_at FROM matches")
    assert min(expiries) >= seeded + timedelta(hours=23)
    assert max(expiries) <= seeded + timedelta(days=7)
    messages = _dates(data_dir, "SELECT created_at FROM messages")
    assert seeded - timedelta(days=31) <= min(messages) and max(messages) <= seeded
    sarah_and_jane = _dates(
        data_dir,
        "SELECT m.created_at FROM messages m JOIN conversations c ON c.id = m.conversation_id"
        " WHERE c.public_id LIKE 'conv_demo%01042'",
    )
    assert sarah_and_jane and min(sarah_and_jane) >= seeded - timedelta(days=3)
    invited = _dates(data_dir, "SELECT invited_at FROM interviews")
    completed = _dates(data_dir, "SELECT completed_at FROM interviews")
    assert seeded - timedelta(days=14) <= min(invited) and max(invited) <= seeded
    assert completed and max(completed) <= seeded - timedelta(days=1)
    assert min(completed) >= seeded - timedelta(days=14)
    starts = _dates(data_dir, "SELECT start_date FROM campaigns")
    assert max(starts) <= seeded - timedelta(days=20)


def test_seed_is_deterministic_and_scales(start_server: Any, tmp_path: Path) -> None:
    first = start_server(demo=True, data_dir=tmp_path / "a")
    years_later = FakeClock()
    years_later.advance(3 * 365 * 86400)
    second = start_server(demo=True, data_dir=tmp_path / "b", clock=years_later)
    assert _fingerprint(first.settings.data_dir) == _fingerprint(second.settings.data_dir)
    bigger = start_server(demo=True, demo_size=2, data_dir=tmp_path / "c")
    (base,) = _rows(first.settings.data_dir, "SELECT COUNT(*) FROM interviews")[0]
    (double,) = _rows(bigger.settings.data_dir, "SELECT COUNT(*) FROM interviews")[0]
    assert double >= 2 * base - 1


def test_seeding_twice_changes_nothing(start_server: Any, tmp_path: Path) -> None:
    live = start_server(demo=True, data_dir=tmp_path / "once")
    before = _fingerprint(live.settings.data_dir)
    live.restart()
    assert _fingerprint(live.settings.data_dir) == before
