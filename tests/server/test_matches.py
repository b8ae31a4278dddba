"""/v1/matches over real HTTP: the feed's filters and paging, one match, actions and their events."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import insert, select, text

from talenttui.server.models import Match, MatchAction, Role, User
from talenttui.server.skillsync.matches.contacts import Viewer
from talenttui.server.skillsync.matches.schemas import MatchQuery
from talenttui.server.skillsync.matches.service import feed_statement
from tests.conftest import Live
from tests.server.skillsync_people import (
    CANDIDATE_PROFILE,
    COMPANY_PROFILE,
    Person,
    db,
    events_of,
    matched_pair,
    module_server,
    person,
    put_profile,
)


def _company(
    name: str, location: str, remote: bool, level: str, skills: list[str]
) -> dict[str, Any]:
    return {
        **COMPANY_PROFILE,
        "name": name,
        "location": location,
        "remote_work": remote,
        "required_skills": [
            {"name": s, "importance": 1.0, "min_level": "beginner", "min_years": 0} for s in skills
        ],
        "role": {
            **COMPANY_PROFILE["role"],
            "experience_level": level,
            "remote": remote,
            "location": location,
        },
    }


COMPANIES = {
    "Remote React": _company("Remote React", "Remote", True, "mid", ["React", "Node.js"]),
    "Berlin Stack": _company("Berlin Stack", "Berlin, Germany", False, "mid", ["React", "TypeScript"]),
    "Berlin Senior": _company("Berlin Senior", "Berlin, Germany", False, "senior", ["React", "Node.js", "TypeScript"]),
    "Remote Node": _company("Remote Node", "Remote", True, "senior", ["Node.js", "TypeScript"]),
    "Paris Front": _company("Paris Front", "Paris, France", False, "mid", ["React"]),
}  # fmt: skip


class Feed:
    def __init__(self, live: Live) -> None:
        self.live = live
        self.companies: dict[str, Person] = {}
        for name, profile in COMPANIES.items():
            recruiter = person(live, role=Role.RECRUITER, name=name)
            put_profile(live, recruiter, profile)
            self.companies[name] = recruiter
        self.candidate = person(live, name="Sam Carter")
        put_profile(live, self.candidate, {**CANDIDATE_PROFILE, "location": "Berlin, Germany"})
        self.by_user = {p.public_id: name for name, p in self.companies.items()}

    def get(self, **params: Any) -> httpx.Response:
        return self.live.client.get("/v1/matches/me", params=params, headers=self.candidate.headers)

    def names(self, **params: Any) -> list[str]:
        resp = self.get(**params)
        assert resp.status_code == 200, resp.text
        return [self.by_user[m["user_id"]] for m in resp.json()["data"]["matches"]]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Feed]:
    with module_server(tmp_path_factory.mktemp("matches")) as server:
        yield Feed(server)


@pytest.fixture(scope="module")
def shared(feed: Feed) -> Live:
    return feed.live


def _match_between(live: Live, owner: Person, other: Person) -> dict[str, Any]:
    resp = live.client.get(
        "/v1/matches/me", params={"min_score": 0, "limit": 100}, headers=owner.headers
    )
    assert resp.status_code == 200, resp.text
    [match] = [m for m in resp.json()["data"]["matches"] if m["user_id"] == other.public_id]
    return match


def _act(live: Live, who: Person, match_id: str, **body: Any) -> httpx.Response:
    return live.client.post(f"/v1/matches/{match_id}/action", json=body, headers=who.headers)


def test_feed_is_sorted_and_shaped_like_the_reference(feed: Feed) -> None:
    resp = feed.get(min_score=0)
    data = resp.json()["data"]
    matches = data["matches"]
    assert len(matches) == len(COMPANIES)
    keys = [(-m["match_score"], m["id"]) for m in matches]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    first = matches[0]
    assert first["id"].startswith("match_") and first["user_id"].startswith("user_")
    assert set(first) >= {
        "id", "user_id", "profile", "match_score", "match_reasons", "skills_matched",
        "compatibility_scores", "created_at", "expires_at", "status",
    }  # fmt: skip
    assert set(first["profile"]) >= {"name", "type", "logo", "location", "company_size", "industry"}
    assert set(first["compatibility_scores"]) == {"technical", "cultural", "experience"}
    assert all(set(s) == {"skill", "weight"} for s in first["skills_matched"])
    created = datetime.fromisoformat(first["created_at"])
    assert datetime.fromisoformat(first["expires_at"]) - created == timedelta(days=7)
    assert data["filters_applied"] == {"min_score": 0}
    assert data["pagination"] == {
        "total": len(COMPANIES),
        "page": 1,
        "per_page": 20,
        "total_pages": 1,
    }


def test_default_min_score_is_60(feed: Feed) -> None:
    resp = feed.get()
    data = resp.json()["data"]
    assert all(m["match_score"] >= 60 for m in data["matches"])
    assert data["filters_applied"] == {}
    every = feed.get(min_score=0).json()["data"]["matches"]
    assert len(data["matches"]) == len([m for m in every if m["match_score"] >= 60])


def test_pages_cover_the_feed_without_gaps_or_repeats(feed: Feed) -> None:
    everything = feed.names(min_score=0)
    seen: list[str] = []
    for page in (1, 2, 3):
        resp = feed.get(min_score=0, limit=2, page=page)
        pagination = resp.json()["data"]["pagination"]
        assert pagination == {
            "total": len(COMPANIES),
            "page": page,
            "per_page": 2,
            "total_pages": math.ceil(len(COMPANIES) / 2),
        }
        seen += [feed.by_user[m["user_id"]] for m in resp.json()["data"]["matches"]]
    assert seen == everything
    assert feed.get(min_score=0, limit=2, page=9).json()["data"]["matches"] == []


def test_skills_filter_in_every_spelling(feed: Feed) -> None:
    wanted = {"Berlin Stack", "Berlin Senior", "Remote Node"}
    assert set(feed.names(min_score=0, **{"skills[]": "TypeScript"})) == wanted
    assert set(feed.names(min_score=0, skills="typescript")) == wanted
    both = feed.get(min_score=0, **{"skills[]": ["React", "TypeScript"]})
    assert {feed.by_user[m["user_id"]] for m in both.json()["data"]["matches"]} == {
        "Berlin Stack",
        "Berlin Senior",
    }
    assert both.json()["data"]["filters_applied"] == {
        "min_score": 0,
        "skills": ["React", "TypeScript"],
    }
    assert set(feed.names(min_score=0, skills="React,TypeScript")) == {
        "Berlin Stack",
        "Berlin Senior",
    }


def test_location_and_experience_filters(feed: Feed) -> None:
    assert set(feed.names(min_score=0, location="remote")) == {"Remote React", "Remote Node"}
    assert set(feed.names(min_score=0, location="berlin")) == {"Berlin Stack", "Berlin Senior"}
    assert set(feed.names(min_score=0, location="France")) == {"Paris Front"}
    assert set(feed.names(min_score=0, experience_level="senior")) == {
        "Berlin Senior",
        "Remote Node",
    }
    resp = feed.get(min_score=0, location="Berlin", experience_level="senior")
    assert resp.json()["data"]["filters_applied"] == {
        "min_score": 0,
        "location": "Berlin",
        "experience_level": "senior",
    }


def test_status_filter_and_rejected_hidden_by_default(shared: Live) -> None:
    candidate, company = matched_pair(shared)
    match_id = _match_between(shared, company, candidate)["id"]

    def statuses(**params: Any) -> set[str]:
        resp = shared.client.get(
            "/v1/matches/me", params={"min_score": 0, **params}, headers=company.headers
        )
        return {m["status"] for m in resp.json()["data"]["matches"] if m["id"] == match_id}

    assert statuses() == statuses(status="new") == {"new"}
    assert _act(shared, company, match_id, action="reject").status_code == 201
    assert statuses() == statuses(status="new") == set()
    assert statuses(status="rejected") == {"rejected"}
    assert _act(shared, company, match_id, action="save").status_code == 201
    assert statuses() == statuses(status="saved") == {"saved"}
    assert statuses(status="rejected") == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"page": 0}, "page"),
        ({"min_score": 101}, "min_score"),
        ({"min_score": -1}, "min_score"),
        ({"experience_level": "guru"}, "experience_level"),
        ({"status": "maybe"}, "status"),
        ({"location": ""}, "location"),
        ({"skills[]": ["x"] * 21}, "skills"),
    ],
)
def test_invalid_parameters_name_the_field(feed: Feed, params: dict[str, Any], field: str) -> None:
    resp = feed.get(**params)
    assert resp.status_code == 422, resp.text
    error = resp.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["field"] == field


def test_only_your_own_feed(feed: Feed) -> None:
    other = feed.companies["Paris Front"]
    for ref in (other.public_id, "user_doesnotexist"):
        resp = feed.live.client.get(f"/v1/matches/{ref}", headers=feed.candidate.headers)
        assert resp.status_code == 403
        assert resp.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"
        assert "Paris" not in resp.text
    mine = feed.live.client.get(
        f"/v1/matches/{feed.candidate.public_id}",
        params={"min_score": 0},
        headers=feed.candidate.headers,
    )
    assert mine.json()["data"]["matches"] == feed.get(min_score=0).json()["data"]["matches"]
    assert feed.live.client.get("/v1/matches/me").json()["error"]["code"] == "INVALID_API_KEY"


def test_one_match_with_insights_for_its_owner_only(feed: Feed) -> None:
    senior = feed.companies["Berlin Senior"]
    mine = _match_between(feed.live, feed.candidate, senior)
    resp = feed.live.client.get(f"/v1/matches/{mine['id']}", headers=feed.candidate.headers)
    assert resp.status_code == 200
    data = resp.json()["data"]
    assert data["id"] == mine["id"] and data["match_score"] == mine["match_score"]
    insights = data["insights"]
    assert insights["score_breakdown"]["overall"] == mine["match_score"]
    assert {"summary", "strengths", "gaps", "talking_points"} <= set(insights)
    assert insights["talking_points"]

    theirs = _match_between(feed.live, senior, feed.candidate)
    for ref in (theirs["id"], "match_doesnotexist"):
        denied = feed.live.client.get(f"/v1/matches/{ref}", headers=feed.candidate.headers)
        assert denied.status_code == 404
        assert denied.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
        assert "Sam" not in denied.text


def test_gaps_name_required_skills_the_candidate_lacks(shared: Live) -> None:
    company = person(shared, role=Role.RECRUITER)
    put_profile(
        shared, company, _company("Gappy", "Remote", True, "mid", ["React", "Node.js", "Elixir"])
    )
    candidate = person(shared)
    put_profile(shared, candidate, CANDIDATE_PROFILE)
    mine = _match_between(shared, candidate, company)
    insights = shared.client.get(f"/v1/matches/{mine['id']}", headers=candidate.headers).json()[
        "data"
    ]["insights"]
    assert any("Elixir" in gap for gap in insights["gaps"])
    assert not any("React" in gap for gap in insights["gaps"])


def test_accept_is_recorded_once_and_repeats_are_idempotent(live: Live) -> None:
    candidate, company = matched_pair(live)
    match = _match_between(live, candidate, company)
    first = _act(
        live,
        candidate,
        match["id"],
        action="accept",
        message="Hello!",
        metadata={"priority": "high"},
    )
    assert first.status_code == 201, first.text
    data = first.json()["data"]
    assert data["action_id"].startswith("action_")
    assert data["match_id"] == match["id"] and data["status"] == "accepted"
    assert data["conversation_id"].startswith("conv_")
    assert data["next_steps"] and all(isinstance(s, str) for s in data["next_steps"])

    again = _act(live, candidate, match["id"], action="accept", message="Hello again!")
    assert again.status_code == 200
    assert again.json()["data"] == data

    with db(live) as session:
        actions = list(
            session.scalars(select(MatchAction).where(MatchAction.user_id == candidate.id))
        )
    assert [(a.action, a.message, a.action_metadata) for a in actions] == [
        ("accept", "Hello!", {"priority": "high"})
    ]
    [mine] = events_of(live, candidate, "match.accepted")
    [theirs] = events_of(live, company, "match.accepted")
    assert mine.data["match_id"] == match["id"]
    assert mine.data["conversation_id"] == theirs.data["conversation_id"] == data["conversation_id"]
    assert theirs.data["accepted_by"] == candidate.public_id
    assert theirs.data["match_id"] == _match_between(live, company, candidate)["id"]
    assert _match_between(live, candidate, company)["status"] == "accepted"


def test_concurrent_accepts_record_one_action(live: Live) -> None:
    candidate, company = matched_pair(live)
    match = _match_between(live, candidate, company)
    results: list[httpx.Response] = []

    def accept() -> None:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            results.append(
                client.post(
                    f"/v1/matches/{match['id']}/action",
                    json={"action": "accept", "message": "Hi"},
                    headers=candidate.headers,
                )
            )

    threads = [threading.Thread(target=accept) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.status_code for r in results) == [200, 200, 200, 201]
    assert len({r.json()["data"]["action_id"] for r in results}) == 1
    assert len(events_of(live, candidate, "match.accepted")) == 1


def test_reject_records_the_reason_and_tells_only_the_rejecter(live: Live) -> None:
    candidate, company = matched_pair(live)
    match = _match_between(live, company, candidate)
    resp = _act(live, company, match["id"], action="reject", message="Looking for more Elixir")
    assert resp.status_code == 201
    data = resp.json()["data"]
    assert data["status"] == "rejected" and data["conversation_id"] is None
    [event] = events_of(live, company, "match.rejected")
    assert event.data["reason"] == "Looking for more Elixir"
    assert event.data["match_id"] == match["id"]
    assert events_of(live, candidate, "match.rejected") == []
    assert _match_between(live, candidate, company)["status"] == "new"


def test_save_then_accept_are_two_actions(live: Live) -> None:
    candidate, company = matched_pair(live)
    match = _match_between(live, candidate, company)
    saved = _act(live, candidate, match["id"], action="save")
    assert saved.status_code == 201 and saved.json()["data"]["status"] == "saved"
    assert saved.json()["data"]["conversation_id"] is None
    assert _act(live, candidate, match["id"], action="save").json()["data"] == saved.json()["data"]
    accepted = _act(live, candidate, match["id"], action="accept")
    assert accepted.status_code == 201
    assert accepted.json()["data"]["action_id"] != saved.json()["data"]["action_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "maybe"}, "action"),
        ({}, "action"),
        ({"action": "accept", "message": ""}, "message"),
        ({"action": "accept", "message": "x" * 5001}, "message"),
        ({"action": "accept", "metadata": "notes"}, "metadata"),
        ({"action": "accept", "colour": "red"}, "colour"),
    ],
)
def test_invalid_action_bodies_name_the_field(
    shared: Live, body: dict[str, Any], field: str
) -> None:
    candidate, company = matched_pair(shared)
    match = _match_between(shared, candidate, company)
    resp = shared.client.post(
        f"/v1/matches/{match['id']}/action", json=body, headers=candidate.headers
    )
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["details"]["field"] == field
    assert {"provided", "expected"} <= set(resp.json()["error"]["details"])
    assert _match_between(shared, candidate, company)["status"] == "new"


def test_action_errors_malformed_json_others_and_unknown_matches(shared: Live) -> None:
    candidate, company = matched_pair(shared)
    theirs = _match_between(shared, company, candidate)
    headers = {**candidate.headers, "Content-Type": "application/json"}
    bad_json = shared.client.post(
        f"/v1/matches/{theirs['id']}/action", content=b"{", headers=headers
    )
    assert bad_json.status_code == 400
    for ref in (theirs["id"], "match_doesnotexist"):
        resp = _act(shared, candidate, ref, action="accept")
        assert resp.status_code == 404
        assert resp.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
    assert _match_between(shared, company, candidate)["status"] == "new"
    no_token = shared.client.post(f"/v1/matches/{theirs['id']}/action", json={"action": "save"})
    assert no_token.status_code == 401 and no_token.json()["error"]["code"] == "INVALID_API_KEY"


def _bulk_matches(live: Live, owner: Person, count: int) -> None:
    """`count` candidates matched to one user, written straight into the database in one go."""
    now = datetime.now(UTC)
    with db(live) as session:
        ids = session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True),
            [
                {
                    "public_id": f"user_bulk{i:08d}",
                    "email": f"bulk{i}@example.com",
                    "first_name": "Bulk",
                    "last_name": "Candidate",
                    "role_id": 1,
                    "created_at": now,
                }
                for i in range(count)
            ],
        ).all()
        session.execute(
            insert(Match),
            [
                {
                    "public_id": f"match_bulk{i:08d}",
                    "pair_key": f"{uid}:{owner.id}",
                    "user_id": owner.id,
                    "matched_user_id": uid,
                    "status": "new",
                    "score": 40 + i % 61,
                    "technical": 50,
                    "cultural": 50,
                    "experience": 50,
                    "match_reasons": [],
                    "skills_matched": [{"skill": "React", "weight": 0.9}],
                    "skills_key": "|react|" if i % 3 else "|go|",
                    "matched_location": "remote",
                    "matched_remote": True,
                    "matched_experience_level": "mid",
                    "created_at": now,
                    "expires_at": now,
                    "updated_at": now,
                }
                for i, uid in enumerate(ids)
            ],
        )
        session.commit()


def _query_plan(live: Live, statement: Any) -> str:
    """The database's plan for `statement`, as one line of text."""
    with db(live) as session:
        dialect = session.get_bind().dialect
        sql = str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        if dialect.name == "sqlite":
            return " ".join(row[-1] for row in session.execute(text(f"EXPLAIN QUERY PLAN {sql}")))
        session.execute(text("ANALYZE matches"))
        return " ".join(row[0] for row in session.execute(text(f"EXPLAIN {sql}")))


def test_a_feed_of_100k_matches_pages_in_sql_along_the_index(live: Live) -> None:
    owner = person(live, role=Role.RECRUITER)
    put_profile(live, owner, {"name": "Big Corp"})
    _bulk_matches(live, owner, 100_000)

    started = time.perf_counter()
    resp = live.client.get(
        "/v1/matches/me",
        params={"limit": 100, "page": 50, "skills[]": "React"},
        headers=owner.headers,
    )
    elapsed = time.perf_counter() - started
    assert resp.status_code == 200, resp.text
    data = resp.json()["data"]
    assert len(data["matches"]) == 100
    expected_total = sum(1 for i in range(100_000) if 40 + i % 61 >= 60 and i % 3)
    assert data["pagination"]["total"] == expected_total
    scores = [m["match_score"] for m in data["matches"]]
    assert scores == sorted(scores, reverse=True)
    print(f"\n100k-match feed, page 50 with a skill filter: {elapsed * 1000:.0f} ms")

    for status in (None, "saved"):
        query = MatchQuery(100, 1, None, (), None, None, status)
        plan = _query_plan(live, feed_statement(Viewer(owner.id, recruiter=True), query))
        assert "ix_matches_user" in plan, plan
        for full_scan_or_sort in ("SCAN matches", "TEMP B-TREE", "Seq Scan on matches", "Sort"):
            assert full_scan_or_sort not in plan, plan


def test_match_rows_keep_one_row_per_direction(live: Live) -> None:
    candidate, company = matched_pair(live)
    with db(live) as session:
        rows = list(session.scalars(select(Match).order_by(Match.id)))
    assert {(r.user_id, r.matched_user_id) for r in rows} == {
        (candidate.id, company.id),
        (company.id, candidate.id),
    }
    assert rows[0].score == rows[1].score and rows[0].pair_key == rows[1].pair_key


def test_accept_opens_one_conversation_and_sends_the_message_once(live: Live) -> None:
    candidate, company = matched_pair(live)
    mine = _match_between(live, candidate, company)
    theirs = _match_between(live, company, candidate)
    first = _act(live, candidate, mine["id"], action="accept", message="Excited to talk!")
    _act(live, candidate, mine["id"], action="accept", message="Excited to talk!")
    back = _act(live, company, theirs["id"], action="accept", message="Likewise!")
    assert back.status_code == 201
    conversation_id = first.json()["data"]["conversation_id"]
    assert back.json()["data"]["conversation_id"] == conversation_id

    listed = live.client.get("/v1/messages/conversations", headers=company.headers).json()["data"]
    assert [c["id"] for c in listed["conversations"]] == [conversation_id]
    thread = live.client.get(
        f"/v1/messages/conversations/{conversation_id}", headers=company.headers
    ).json()["data"]
    assert [m["message"] for m in thread["messages"]] == ["Excited to talk!", "Likewise!"]
    assert thread["conversation"]["match_id"] == mine["id"]
    assert len(events_of(live, company, "conversation.started")) == 1
    assert len(events_of(live, company, "message.received")) == 1


def test_accept_without_a_message_opens_the_conversation_only(live: Live) -> None:
    candidate, company = matched_pair(live)
    mine = _match_between(live, candidate, company)
    conversation_id = _act(live, candidate, mine["id"], action="accept").json()["data"][
        "conversation_id"
    ]
    thread = live.client.get(
        f"/v1/messages/conversations/{conversation_id}", headers=candidate.headers
    ).json()["data"]
    assert thread["messages"] == []
    assert events_of(live, company, "message.received") == []
