"""Demo data: the reference's examples, enough volume, identical on every machine but for
its dates, which follow the time it was seeded; scalable."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Executable, func, select

from talenttui.server.demo.constants import ANCHOR, RUNS_UNTIL
from talenttui.server.models import (
    Campaign,
    Conversation,
    Interview,
    Match,
    Message,
    Organization,
    User,
)
from tests.conftest import FakeClock, Live
from tests.server.demo_time import seeded_at


def _rows(live: Live, query: Executable) -> list[tuple[Any, ...]]:
    with live.db() as session:
        return [tuple(row) for row in session.execute(query)]


def _count(live: Live, model: Any) -> int:
    return int(_rows(live, select(func.count()).select_from(model))[0][0])


def _relative(rows: list[tuple[Any, ...]], seeded: datetime) -> list[tuple[Any, ...]]:
    """Dates as whole seconds after the seeding: what two seeds made apart must share."""
    return [
        tuple(round((v - seeded).total_seconds()) if isinstance(v, datetime) else v for v in row)
        for row in rows
    ]


def _fingerprint(live: Live) -> str:
    digest = hashlib.sha256()
    seeded = seeded_at(live)
    c, i, o, u, m, msg = Campaign, Interview, Organization, User, Match, Message
    for query in (
        select(c.id, c.org_id, c.name, c.status, c.skill, c.location, c.link_token, c.start_date, c.end_date).order_by(c.id),
        select(i.id, i.campaign_id, i.candidate_email, i.status, i.overall_decision, i.job_stability_score, i.invited_at, i.completed_at).order_by(i.id),
        select(o.id, o.name, o.plan).order_by(o.id),
        select(u.public_id, u.email, u.role_id, u.org_id, u.created_at).order_by(u.email),
        select(m.public_id, m.score, m.status, m.expires_at).order_by(m.public_id),
        select(msg.public_id, msg.created_at).order_by(msg.public_id),
    ):  # fmt: skip
        digest.update(repr(_relative(_rows(live, query), seeded)).encode())
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
    runs_until = RUNS_UNTIL + (seeded_at(live) - ANCHOR)
    assert all(f"{end:%Y-%m-%d %H:%M}" == f"{runs_until:%Y-%m-%d %H:%M}" for end in ends)


def _dates(live: Live, query: Executable) -> list[datetime]:
    return [value for (value,) in _rows(live, query) if value is not None]


def test_the_demo_is_dated_from_when_it_was_seeded(demo_live: Live) -> None:
    """Matches expire in the days ahead, conversations are recent, interviews ran last week
    (every match showed "expired 26 Jan 2025", the reference's dates)."""
    live = demo_live
    seeded = seeded_at(live)
    # against the server's start, not this test's: a session's demo server may have been
    # seeded well before the test runs (it failed when a run crossed the hour's 42nd minute)
    started = datetime.fromtimestamp(live.started_at, UTC)
    assert started - timedelta(hours=1) < seeded <= started + timedelta(minutes=1)
    assert seeded.minute == ANCHOR.minute, "whole hours after the reference's 10:42"
    expiries = _dates(live, select(Match.expires_at))
    assert min(expiries) >= seeded + timedelta(hours=23)
    assert max(expiries) <= seeded + timedelta(days=7)
    messages = _dates(live, select(Message.created_at))
    assert seeded - timedelta(days=31) <= min(messages) and max(messages) <= seeded
    sarah_and_jane = _dates(
        live,
        select(Message.created_at)
        .join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.public_id.like("conv_demo%01042")),
    )
    assert sarah_and_jane and min(sarah_and_jane) >= seeded - timedelta(days=3)
    invited = _dates(live, select(Interview.invited_at))
    completed = _dates(live, select(Interview.completed_at))
    assert seeded - timedelta(days=14) <= min(invited) and max(invited) <= seeded
    assert completed and max(completed) <= seeded - timedelta(days=1)
    assert min(completed) >= seeded - timedelta(days=14)
    starts = _dates(live, select(Campaign.start_date))
    assert max(starts) <= seeded - timedelta(days=20)


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
