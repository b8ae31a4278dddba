"""skilldeo interviews (/api/v1/svc/interview) over real HTTP: invites (validation, dedupe, one
mail each, all or nothing), the list with its filters and paging, results, and scoping."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import func, select

from talenttui.server.demo.constants import (
    ACME_ORG_ID,
    JANE_USER_ID,
    REFERENCE_CANDIDATE_EMAIL,
    REFERENCE_INTERVIEW_ID,
)
from talenttui.server.models import Interview, OutboxMail
from tests.conftest import Live
from tests.server.skilldeo_helpers import add_campaign, add_org, bearer, svc_get, svc_post
from tests.server.skillsync_people import db

GLOBEX_ORG_ID, HANK_USER_ID = 89, 1043
REFERENCE_SCORES = {
    "job_stability_score": 78,
    "role_fitment": [{"role": "Dotnet Developer", "competency_level": 4}],
    "soft_skills": [
        {"skill": "Communication", "competency_level": 3, "skill_type": "interpersonal"}
    ],
    "tech_skills": [{"skill": "C#", "competency_level": 4, "skill_type": "programming"}],
}


@pytest.fixture(scope="module")
def jane(demo_live: Live) -> dict[str, str]:
    return bearer(demo_live, JANE_USER_ID, ACME_ORG_ID)


@pytest.fixture(scope="module")
def hank(demo_live: Live) -> dict[str, str]:
    return bearer(demo_live, HANK_USER_ID, GLOBEX_ORG_ID)


@pytest.fixture
def recruiting(live: Live) -> dict[str, Any]:
    """An organization of two recruiters with an active and a closed campaign, on its own server."""
    org, (owner, colleague) = add_org(live, users=2)
    return {
        "org": org,
        "owner": owner,
        "colleague": colleague,
        "campaign": add_campaign(live, org, owner, "Rust AI walk-in"),
        "closed": add_campaign(live, org, owner, "Old walk-in", status="closed"),
        "headers": bearer(live, owner, org),
    }


def _invite(live: Live, team: dict[str, Any], emails: Any, **extra: Any) -> Any:
    body = {
        "emails": emails,
        "campaign_id": team["campaign"],
        "user_id": team["owner"],
        "invited_from": "api",
        **extra,
    }
    return svc_post(live, team["headers"], "interview/invite", body)


def _stored(live: Live) -> tuple[int, int]:
    """How many interviews and invite mails the server holds."""
    with db(live) as session:
        interviews = session.scalar(select(func.count()).select_from(Interview)) or 0
        mails = (
            session.scalar(
                select(func.count()).select_from(OutboxMail).where(OutboxMail.purpose == "invite")
            )
            or 0
        )
    return interviews, mails


def _mails_to(live: Live, email: str) -> list[dict[str, Any]]:
    resp = live.client.get("/api/v1/dev/outbox", params={"email": email})
    return [m for m in resp.json()["records"] if m["purpose"] == "invite"]


# --- invite -----------------------------------------------------------------------------------


def test_invite_counts_new_addresses_and_mails_each_once(
    live: Live, recruiting: dict[str, Any]
) -> None:
    resp = _invite(live, recruiting, ["A@x.example", "b@x.example", " a@X.example "])
    body = resp.json()
    assert resp.status_code == 200, resp.text
    assert body["message"] == "Invites sent successfully" and body["error"] is False
    assert body["invited_count"] == 2 and body["status_code"] == 200
    again = _invite(live, recruiting, ["B@x.example", "c@x.example"]).json()
    assert again["invited_count"] == 1
    assert [len(_mails_to(live, e)) for e in ("a@x.example", "b@x.example", "c@x.example")] == [
        1,
        1,
        1,
    ]
    assert _stored(live) == (3, 3)
    link = svc_get(
        live, recruiting["headers"], "campaign/getLink", campaignId=recruiting["campaign"]
    ).json()["link"]
    with db(live) as session:
        mail = session.scalars(select(OutboxMail).where(OutboxMail.email == "c@x.example")).one()
    assert link in mail.body and "Rust AI walk-in" in mail.subject
    listed = svc_post(
        live, recruiting["headers"], "interview/list", {"campaign_id": recruiting["campaign"]}
    ).json()
    assert sorted(r["candidate_email"] for r in listed["records"]) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]
    assert all(r["status"] == "invited" and r["completed_at"] is None for r in listed["records"])


def test_a_colleague_may_invite_and_the_same_address_fits_another_campaign(
    live: Live, recruiting: dict[str, Any]
) -> None:
    assert _invite(live, recruiting, ["x@y.example"]).json()["invited_count"] == 1
    second = add_campaign(live, recruiting["org"], recruiting["colleague"], "Go walk-in")
    resp = _invite(
        live, recruiting, ["x@y.example"], campaign_id=second, user_id=recruiting["colleague"]
    )
    assert resp.status_code == 200 and resp.json()["invited_count"] == 1
    assert len(_mails_to(live, "x@y.example")) == 2


def test_one_bad_address_writes_nothing(live: Live, recruiting: dict[str, Any]) -> None:
    resp = _invite(live, recruiting, ["ok@x.example", "also.ok@x.example", "nope"])
    assert resp.status_code == 422
    details = resp.json()["details"]
    assert details["field"] == "emails[2]" and details["issue"] == "invalid_email_format"
    assert _stored(live) == (0, 0)


INVALID_INVITES: list[tuple[dict[str, Any], str]] = [
    ({"emails": []}, "emails"),
    ({"emails": [f"p{i}@x.example" for i in range(501)]}, "emails"),
    ({"emails": "a@x.example"}, "emails"),
    ({"emails": ["a@x.example", 7]}, "emails[1]"),
    ({"campaign_id": "x"}, "campaign_id"),
    ({"user_id": None}, "user_id"),
    ({"invited_from": ""}, "invited_from"),
    ({"invited_from": None}, "invited_from"),
]


def test_invite_validation_names_the_field(live: Live, recruiting: dict[str, Any]) -> None:
    for change, field in INVALID_INVITES:
        body = {
            "emails": ["a@x.example"],
            "campaign_id": recruiting["campaign"],
            "user_id": recruiting["owner"],
            "invited_from": "api",
            **change,
        }
        body = {k: v for k, v in body.items() if v is not None}
        resp = svc_post(live, recruiting["headers"], "interview/invite", body)
        assert resp.status_code == 422, (change, resp.text)
        assert resp.json()["details"]["field"] == field, change
    assert _stored(live) == (0, 0)


def test_five_hundred_addresses_at_once(live: Live, recruiting: dict[str, Any]) -> None:
    resp = _invite(live, recruiting, [f"p{i}@bulk.example" for i in range(500)])
    assert resp.status_code == 200 and resp.json()["invited_count"] == 500
    assert _stored(live) == (500, 500)


def test_invites_go_to_active_campaigns_only(live: Live, recruiting: dict[str, Any]) -> None:
    resp = _invite(live, recruiting, ["a@x.example"], campaign_id=recruiting["closed"])
    assert resp.status_code == 400 and resp.json()["error_code"] == "CAMPAIGN_NOT_ACTIVE"
    assert _stored(live) == (0, 0)


def test_invite_scoping(live: Live, recruiting: dict[str, Any]) -> None:
    other_org, (stranger,) = add_org(live)
    foreign = add_campaign(live, other_org, stranger, "Theirs")
    assert _invite(live, recruiting, ["a@x.example"], campaign_id=foreign).status_code == 404
    assert _invite(live, recruiting, ["a@x.example"], user_id=stranger).status_code == 404
    assert _invite(live, recruiting, ["a@x.example"], campaign_id=99_999).status_code == 404
    assert _invite(live, recruiting, ["a@x.example"], user_id=99_999).status_code == 404
    assert _stored(live) == (0, 0)


def test_concurrent_invites_of_the_same_addresses_invite_each_once(
    live: Live, recruiting: dict[str, Any]
) -> None:
    emails = [f"race{i}@x.example" for i in range(20)]
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda _: _invite(live, recruiting, emails), range(4)))
    assert [a.status_code for a in answers] == [200] * 4
    assert sum(a.json()["invited_count"] for a in answers) == 20
    assert _stored(live) == (20, 20)


# --- list -------------------------------------------------------------------------------------


def test_list_as_the_reference_shows(demo_live: Live, jane: dict[str, str]) -> None:
    resp = svc_post(
        demo_live,
        jane,
        "interview/list",
        {"campaign_id": 22554, "org_id": 88, "status": "completed", "top": 20, "skip": 0},
    )
    body = resp.json()
    assert resp.status_code == 200 and body["message"] == "Success" and body["error"] is False
    assert body["records"] and all(r["status"] == "completed" for r in body["records"])
    assert all(r["campaign_name"] == "Dotnet AI walk-in" for r in body["records"])
    assert body["hasMore"] == (body["total_count"] > 20)
    reference = next(r for r in body["records"] if r["interview_id"] == REFERENCE_INTERVIEW_ID)
    assert reference["candidate_email"] == REFERENCE_CANDIDATE_EMAIL
    assert reference["overall_decision"] == "shortlisted"
    assert reference["completed_at"].endswith("Z") and reference["invited_at"].endswith("Z")


def test_list_pages_without_overlap(demo_live: Live, jane: dict[str, str]) -> None:
    default = svc_post(demo_live, jane, "interview/list", {}).json()
    total = default["total_count"]
    assert len(default["records"]) == 20 and default["hasMore"] is True and total > 40
    pages = [
        svc_post(demo_live, jane, "interview/list", {"top": 7, "skip": skip}).json()
        for skip in (0, 7, 14)
    ]
    ids = [r["interview_id"] for page in pages for r in page["records"]]
    assert ids == [r["interview_id"] for r in default["records"]][:20] + ids[20:]
    assert len(set(ids)) == 21
    tail = svc_post(demo_live, jane, "interview/list", {"top": 100, "skip": total - 3}).json()
    assert len(tail["records"]) == 3 and tail["hasMore"] is False


@pytest.mark.parametrize("status", ["invited", "in_progress", "completed", "expired"])
def test_status_filter(demo_live: Live, jane: dict[str, str], status: str) -> None:
    body = svc_post(demo_live, jane, "interview/list", {"status": status, "top": 100}).json()
    assert body["total_count"] > 0
    assert body["records"] and {r["status"] for r in body["records"]} == {status}


def test_status_counts_add_up(demo_live: Live, jane: dict[str, str]) -> None:
    total = svc_post(demo_live, jane, "interview/list", {"status": ""}).json()["total_count"]
    parts = [
        svc_post(demo_live, jane, "interview/list", {"status": s}).json()["total_count"]
        for s in ("invited", "in_progress", "completed", "expired")
    ]
    assert sum(parts) == total
    bad = svc_post(demo_live, jane, "interview/list", {"status": "done"})
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "status"


def test_search_by_email_or_campaign_name(demo_live: Live, jane: dict[str, str]) -> None:
    by_email = svc_post(
        demo_live, jane, "interview/list", {"search_param": "ARJUN.MEHTA@EXAMPLE"}
    ).json()
    assert REFERENCE_INTERVIEW_ID in {r["interview_id"] for r in by_email["records"]}
    assert all("arjun.mehta" in r["candidate_email"] for r in by_email["records"])
    by_name = svc_post(
        demo_live, jane, "interview/list", {"search_param": "angular ai", "top": 100}
    ).json()
    assert by_name["records"]
    assert {r["campaign_name"] for r in by_name["records"]} == {"Angular AI walk-in"}
    nothing = svc_post(demo_live, jane, "interview/list", {"search_param": "%"}).json()
    assert nothing["total_count"] == 0


def test_list_scoping(demo_live: Live, jane: dict[str, str], hank: dict[str, str]) -> None:
    assert svc_post(demo_live, hank, "interview/list", {"campaign_id": 22554}).status_code == 404
    assert svc_post(demo_live, hank, "interview/list", {"org_id": 88}).status_code == 404
    assert svc_post(demo_live, jane, "interview/list", {"campaign_id": 1}).status_code == 404
    hanks = svc_post(demo_live, hank, "interview/list", {"top": 100}).json()["records"]
    janes = svc_post(demo_live, jane, "interview/list", {"top": 100}).json()["records"]
    assert hanks and janes
    assert not {r["interview_id"] for r in hanks} & {r["interview_id"] for r in janes}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"top": 101}, "top"),
        ({"top": "20"}, "top"),
        ({"skip": -1}, "skip"),
        ({"campaign_id": "22554"}, "campaign_id"),
        ({"org_id": True}, "org_id"),
        ({"search_param": ["x"]}, "search_param"),
    ],
)
def test_list_wrong_types_name_the_field(
    demo_live: Live, jane: dict[str, str], body: dict[str, Any], field: str
) -> None:
    resp = svc_post(demo_live, jane, "interview/list", body)
    assert resp.status_code == 422 and resp.json()["details"]["field"] == field


# --- result -----------------------------------------------------------------------------------


def test_result_as_the_reference_shows(demo_live: Live, jane: dict[str, str]) -> None:
    resp = svc_get(demo_live, jane, "interview/getResult", interviewId=REFERENCE_INTERVIEW_ID)
    body = resp.json()
    assert resp.status_code == 200 and body["message"] == "Success" and body["error"] is False
    assert body["records"] == {
        "interview_id": REFERENCE_INTERVIEW_ID,
        "candidate_email": REFERENCE_CANDIDATE_EMAIL,
        "status": "completed",
        "overall_decision": "shortlisted",
        "scores": REFERENCE_SCORES,
    }


@pytest.mark.parametrize("status", ["invited", "in_progress", "expired"])
def test_unfinished_interviews_have_no_result_yet(
    demo_live: Live, jane: dict[str, str], status: str
) -> None:
    row = svc_post(demo_live, jane, "interview/list", {"status": status, "top": 1}).json()[
        "records"
    ][0]
    records = svc_get(
        demo_live, jane, "interview/getResult", interviewId=row["interview_id"]
    ).json()["records"]
    assert records["status"] == status
    assert records["overall_decision"] is None and records["scores"] is None


def test_result_scoping_and_bad_ids(
    demo_live: Live, jane: dict[str, str], hank: dict[str, str]
) -> None:
    foreign = svc_get(demo_live, hank, "interview/getResult", interviewId=REFERENCE_INTERVIEW_ID)
    assert foreign.status_code == 404 and "scores" not in foreign.text
    assert svc_get(demo_live, jane, "interview/getResult", interviewId=999_999).status_code == 404
    for params in ({}, {"interviewId": "5012x"}):
        resp = svc_get(demo_live, jane, "interview/getResult", **params)
        assert resp.status_code == 422 and resp.json()["details"]["field"] == "interviewId"


# --- auth and JSON ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "interview/invite"),
        ("POST", "interview/list"),
        ("GET", "interview/getResult?interviewId=5012"),
    ],
)
def test_every_interview_endpoint_needs_a_valid_token(
    demo_live: Live, method: str, path: str
) -> None:
    expired = bearer(demo_live, JANE_USER_ID, ACME_ORG_ID, age_seconds=7200)
    for headers in ({}, {"Authorization": "Bearer not-a-token"}, expired):
        resp = demo_live.client.request(method, f"/api/v1/svc/{path}", json={}, headers=headers)
        assert resp.status_code == 401, (headers, resp.text)
        assert resp.json()["error"] is True


@pytest.mark.parametrize("path", ["interview/invite", "interview/list"])
def test_malformed_json_is_400(demo_live: Live, jane: dict[str, str], path: str) -> None:
    resp = demo_live.client.post(
        f"/api/v1/svc/{path}",
        content=b'{"emails": [',
        headers={**jane, "Content-Type": "application/json"},
    )
    assert resp.status_code == 400 and resp.json()["error_code"] == "INVALID_JSON"
