"""Our extensions to /v1/matches over real HTTP: the feed's per-status `counts`, and `reset`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from talenttui.server.models import Match, MatchAction, Message, Role
from tests.conftest import Live
from tests.server.skillsync_people import (
    CANDIDATE_PROFILE,
    COMPANY_PROFILE,
    Person,
    db,
    events_of,
    module_server,
    person,
    put_profile,
)

STATUSES = ("new", "saved", "accepted", "rejected")


def _company(name: str, skills: list[str], level: str) -> dict[str, Any]:
    return {
        **COMPANY_PROFILE,
        "name": name,
        "required_skills": [
            {"name": s, "importance": 1.0, "min_level": "beginner", "min_years": 0} for s in skills
        ],
        "role": {**COMPANY_PROFILE["role"], "experience_level": level},
    }


COMPANIES = [
    _company("Stack One", ["React", "Node.js", "TypeScript"], "mid"),
    _company("Stack Two", ["React", "TypeScript"], "mid"),
    _company("Stack Three", ["Node.js"], "senior"),
    _company("Stack Four", ["React"], "mid"),
    _company("Half Match", ["React", "Go", "Rust", "Elixir"], "lead"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with module_server(tmp_path_factory.mktemp("match-extensions")) as live:
        yield live


def _candidate_with_matches(live: Live) -> Person:
    """A fresh candidate matched with every company above (created anew for each test)."""
    for profile in COMPANIES:
        put_profile(live, person(live, role=Role.RECRUITER, name=profile["name"]), profile)
    candidate = person(live, name="Sam Carter")
    put_profile(live, candidate, CANDIDATE_PROFILE)
    return candidate


def _feed(live: Live, who: Person, **params: Any) -> dict[str, Any]:
    resp = live.client.get("/v1/matches/me", params={"limit": 100, **params}, headers=who.headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()["data"]
    return data


def _act(live: Live, who: Person, match_id: str, action: str, **body: Any) -> httpx.Response:
    return live.client.post(
        f"/v1/matches/{match_id}/action", json={"action": action, **body}, headers=who.headers
    )


def _status(live: Live, who: Person, match_id: str) -> str:
    resp = live.client.get(f"/v1/matches/{match_id}", headers=who.headers)
    assert resp.status_code == 200, resp.text
    return str(resp.json()["data"]["status"])


def test_counts_are_the_feed_totals_per_status_under_the_other_filters(server: Live) -> None:
    candidate = _candidate_with_matches(server)
    ids = [m["id"] for m in _feed(server, candidate, min_score=0)["matches"]]
    assert len(ids) >= 4
    for match_id, action in zip(ids, ("save", "save", "accept", "reject"), strict=False):
        assert _act(server, candidate, match_id, action).status_code == 201

    expected = {"new": len(ids) - 4, "saved": 2, "accepted": 1, "rejected": 1}
    for status in STATUSES:
        total = _feed(server, candidate, status=status, min_score=0)["pagination"]["total"]
        assert total == expected[status], status
    with db(server) as session:
        stored = session.scalar(
            select(func.count()).select_from(Match).where(Match.user_id == candidate.id)
        )
    assert sum(expected.values()) == stored
    for filters in ({"min_score": 0}, {"min_score": 0, "status": "saved", "page": 5}):
        assert _feed(server, candidate, **filters)["counts"] == expected, filters

    for filters in (
        {},
        {"min_score": 70},
        {"min_score": 0, "skills[]": "Node.js"},
        {"min_score": 0, "experience_level": "senior"},
        {"min_score": 99, "skills[]": "Elixir"},
    ):
        counts = _feed(server, candidate, **filters)["counts"]
        for status in STATUSES:
            listed = _feed(server, candidate, **filters, status=status)["pagination"]["total"]
            assert counts[status] == listed, (filters, status)
        unfiltered = _feed(server, candidate, **filters)["pagination"]["total"]
        assert counts["new"] + counts["saved"] + counts["accepted"] == unfiltered, filters
    assert _feed(server, candidate, min_score=99, **{"skills[]": "Elixir"})["counts"] == (
        dict.fromkeys(STATUSES, 0)
    )


def test_counts_are_zero_for_a_user_without_matches(server: Live) -> None:
    loner = person(server, name="No Matches")
    data = _feed(server, loner)
    assert data["counts"] == dict.fromkeys(STATUSES, 0)
    assert data["pagination"]["total"] == 0


def test_counts_are_the_users_own(server: Live) -> None:
    candidate = _candidate_with_matches(server)
    company = person(server, role=Role.RECRUITER, name="Own Counts")
    put_profile(server, company, COMPANIES[0])
    before = _feed(server, candidate)["counts"]
    [theirs] = [
        m for m in _feed(server, company, min_score=0)["matches"]
        if m["user_id"] == candidate.public_id
    ]  # fmt: skip
    assert _act(server, company, theirs["id"], "accept").status_code == 201
    assert _feed(server, company)["counts"]["accepted"] == 1
    assert _feed(server, candidate)["counts"] == before
    assert before["accepted"] == 0


@pytest.mark.parametrize(("action", "status"), [("save", "saved"), ("reject", "rejected")])
def test_reset_puts_a_saved_or_rejected_match_back_to_new(
    server: Live, action: str, status: str
) -> None:
    candidate = _candidate_with_matches(server)
    match_id = _feed(server, candidate)["matches"][0]["id"]
    before = _feed(server, candidate)["counts"]
    assert _act(server, candidate, match_id, action).status_code == 201
    moved = _feed(server, candidate)["counts"]
    assert moved == {**before, "new": before["new"] - 1, status: before[status] + 1}

    reset = _act(server, candidate, match_id, "reset")
    assert reset.status_code == 201, reset.text
    data = reset.json()["data"]
    assert (data["match_id"], data["action"], data["status"]) == (match_id, "reset", "new")
    assert data["action_id"].startswith("action_") and data["next_steps"]
    assert _status(server, candidate, match_id) == "new"
    assert _feed(server, candidate)["counts"] == before
    assert match_id in [m["id"] for m in _feed(server, candidate, status="new")["matches"]]
    with db(server) as session:
        rows = session.execute(
            select(MatchAction.action, MatchAction.status)
            .where(MatchAction.user_id == candidate.id)
            .order_by(MatchAction.id)
        ).all()
    assert [tuple(r) for r in rows] == [(action, status), ("reset", "new")]


def test_reset_after_accept_keeps_the_conversation_and_its_message(server: Live) -> None:
    candidate = _candidate_with_matches(server)
    match_id = _feed(server, candidate)["matches"][0]["id"]
    accepted = _act(server, candidate, match_id, "accept", message="Hello!")
    assert accepted.status_code == 201
    conversation = accepted.json()["data"]["conversation_id"]
    events_before = len(events_of(server, candidate))

    reset = _act(server, candidate, match_id, "reset")
    assert reset.status_code == 201 and reset.json()["data"]["status"] == "new"
    assert reset.json()["data"]["conversation_id"] is None
    assert _status(server, candidate, match_id) == "new"
    assert _feed(server, candidate)["counts"]["accepted"] == 0
    assert len(events_of(server, candidate)) == events_before

    listed = server.client.get(
        f"/v1/messages/conversations/{conversation}", headers=candidate.headers
    )
    assert listed.status_code == 200, listed.text
    with db(server) as session:
        texts = list(session.scalars(select(Message.body).where(Message.sender_id == candidate.id)))
    assert texts == ["Hello!"]

    again = _act(server, candidate, match_id, "accept")
    assert again.status_code == 201
    assert again.json()["data"]["conversation_id"] == conversation
    assert _status(server, candidate, match_id) == "accepted"


def test_repeating_a_reset_returns_the_first_result(server: Live) -> None:
    candidate = _candidate_with_matches(server)
    match_id = _feed(server, candidate)["matches"][0]["id"]
    assert _act(server, candidate, match_id, "save").status_code == 201
    first = _act(server, candidate, match_id, "reset")
    again = _act(server, candidate, match_id, "reset")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["data"] == first.json()["data"]
    with db(server) as session:
        resets = session.scalar(
            select(func.count())
            .select_from(MatchAction)
            .where(MatchAction.user_id == candidate.id, MatchAction.action == "reset")
        )
    assert resets == 1


def test_unknown_action_is_422_naming_the_field_and_listing_reset(server: Live) -> None:
    candidate = _candidate_with_matches(server)
    match_id = _feed(server, candidate)["matches"][0]["id"]
    for action in ("undo", "RESET", ""):
        resp = _act(server, candidate, match_id, action)
        assert resp.status_code == 422, resp.text
        details = resp.json()["error"]["details"]
        assert details["field"] == "action"
        assert "'reset'" in details["expected"]
    assert _status(server, candidate, match_id) == "new"
