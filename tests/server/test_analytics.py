"""`/v1/analytics`: figures computed from what the test itself did, and the Enterprise gate."""

from __future__ import annotations

from collections.abc import Callable

from talenttui.server.models import Role
from talenttui.server.skillsync.analytics.service import duration_words, growth, percent
from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import login
from tests.server.skillsync_people import matched_pair, only_match, person


def test_user_analytics_count_views_matches_and_messages(live: Live) -> None:
    cand, rec = matched_pair(live)
    for _ in range(3):
        assert (
            live.client.get(f"/v1/profiles/{cand.public_id}", headers=rec.headers).status_code
            == 200
        )
    match = only_match(live, cand)
    accept = live.client.post(
        f"/v1/matches/{match['id']}/action",
        json={"action": "accept", "message": "Hi!"},
        headers=cand.headers,
    )
    assert accept.status_code in (200, 201), accept.text
    reply = live.client.post(
        "/v1/messages",
        json={"recipient_id": cand.public_id, "message": "Hello back"},
        headers=rec.headers,
    )
    assert reply.status_code == 201
    resp = live.client.get("/v1/analytics/users/me", headers=cand.headers)
    assert resp.status_code == 200
    data = resp.json()["data"]
    assert data["profile_views"] == {"total": 3, "this_week": 3, "growth": "+100%"}
    assert data["matches"]["total_received"] == 1 and data["matches"]["accepted"] == 1
    assert data["matches"]["acceptance_rate"] == "100%"
    assert data["matches"]["avg_match_score"] == match["match_score"]
    assert data["messages"]["sent"] == 1 and data["messages"]["received"] == 1
    rec_view = live.client.get(f"/v1/analytics/users/{rec.public_id}", headers=rec.headers).json()[
        "data"
    ]
    assert rec_view["messages"]["response_rate"] == "100%"
    assert rec_view["messages"]["avg_response_time"] is not None
    trending = data["skills_trending"]
    assert trending and trending[0]["demand_score"] == 100
    assert {"skill", "demand_score"} <= set(trending[0])


def test_analytics_of_another_user_are_forbidden(live: Live) -> None:
    cand, rec = matched_pair(live)
    resp = live.client.get(f"/v1/analytics/users/{rec.public_id}", headers=cand.headers)
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"
    assert live.client.get("/v1/analytics/users/me").status_code == 401


def test_platform_analytics_are_for_enterprise_only(live: Live) -> None:
    free = person(live, role=Role.RECRUITER, name="Free Recruiter", plan="free")
    denied = live.client.get("/v1/analytics/platform", headers=free.headers)
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"
    big = person(live, role=Role.RECRUITER, name="Big Recruiter", plan="enterprise")
    matched_pair(live)
    resp = live.client.get("/v1/analytics/platform", headers=big.headers)
    assert resp.status_code == 200
    data = resp.json()["data"]
    assert data["users"]["recruiters"] >= 3 and data["users"]["candidates"] >= 1
    assert data["matches"]["total"] >= 2
    assert len(data["messages_per_day"]) == 7


def test_figure_formats() -> None:
    assert percent(23, 156) == "14.7%"
    assert percent(0, 0) == "0%"
    assert growth(112, 100) == "+12%" and growth(90, 100) == "-10%" and growth(0, 0) == "0%"
    assert duration_words(2 * 3600 + 15 * 60) == "2h 15m"
    assert duration_words(59) == "0m" and duration_words(26 * 3600) == "1d 2h"


def test_one_late_answer_does_not_make_the_response_time(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    """The demo's Sarah answered Jane twice within an hour; answering Jane's two unread
    messages 227 days after the demo was seeded keeps her response time at an hour (the
    mean said "76d 19h", and "227d 14h" for that answer alone)."""
    clock.advance(-(227 * 86400 + 14 * 3600))
    live = start_server(demo=True)  # seeded 227 days ago, as a demo data dir kept that long
    clock.offset = 0.0
    sarah = {"Authorization": f"Bearer {login(live.client, 'sarah.johnson@example.com')['token']}"}
    before = live.client.get("/v1/analytics/users/me", headers=sarah).json()["data"]["messages"]
    assert before["avg_response_time"] == "1h 0m"
    sent = live.client.post(
        "/v1/messages", json={"recipient_id": "user_456", "message": "Sorry, late!"}, headers=sarah
    )
    assert sent.status_code == 201, sent.text
    after = live.client.get("/v1/analytics/users/me", headers=sarah).json()["data"]["messages"]
    assert after["sent"] == before["sent"] + 1
    assert after["avg_response_time"] == "1h 0m"
