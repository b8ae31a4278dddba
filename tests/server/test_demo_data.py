"""Demo data: the reference's examples, enough volume, identical on every machine, scalable."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import FakeClock, Live


def _rows(data_dir: Path, query: str) -> list[tuple[Any, ...]]:
    db = sqlite3.connect(data_dir / "talenttui.db")
    try:
        return list(db.execute(query))
    finally:
        db.close()


def _fingerprint(data_dir: Path) -> str:
    digest = hashlib.sha256()
    for query in (
        "SELECT id, org_id, name, status, skill, location, link_token, start_date FROM campaigns ORDER BY id",
        "SELECT id, campaign_id, candidate_email, status, overall_decision, job_stability_score, invited_at FROM interviews ORDER BY id",
        "SELECT id, name, plan FROM organizations ORDER BY id",
        "SELECT public_id, email, role_id, org_id FROM users ORDER BY email",
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
    assert all(str(end).startswith("2027-12-31") for end in ends)


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
