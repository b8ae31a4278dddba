"""Demo data: the reference's examples, enough volume, identical on every machine, scalable."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import Select, func, select

from talenttui.server.models import Campaign, Interview, Organization, User
from tests.conftest import FakeClock, Live


def _rows(live: Live, query: Select[Any]) -> list[tuple[Any, ...]]:
    with live.db() as session:
        return [tuple(row) for row in session.execute(query)]


def _count(live: Live, model: Any) -> int:
    return int(_rows(live, select(func.count()).select_from(model))[0][0])


def _fingerprint(live: Live) -> str:
    digest = hashlib.sha256()
    c, i, o, u = Campaign, Interview, Organization, User
    for query in (
        select(c.id, c.org_id, c.name, c.status, c.skill, c.location, c.link_token, c.start_date).order_by(c.id),
        select(i.id, i.campaign_id, i.candidate_email, i.status, i.overall_decision, i.job_stability_score, i.invited_at).order_by(i.id),
        select(o.id, o.name, o.plan).order_by(o.id),
        select(u.public_id, u.email, u.role_id, u.org_id).order_by(u.email),
    ):  # fmt: skip
        digest.update(repr(_rows(live, query)).encode())
    return digest.hexdigest()


def test_volume_and_variety(demo_live: Live) -> None:
    live = demo_live
    assert _count(live, Campaign) >= 10 and _count(live, Interview) >= 500
    states = {s for (s,) in _rows(live, select(Interview.status).distinct())}
    assert {"invited", "in_progress", "completed", "expired"} <= states
    orgs = {o for (o,) in _rows(live, select(Interview.org_id).distinct())}
    assert len(orgs) >= 2
    plans = {p for (p,) in _rows(live, select(Organization.plan).distinct())}
    assert {"free", "pro", "enterprise", "custom"} <= plans
    jane = _rows(
        live,
        select(User.id, User.public_id, User.role_id, User.org_id).where(
            User.email == "jane.doe@acme.example"
        ),
    )
    assert jane == [(1042, "user_456", 2, 88)]


def test_reference_examples_and_a_recruiter_per_plan(demo_live: Live) -> None:
    live = demo_live
    orgs = select(Organization.id, Organization.name, Organization.plan)
    assert _rows(live, orgs.where(Organization.id.between(88, 91)).order_by(Organization.id)) == [
        (88, "Acme Corp", "enterprise"),
        (89, "Globex Corporation", "free"),
        (90, "Initech", "pro"),
        (91, "Umbrella Labs", "custom"),
    ]
    recruiters = _rows(
        live, select(User.org_id).distinct().where(User.role_id == 2, User.org_id.between(88, 91))
    )
    assert sorted(o for (o,) in recruiters) == [88, 89, 90, 91]
    c = Campaign
    assert _rows(
        live,
        select(c.id, c.name, c.skill, c.location, c.org_id, c.created_by, c.status).where(
            c.id == 22554
        ),
    ) == [(22554, "Dotnet AI walk-in", "dotnet", "Chennai", 88, 1042, "active")]
    names = _rows(live, select(c.name).where(c.id.in_([22553, 22552])).order_by(c.id))
    assert names == [("Java AI walk-in",), ("Angular AI walk-in",)]
    i = Interview
    assert _rows(live, select(i.campaign_id, i.status, i.overall_decision).where(i.id == 5012)) == [
        (22554, "completed", "shortlisted")
    ]
    ends = _rows(live, select(func.min(c.end_date), func.min(c.job_expiry_date)))[0]
    assert all(end.isoformat().startswith("2027-12-31") for end in ends)


def test_seed_is_deterministic_and_scales(start_server: Any, tmp_path: Path) -> None:
    first = start_server(demo=True, data_dir=tmp_path / "a")
    years_later = FakeClock()
    years_later.advance(3 * 365 * 86400)
    second = start_server(demo=True, data_dir=tmp_path / "b", clock=years_later)
    assert _fingerprint(first) == _fingerprint(second)
    bigger = start_server(demo=True, demo_size=2, data_dir=tmp_path / "c")
    assert _count(bigger, Interview) >= 2 * _count(first, Interview) - 1


def test_seeding_twice_changes_nothing(start_server: Any, tmp_path: Path) -> None:
    live = start_server(demo=True, data_dir=tmp_path / "once")
    before = _fingerprint(live)
    live.restart()
    assert _fingerprint(live) == before
