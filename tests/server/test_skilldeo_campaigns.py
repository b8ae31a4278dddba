"""skilldeo campaigns and interviews over real HTTP, on the demo data, logged in with real codes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from talenttui.server.models import Campaign
from tests.conftest import Live
from tests.server.otp_helpers import login, signup
from tests.server.skillsync_people import db as raw_db

JANE = "jane.doe@acme.example"
HANK = "hank.scorpio@globex.example"


@pytest.fixture(scope="module")
def jane(demo_live: Live) -> dict[str, Any]:
    body = login(demo_live.client, JANE)
    return {"headers": {"Authorization": f"Bearer {body['token']}"}, **body}


@pytest.fixture(scope="module")
def hank(demo_live: Live) -> dict[str, Any]:
    body = login(demo_live.client, HANK)
    return {"headers": {"Authorization": f"Bearer {body['token']}"}, **body}


def _post(live: Live, who: dict[str, Any], path: str, body: Any) -> Any:
    return live.client.post(f"/api/v1/svc/{path}", json=body, headers=who["headers"])


def _get(live: Live, who: dict[str, Any], path: str, **params: Any) -> Any:
    return live.client.get(f"/api/v1/svc/{path}", params=params, headers=who["headers"])


def test_jane_logs_in_as_the_reference_says(jane: dict[str, Any]) -> None:
    assert jane["user_id"] == 1042 and jane["org_id"] == 88
    assert jane["message"] == "Login successful"


def test_campaign_list_has_the_reference_campaigns(demo_live: Live, jane: dict[str, Any]) -> None:
    resp = _post(
        demo_live,
        jane,
        "campaign/list",
        {"org_id": 88, "user_id": 1042, "status": "active", "top": 10, "skip": 0},
    )
    body = resp.json()
    assert resp.status_code == 200 and body["error"] is False and body["message"] == "Success"
    names = {r["name"] for r in body["records"]}
    assert {"Dotnet AI walk-in", "Angular AI walk-in", "Java AI walk-in"} <= names
    assert all(r["status"] == "active" for r in body["records"])


def test_campaign_list_pages_and_searches(demo_live: Live, jane: dict[str, Any]) -> None:
    first = _post(demo_live, jane, "campaign/list", {"top": 2, "skip": 0}).json()
    assert len(first["records"]) == 2 and first["hasMore"] is True
    everything = _post(demo_live, jane, "campaign/list", {"top": 100}).json()
    assert everything["total_count"] == len(everything["records"]) >= 3
    assert everything["hasMore"] is False
    second = _post(demo_live, jane, "campaign/list", {"top": 2, "skip": 2}).json()
    assert not {r["id"] for r in first["records"]} & {r["id"] for r in second["records"]}
    found = _post(demo_live, jane, "campaign/list", {"search_param": "DOTNET"}).json()["records"]
    assert 22554 in {r["id"] for r in found}


def test_details_and_link(demo_live: Live, jane: dict[str, Any]) -> None:
    details = _get(demo_live, jane, "campaign/getDetails", campaignId=22554, userId=1042).json()
    assert details["records"]["name"] == "Dotnet AI walk-in"
    assert details["records"]["skill"] == "dotnet" and details["records"]["location"] == "Chennai"
    assert details["records"]["job_expiry_date"].endswith("Z")
    link = _get(demo_live, jane, "campaign/getLink", campaignId=22554).json()
    assert link["link"].startswith(demo_live.url + "/join/")
    assert set(link) == {"message", "link", "status_code", "error"}


def test_other_orgs_ids_are_not_found(
    demo_live: Live, jane: dict[str, Any], hank: dict[str, Any]
) -> None:
    assert _post(demo_live, hank, "campaign/list", {"org_id": 88}).status_code == 404
    assert _post(demo_live, hank, "campaign/list", {"user_id": 1042}).status_code == 404
    assert (
        _get(demo_live, hank, "campaign/getDetails", campaignId=22554, userId=1043).status_code
        == 404
    )
    assert (
        _get(demo_live, hank, "campaign/getDetails", campaignId=22554, userId=1042).status_code
        == 404
    )
    assert _get(demo_live, hank, "campaign/getLink", campaignId=22554).status_code == 404
    assert _get(demo_live, hank, "interview/getResult", interviewId=5012).status_code == 404
    assert _post(demo_live, hank, "interview/list", {"campaign_id": 22554}).status_code == 404
    hanks = _post(demo_live, hank, "campaign/list", {"top": 100}).json()["records"]
    janes = _post(demo_live, jane, "campaign/list", {"top": 100}).json()["records"]
    assert hanks and not {r["id"] for r in hanks} & {r["id"] for r in janes}


def test_reference_result(demo_live: Live, jane: dict[str, Any]) -> None:
    records = _get(demo_live, jane, "interview/getResult", interviewId=5012).json()["records"]
    assert records["status"] == "completed" and records["overall_decision"] == "shortlisted"
    assert records["scores"] == {
        "job_stability_score": 78,
        "role_fitment": [{"role": "Dotnet Developer", "competency_level": 4}],
        "soft_skills": [
            {"skill": "Communication", "competency_level": 3, "skill_type": "interpersonal"}
        ],
        "tech_skills": [{"skill": "C#", "competency_level": 4, "skill_type": "programming"}],
    }


def test_interview_list_filters_and_pages(demo_live: Live, jane: dict[str, Any]) -> None:
    body = _post(
        demo_live, jane, "interview/list", {"campaign_id": 22554, "status": "completed", "top": 5}
    ).json()
    assert body["records"] and all(r["status"] == "completed" for r in body["records"])
    assert all(r["campaign_name"] == "Dotnet AI walk-in" for r in body["records"])
    assert body["hasMore"] == (body["total_count"] > 5)
    search = _post(demo_live, jane, "interview/list", {"search_param": "arjun.mehta@"}).json()
    assert 5012 in {r["interview_id"] for r in search["records"]}


def test_pending_interview_has_no_scores(demo_live: Live, jane: dict[str, Any]) -> None:
    invited = _post(demo_live, jane, "interview/list", {"status": "invited", "top": 1}).json()[
        "records"
    ][0]
    result = _get(
        demo_live, jane, "interview/getResult", interviewId=invited["interview_id"]
    ).json()
    assert result["records"]["status"] == "invited" and result["records"]["scores"] is None


def test_invite_validates_dedupes_and_mails_each(live: Live) -> None:
    owner = signup(live.client, "owner@inv.example", organization="Inv Co", role_id=2)
    headers = {"Authorization": f"Bearer {owner['token']}"}

    with raw_db(live) as session:
        campaign = Campaign(
            org_id=owner["org_id"],
            created_by=owner["user_id"],
            name="Walk-in",
            status="active",
            link_token="tok123",
            created_at=datetime.now(UTC),
        )
        session.add(campaign)
        session.commit()
        cid = campaign.id
    body = {
        "emails": ["A@x.example", "b@x.example", "a@x.example"],
        "campaign_id": cid,
        "user_id": owner["user_id"],
        "invited_from": "api",
    }
    resp = live.client.post("/api/v1/svc/interview/invite", json=body, headers=headers)
    assert resp.status_code == 200, resp.text
    assert (
        resp.json()["invited_count"] == 2 and resp.json()["message"] == "Invites sent successfully"
    )
    again = live.client.post(
        "/api/v1/svc/interview/invite",
        json={**body, "emails": ["b@x.example", "c@x.example"]},
        headers=headers,
    )
    assert again.json()["invited_count"] == 1
    mails = live.client.get("/api/v1/dev/outbox", params={"email": "b@x.example"}).json()["records"]
    assert len(mails) == 1 and mails[0]["purpose"] == "invite"
    bad = live.client.post(
        "/api/v1/svc/interview/invite",
        json={**body, "emails": ["ok@x.example", "nope"]},
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "emails[1]"
    listed = live.client.post(
        "/api/v1/svc/interview/list", json={"campaign_id": cid}, headers=headers
    ).json()
    assert listed["total_count"] == 3


@pytest.mark.parametrize(
    ("path", "body", "status", "field"),
    [
        ("campaign/list", {"top": "ten"}, 422, "top"),
        ("campaign/list", {"top": 1000}, 422, "top"),
        ("interview/list", {"skip": -1}, 422, "skip"),
        (
            "interview/invite",
            {"emails": [], "campaign_id": 1, "user_id": 1, "invited_from": "api"},
            422,
            "emails",
        ),
        (
            "interview/invite",
            {"emails": ["a@b.example"], "campaign_id": "x", "user_id": 1, "invited_from": "api"},
            422,
            "campaign_id",
        ),
    ],
)
def test_bad_bodies_name_the_field(
    demo_live: Live, jane: dict[str, Any], path: str, body: Any, status: int, field: str
) -> None:
    resp = _post(demo_live, jane, path, body)
    assert resp.status_code == status
    assert resp.json()["details"]["field"] == field


def test_bad_query_and_unknown_ids(demo_live: Live, jane: dict[str, Any]) -> None:
    missing = _get(demo_live, jane, "campaign/getDetails", campaignId=22554)
    assert missing.status_code == 422 and missing.json()["details"]["field"] == "userId"
    wrong = _get(demo_live, jane, "campaign/getLink", campaignId="abc")
    assert wrong.status_code == 422 and wrong.json()["details"]["field"] == "campaignId"
    assert _get(demo_live, jane, "interview/getResult", interviewId=999999).status_code == 404


def test_malformed_json_and_no_token(demo_live: Live, jane: dict[str, Any]) -> None:
    broken = demo_live.client.post(
        "/api/v1/svc/campaign/list",
        content=b"{top:",
        headers={**jane["headers"], "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    assert demo_live.client.post("/api/v1/svc/campaign/list", json={}).status_code == 401
    assert (
        demo_live.client.post(
            "/api/v1/svc/campaign/list", json={}, headers={"Authorization": "Bearer x.y.z"}
        ).status_code
        == 401
    )
