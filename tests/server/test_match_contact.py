"""Our extensions on a match: the other party's email once the recruiter has accepted
(never before, never to anyone else), the feed filtered by that email, and the reason
of a rejection from the action's metadata."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from talenttui.server.models import Role
from tests.conftest import Live
from tests.server.skillsync_people import (
    Person,
    matched_pair,
    module_server,
    only_match,
    person,
)


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    """A server per test: each pair must be the only people who match."""
    with module_server(tmp_path) as server:
        yield server


def _act(live: Live, who: Person, match_id: str, action: str, **extra: Any) -> None:
    resp = live.client.post(
        f"/v1/matches/{match_id}/action", json={"action": action, **extra}, headers=who.headers
    )
    assert resp.status_code in (200, 201), resp.text


def _detail(live: Live, who: Person, match_id: str) -> dict[str, Any]:
    resp = live.client.get(f"/v1/matches/{match_id}", headers=who.headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()["data"]
    return data


def test_no_email_before_the_recruiters_accept(live: Live) -> None:
    candidate, company = matched_pair(live)
    theirs, mine = only_match(live, candidate), only_match(live, company)
    assert "contact_email" not in mine and "contact_email" not in theirs
    _act(live, company, mine["id"], "save")
    _act(live, candidate, theirs["id"], "accept")
    assert "contact_email" not in only_match(live, company)
    assert "contact_email" not in only_match(live, candidate)
    assert "contact_email" not in _detail(live, company, mine["id"])
    assert "contact_email" not in _detail(live, candidate, theirs["id"])


def test_the_recruiters_accept_reveals_both_emails_to_both_only(live: Live) -> None:
    candidate, company = matched_pair(live)
    theirs, mine = only_match(live, candidate), only_match(live, company)
    _act(live, company, mine["id"], "accept")
    assert only_match(live, company)["contact_email"] == candidate.email
    assert _detail(live, company, mine["id"])["contact_email"] == candidate.email
    assert only_match(live, candidate)["contact_email"] == company.email
    assert _detail(live, candidate, theirs["id"])["contact_email"] == company.email

    stranger = person(live, role=Role.RECRUITER, name="Other Org")
    for who in (stranger, person(live, name="Nosy Candidate")):
        for match_id in (mine["id"], theirs["id"]):
            resp = live.client.get(f"/v1/matches/{match_id}", headers=who.headers)
            assert resp.status_code == 404 and candidate.email not in resp.text
        resp = live.client.get(
            "/v1/matches/me", params={"contact_email": candidate.email}, headers=who.headers
        )
        assert resp.status_code == 200 and resp.json()["data"]["matches"] == []

    _act(live, company, mine["id"], "reset")
    assert "contact_email" not in only_match(live, company)
    assert "contact_email" not in only_match(live, candidate)


def test_the_feed_finds_a_match_by_its_revealed_email(live: Live) -> None:
    candidate, company = matched_pair(live)
    mine = only_match(live, company)
    params: dict[str, str | int] = {"contact_email": candidate.email.upper(), "min_score": 0}
    found = live.client.get("/v1/matches/me", params=params, headers=company.headers)
    assert found.json()["data"]["matches"] == []
    _act(live, company, mine["id"], "accept")
    found = live.client.get(
        "/v1/matches/me", params={**params, "status": "accepted"}, headers=company.headers
    )
    assert [m["id"] for m in found.json()["data"]["matches"]] == [mine["id"]]


def test_a_reject_reason_from_metadata_shows_on_the_rejected_match(live: Live) -> None:
    candidate, company = matched_pair(live)
    mine = only_match(live, company)
    _act(live, company, mine["id"], "reject", metadata={"reason": "Salary too high"})
    rejected = live.client.get(
        "/v1/matches/me", params={"status": "rejected", "min_score": 0}, headers=company.headers
    ).json()["data"]["matches"]
    assert [(m["id"], m["reject_reason"]) for m in rejected] == [(mine["id"], "Salary too high")]
    assert _detail(live, company, mine["id"])["reject_reason"] == "Salary too high"
    assert "reject_reason" not in only_match(live, candidate)
    _act(live, company, mine["id"], "reset")
    _act(live, company, mine["id"], "reject")
    assert "reject_reason" not in _detail(live, company, mine["id"])
