"""/v1/profiles over real HTTP: reading (who may see whom), strict partial updates, events, recompute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import delete, func, select

from talenttui.server.models import Match, MatchAction, ProfileView, Role
from tests.conftest import Live
from tests.server.skillsync_people import (
    CANDIDATE_PROFILE,
    COMPANY_PROFILE,
    UNRELATED_COMPANY,
    db,
    events_of,
    matched_pair,
    module_server,
    person,
    put_profile,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with module_server(tmp_path_factory.mktemp("profiles")) as server:
        yield server


def _error(resp: Any, status: int, code: str) -> dict[str, Any]:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["success"] is False
    assert body["error"]["code"] == code
    error: dict[str, Any] = body["error"]
    return error


def test_no_token_is_refused_with_invalid_api_key(shared: Live) -> None:
    for resp in (
        shared.client.get("/v1/profiles/me"),
        shared.client.put("/v1/profiles/me", json={"name": "X"}),
        shared.client.get("/v1/profiles/me", headers={"Authorization": "Bearer nonsense"}),
    ):
        _error(resp, 401, "INVALID_API_KEY")


def test_own_profile_before_and_after_a_first_update(shared: Live) -> None:
    me = person(shared, name="Ada Lovelace")
    blank = shared.client.get("/v1/profiles/me", headers=me.headers).json()["data"]
    assert blank["id"] == me.public_id
    assert blank["name"] == "Ada Lovelace"
    assert blank["skills"] == [] and "required_skills" not in blank

    data = put_profile(shared, me, CANDIDATE_PROFILE)
    assert data["name"] == "Sam Carter"
    assert data["skills"][0] == {"name": "React", "level": "expert", "years": 3}
    assert data["preferences"]["salary_range"] == {"min": 80000, "max": 120000, "currency": "USD"}
    assert "skills" in data["updated_fields"]
    assert isinstance(data["suggestions"], list)

    by_id = shared.client.get(f"/v1/profiles/{me.public_id}", headers=me.headers).json()["data"]
    expected_keys = {
        "id", "name", "title", "avatar", "bio", "location", "remote_work", "experience_years",
        "skills", "preferences", "social_links", "verification", "created_at", "updated_at",
    }  # fmt: skip
    assert set(by_id) == expected_keys
    assert by_id["location"] == "Berlin, Germany"
    assert by_id["created_at"].endswith("Z")


def test_partial_update_keeps_other_fields_and_merges_preferences(shared: Live) -> None:
    me = person(shared)
    put_profile(
        shared, me, {**CANDIDATE_PROFILE, "social_links": {"github": "https://github.com/x"}}
    )
    data = put_profile(
        shared,
        me,
        {
            "title": "Senior Full Stack Developer",
            "preferences": {"role_types": ["contract"]},
            "social_links": {"github": None, "portfolio": "https://x.dev"},
        },
    )
    assert data["title"] == "Senior Full Stack Developer"
    assert data["bio"] == CANDIDATE_PROFILE["bio"]
    assert data["skills"] == CANDIDATE_PROFILE["skills"]
    assert data["preferences"]["role_types"] == ["contract"]
    assert data["preferences"]["industries"] == ["technology"]
    assert data["social_links"] == {"portfolio": "https://x.dev"}
    assert data["updated_fields"] == ["preferences", "social_links", "title"]


def test_suggestions_point_at_what_is_missing(shared: Live) -> None:
    me = person(shared)
    data = put_profile(shared, me, {"skills": [{"name": "Go", "level": "beginner"}]})
    fields = {s["field"] for s in data["suggestions"]}
    assert {"bio", "skills", "preferences.salary_range", "avatar"} <= fields
    full = put_profile(
        shared, me, {**CANDIDATE_PROFILE, "social_links": {"github": "https://g.h/x"}}
    )
    assert "bio" not in {s["field"] for s in full["suggestions"]}


def test_updating_another_users_profile_is_forbidden_and_leaks_nothing(shared: Live) -> None:
    me, other = person(shared), person(shared, name="Other Person")
    for target in (other.public_id, "user_doesnotexist"):
        err = _error(
            shared.client.put(
                f"/v1/profiles/{target}", json={"name": "Hacked"}, headers=me.headers
            ),
            403,
            "INSUFFICIENT_PERMISSIONS",
        )
        assert "Other" not in str(err)
    assert shared.client.get("/v1/profiles/me", headers=other.headers).json()["data"]["name"] == (
        "Other Person"
    )


def test_strangers_profile_is_not_found_until_they_share_a_match(shared: Live) -> None:
    candidate, company = matched_pair(shared)
    stranger = person(shared, name="Nosy Parker")
    for target in (candidate.public_id, "user_nope", "not-a-user-id"):
        resp = shared.client.get(f"/v1/profiles/{target}", headers=stranger.headers)
        err = _error(resp, 404, "RESOURCE_NOT_FOUND")
        assert "Sam" not in resp.text and "React" not in resp.text
        assert err["message"] == "User not found"

    seen = shared.client.get(f"/v1/profiles/{candidate.public_id}", headers=company.headers)
    assert seen.status_code == 200
    assert seen.json()["data"]["name"] == "Sam Carter"
    their_company = shared.client.get(
        f"/v1/profiles/{company.public_id}", headers=candidate.headers
    )
    assert their_company.json()["data"]["required_skills"][0]["name"] == "React"
    assert their_company.json()["data"]["type"] == "startup"


def test_views_are_recorded_for_others_but_not_for_the_owner(shared: Live) -> None:
    candidate, company = matched_pair(shared)
    shared.client.get("/v1/profiles/me", headers=candidate.headers)
    shared.client.get(f"/v1/profiles/{candidate.public_id}", headers=candidate.headers)
    for _ in range(2):
        shared.client.get(f"/v1/profiles/{candidate.public_id}", headers=company.headers)
    with db(shared) as session:
        views = list(
            session.scalars(select(ProfileView).where(ProfileView.profile_user_id == candidate.id))
        )
    assert [v.viewer_user_id for v in views] == [company.id, company.id]


@pytest.mark.parametrize(
    ("body", "field", "issue"),
    [
        ({"skills": [{"name": "React", "level": "guru", "years": 3}]}, "skills[0].level", "literal_error"),
        ({"skills": [{"name": "React", "level": "expert", "years": 61}]}, "skills[0].years", "less_than_equal"),
        ({"skills": [{"name": "React", "level": "expert", "years": -1}]}, "skills[0].years", "greater_than_equal"),
        ({"skills": [{"name": "", "level": "expert"}]}, "skills[0].name", "string_too_short"),
        ({"skills": [{"name": "Go", "level": "expert"}, {"name": "go", "level": "beginner"}]}, "skills", "duplicate_skill"),
        ({"preferences": {"salary_range": {"min": 130000, "max": 90000}}}, "preferences.salary_range", "salary_range_order"),
        ({"preferences": {"role_types": ["forever"]}}, "preferences.role_types[0]", "literal_error"),
        ({"social_links": {"github": "javascript:alert(1)"}}, "social_links.github", "invalid_url"),
        ({"avatar": "ftp://example.com/a.png"}, "avatar", "invalid_url"),
        ({"bio": "x" * 2001}, "bio", "string_too_long"),
        ({"name": "   "}, "name", "string_too_short"),
        ({"experience_years": "4"}, "experience_years", "int_type"),
        ({"remote_work": "yes"}, "remote_work", "bool_type"),
        ({"favourite_colour": "blue"}, "favourite_colour", "extra_forbidden"),
        ({"id": "user_other"}, "id", "read_only_field"),
        ({"verification": {"email": True}}, "verification", "read_only_field"),
        ({}, "body", "no_fields"),
        ({"company_size": "11-50"}, "company_size", "company_profile_only"),
    ],
)  # fmt: skip
def test_invalid_updates_name_the_field(
    shared: Live, body: dict[str, Any], field: str, issue: str
) -> None:
    me = person(shared)
    put_profile(shared, me, {"name": "Before"})
    err = _error(
        shared.client.put("/v1/profiles/me", json=body, headers=me.headers), 422, "VALIDATION_ERROR"
    )
    assert err["details"]["field"] == field
    assert err["details"]["issue"] == issue
    assert {"provided", "expected"} <= set(err["details"])
    assert err["suggestion"]
    assert (
        shared.client.get("/v1/profiles/me", headers=me.headers).json()["data"]["name"] == "Before"
    )


def test_provided_value_is_echoed_and_expected_is_explained(shared: Live) -> None:
    me = person(shared)
    bad = {"skills": [{"name": "React", "level": "guru", "years": 3}]}
    err = _error(
        shared.client.put("/v1/profiles/me", json=bad, headers=me.headers), 422, "VALIDATION_ERROR"
    )
    assert err["details"]["provided"] == "guru"
    assert "expert" in err["details"]["expected"]


def test_malformed_json_and_non_object_bodies(shared: Live) -> None:
    me = person(shared)
    headers = {**me.headers, "Content-Type": "application/json"}
    _error(
        shared.client.put("/v1/profiles/me", content=b'{"name": ', headers=headers),
        400,
        "INVALID_JSON",
    )
    err = _error(
        shared.client.put("/v1/profiles/me", json=["name"], headers=me.headers),
        422,
        "VALIDATION_ERROR",
    )
    assert err["details"]["field"] == "body"


def test_company_profile_fields_round_trip(shared: Live) -> None:
    recruiter = person(shared, role=Role.RECRUITER)
    data = put_profile(shared, recruiter, COMPANY_PROFILE)
    assert data["type"] == "startup" and data["company_size"] == "11-50"
    assert [s["name"] for s in data["required_skills"]] == ["React", "Node.js", "TypeScript"]
    assert data["role"]["title"] == "Full Stack Engineer"
    again = put_profile(shared, recruiter, {"role": {"experience_level": "senior"}})
    assert again["role"] == {**data["role"], "experience_level": "senior"}
    assert again["required_skills"] == data["required_skills"]


def test_update_emits_profile_updated_with_the_changed_fields(shared: Live) -> None:
    me = person(shared)
    put_profile(shared, me, {"title": "Engineer", "bio": "Short"})
    [event] = events_of(shared, me, "profile.updated")
    assert event.data["user_id"] == me.public_id
    assert event.data["updated_fields"] == ["bio", "title"]
    assert event.data["changes"] == {"bio": "Short", "title": "Engineer"}


def test_profile_change_recomputes_matches_and_announces_them(live: Live) -> None:
    company = person(live, role=Role.RECRUITER)
    put_profile(live, company, COMPANY_PROFILE)
    other_company = person(live, role=Role.RECRUITER)
    put_profile(live, other_company, UNRELATED_COMPANY)
    candidate = person(live)
    put_profile(
        live,
        candidate,
        {"name": "Late Bloomer", "skills": [{"name": "Verilog", "level": "beginner"}]},
    )
    assert events_of(live, candidate, "match.created") == []

    put_profile(live, candidate, {"skills": CANDIDATE_PROFILE["skills"], "remote_work": True})

    [mine] = events_of(live, candidate, "match.created")
    [theirs] = events_of(live, company, "match.created")
    assert events_of(live, other_company, "match.created") == []
    assert mine.data["user_id"] == candidate.public_id
    assert mine.data["matched_user_id"] == company.public_id
    assert theirs.data["matched_user_id"] == candidate.public_id
    assert mine.data["match_score"] == theirs.data["match_score"] >= 60
    assert set(mine.data["skills_matched"]) >= {"React", "Node.js"}
    assert set(mine.data) == {
        "match_id", "user_id", "matched_user_id", "match_score", "skills_matched", "timestamp", "expires_at",
    }  # fmt: skip
    with db(live) as session:
        rows = list(
            session.scalars(select(Match).where(Match.pair_key == f"{candidate.id}:{company.id}"))
        )
    assert {r.public_id for r in rows} == {mine.data["match_id"], theirs.data["match_id"]}
    assert len({r.pair_key for r in rows}) == 1

    put_profile(live, candidate, {"title": "Still the same skills"})
    put_profile(live, candidate, {"experience_years": 5})
    assert len(events_of(live, candidate, "match.created")) == 1


def test_losing_the_skills_drops_untouched_matches(live: Live) -> None:
    candidate, company = matched_pair(live)
    put_profile(
        live,
        candidate,
        {"skills": [{"name": "Cobol", "level": "beginner", "years": 1}], "remote_work": False},
    )
    with db(live) as session:
        count = session.scalar(
            select(func.count())
            .select_from(Match)
            .where(Match.pair_key == f"{candidate.id}:{company.id}")
        )
    assert count == 0


def test_profiles_without_skills_get_no_matches(live: Live) -> None:
    candidate, _company = matched_pair(live)
    empty_company = person(live, role=Role.RECRUITER)
    put_profile(live, empty_company, {"name": "No Openings Yet", "location": "Remote"})
    empty_candidate = person(live)
    put_profile(live, empty_candidate, {"name": "No Skills Yet", "remote_work": True})
    for who in (empty_company, empty_candidate):
        assert events_of(live, who, "match.created") == []
    put_profile(live, candidate, {"skills": []})
    with db(live) as session:
        left = session.scalar(select(func.count()).select_from(Match))
    assert left == 0


def test_a_shared_conversation_is_enough_to_see_a_profile(live: Live) -> None:
    candidate, company = matched_pair(live)
    match = live.client.get("/v1/matches/me", params={"min_score": 0}, headers=company.headers)
    match_id = match.json()["data"]["matches"][0]["id"]
    accepted = live.client.post(
        f"/v1/matches/{match_id}/action", json={"action": "accept"}, headers=company.headers
    )
    assert accepted.status_code == 201
    with db(live) as session:
        session.execute(delete(MatchAction))
        session.execute(delete(Match))
        session.commit()
    resp = live.client.get(f"/v1/profiles/{company.public_id}", headers=candidate.headers)
    assert resp.status_code == 200
    assert resp.json()["data"]["name"] == COMPANY_PROFILE["name"]
