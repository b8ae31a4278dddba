"""One translator for every validation error: the reference's VALIDATION_ERROR shape everywhere."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Live
from tests.server.skillsync_people import person

SHAPE = {"field", "issue", "provided", "expected", "errors"}


def _details(resp: httpx.Response) -> dict[str, Any]:
    """`details` of a 422 in either envelope (skilldeo's sets `error: true` at the top)."""
    assert resp.status_code == 422, resp.text
    body = resp.json()
    details: dict[str, Any] = body["details"] if body["error"] is True else body["error"]["details"]
    return details


def test_queries_bodies_and_models_answer_the_same_shape(live: Live) -> None:
    me = person(live)
    answers = [
        live.client.get("/v1/matches/me", params={"limit": 0}, headers=me.headers),
        live.client.post("/v1/messages", json={"recipient_id": 7}, headers=me.headers),
        live.client.put("/v1/profiles/me", json={"remote_work": "yes"}, headers=me.headers),
        live.client.post("/api/v1/auth/loginOTP", json={"email": "no-at-sign"}),
    ]
    for resp in answers:
        details = _details(resp)
        assert set(details) == SHAPE, resp.text
        assert details["errors"][0]["field"] == details["field"]
    assert [_details(r)["field"] for r in answers] == [
        "limit",
        "recipient_id",
        "remote_work",
        "email",
    ]
    assert [_details(r)["provided"] for r in answers] == ["0", 7, "yes", "no-at-sign"]


def test_codes_and_session_ids_are_never_echoed(live: Live) -> None:
    resp = live.client.post(
        "/api/v1/auth/loginVerify",
        json={"email": "a@example.com", "session_id": "s" * 65, "verification_code": "38102x"},
    )
    details = _details(resp)
    assert "38102x" not in resp.text and "s" * 65 not in resp.text
    assert {e["field"] for e in details["errors"]} == {"session_id", "verification_code"}
    assert details["provided"] == "[redacted]"


def test_a_missing_field_echoes_nothing_of_the_body(live: Live) -> None:
    resp = live.client.post(
        "/api/v1/auth/loginVerify", json={"email": "a@example.com", "verification_code": "381024"}
    )
    details = _details(resp)
    assert (details["field"], details["issue"], details["provided"]) == (
        "session_id",
        "missing",
        None,
    )
    assert "381024" not in resp.text


def test_a_deeply_nested_value_is_a_validation_error(live: Live) -> None:
    me = person(live)
    deep: Any = "x"
    for _ in range(900):
        deep = [deep]
    resp = live.client.put("/v1/profiles/me", json={"name": deep}, headers=me.headers)
    details = _details(resp)
    assert details["field"] == "name"
    assert len(str(details["provided"])) <= 201
