"""skilldeo campaigns (/api/v1/svc/campaign) over real HTTP: the reference's examples on the demo
data, organization scoping, paging, search and filters, and every kind of bad request."""

from __future__ import annotations

from typing import Any

import pytest

from talenttui.server.demo.constants import ACME_ORG_ID, JANE_EMAIL, JANE_USER_ID, RUNS_UNTIL
from tests.conftest import Live
from tests.server.demo_time import moved
from tests.server.otp_helpers import login
from tests.server.skilldeo_helpers import (
    add_campaign,
    add_org,
    add_user_without_org,
    bearer,
    svc_get,
    svc_post,
)

GLOBEX_ORG_ID, HANK_USER_ID = 89, 1043
REFERENCE_NAMES = {"Dotnet AI walk-in", "Angular AI walk-in", "Java AI walk-in"}


@pytest.fixture(scope="module")
def jane(demo_live: Live) -> dict[str, str]:
    return bearer(demo_live, JANE_USER_ID, ACME_ORG_ID)


@pytest.fixture(scope="module")
def hank(demo_live: Live) -> dict[str, str]:
    return bearer(demo_live, HANK_USER_ID, GLOBEX_ORG_ID)


def _ids(resp: Any) -> list[int]:
    return [r["id"] for r in resp.json()["records"]]


def test_jane_logs_in_for_real_and_lists_the_reference_campaigns(demo_live: Live) -> None:
    body = login(demo_live.client, JANE_EMAIL)
    assert body["user_id"] == JANE_USER_ID and body["org_id"] == ACME_ORG_ID
    resp = svc_post(
        demo_live,
        {"Authorization": f"Bearer {body['token']}"},
        "campaign/list",
        {"org_id": 88, "user_id": 1042, "search_param": "", "status": "active", "top": 10},
    )
    listed = resp.json()
    assert resp.status_code == 200, resp.text
    assert listed["message"] == "Success" and listed["error"] is False
    assert listed["status_code"] == 200
    assert {r["name"] for r in listed["records"]} >= REFERENCE_NAMES
    assert all(r["status"] == "active" for r in listed["records"])
    assert {"id", "name", "status", "skill", "location"} <= set(listed["records"][0])


def test_paging_counts_and_has_more(demo_live: Live, jane: dict[str, str]) -> None:
    everything = svc_post(demo_live, jane, "campaign/list", {"top": 100}).json()
    total = everything["total_count"]
    assert total == len(everything["records"]) >= 4 and everything["hasMore"] is False
    first = svc_post(demo_live, jane, "campaign/list", {"top": 2, "skip": 0})
    second = svc_post(demo_live, jane, "campaign/list", {"top": 2, "skip": 2})
    assert first.json()["hasMore"] is True and first.json()["total_count"] == total
    assert _ids(first) + _ids(second) == [r["id"] for r in everything["records"]][:4]
    last = svc_post(demo_live, jane, "campaign/list", {"top": 2, "skip": total - 1}).json()
    assert len(last["records"]) == 1 and last["hasMore"] is False
    beyond = svc_post(demo_live, jane, "campaign/list", {"skip": total + 5}).json()
    assert beyond["records"] == [] and beyond["total_count"] == total
    default = svc_post(demo_live, jane, "campaign/list", {}).json()
    assert len(default["records"]) == min(10, total)


@pytest.mark.parametrize(
    ("needle", "expected"),
    [("DOTNET", 22554), ("chennai", 22554), ("angular ai", 22553), ("  Java AI walk-in ", 22552)],
)
def test_search_matches_name_skill_or_location(
    demo_live: Live, jane: dict[str, str], needle: str, expected: int
) -> None:
    found = svc_post(demo_live, jane, "campaign/list", {"search_param": needle, "top": 100})
    assert expected in _ids(found)
    assert found.json()["total_count"] == len(_ids(found))


def test_search_text_is_literal(demo_live: Live, jane: dict[str, str]) -> None:
    for needle in ("%", "_", "zzz-no-such-campaign"):
        found = svc_post(demo_live, jane, "campaign/list", {"search_param": needle}).json()
        assert found["records"] == [] and found["total_count"] == 0, needle


def test_status_filter(demo_live: Live, jane: dict[str, str]) -> None:
    every = svc_post(demo_live, jane, "campaign/list", {"top": 100}).json()["records"]
    for status in ("active", "inactive"):
        listed = svc_post(demo_live, jane, "campaign/list", {"status": status, "top": 100})
        expected = [r["id"] for r in every if r["status"] == status]
        assert _ids(listed) == expected
    upper = svc_post(demo_live, jane, "campaign/list", {"status": "ACTIVE", "top": 100})
    assert _ids(upper) == [r["id"] for r in every if r["status"] == "active"]
    bad = svc_post(demo_live, jane, "campaign/list", {"status": "paused"})
    assert bad.status_code == 422 and bad.json()["details"]["field"] == "status"


def test_user_id_filters_to_that_recruiters_campaigns(live: Live) -> None:
    org, (alice, bob) = add_org(live, users=2)
    mine = add_campaign(live, org, alice, "Alice's")
    theirs = add_campaign(live, org, bob, "Bob's")
    headers = bearer(live, alice, org)
    assert _ids(svc_post(live, headers, "campaign/list", {})) == [theirs, mine]
    assert _ids(svc_post(live, headers, "campaign/list", {"user_id": bob})) == [theirs]
    assert _ids(svc_post(live, headers, "campaign/list", {"user_id": alice})) == [mine]
    other_org, (stranger,) = add_org(live)
    add_campaign(live, other_org, stranger, "Elsewhere")
    assert svc_post(live, headers, "campaign/list", {"user_id": stranger}).status_code == 404
    assert svc_post(live, headers, "campaign/list", {"user_id": 999_999}).status_code == 404
    assert svc_post(live, headers, "campaign/list", {"org_id": other_org}).status_code == 404
    assert _ids(svc_post(live, headers, "campaign/list", {"org_id": org})) == [theirs, mine]


def test_a_caller_without_an_organization_sees_nothing(live: Live) -> None:
    org, (owner,) = add_org(live)
    cid = add_campaign(live, org, owner)
    loner = add_user_without_org(live)
    headers = bearer(live, loner, None, role_id=1)
    listed = svc_post(live, headers, "campaign/list", {})
    assert listed.status_code == 200
    assert listed.json()["records"] == [] and listed.json()["total_count"] == 0
    assert listed.json()["hasMore"] is False
    assert svc_post(live, headers, "campaign/list", {"org_id": org}).status_code == 404
    details = svc_get(live, headers, "campaign/getDetails", campaignId=cid, userId=loner)
    assert details.status_code == 404
    assert svc_get(live, headers, "campaign/getLink", campaignId=cid).status_code == 404


def test_details_as_the_reference_shows(demo_live: Live, jane: dict[str, str]) -> None:
    resp = svc_get(demo_live, jane, "campaign/getDetails", campaignId=22554, userId=1042)
    body = resp.json()
    assert resp.status_code == 200 and body["message"] == "Success" and body["error"] is False
    records = body["records"]
    assert records["id"] == 22554 and records["name"] == "Dotnet AI walk-in"
    assert records["status"] == "active"
    assert records["skill"] == "dotnet" and records["location"] == "Chennai"
    for field in ("job_expiry_date", "start_date", "end_date"):
        assert records[field].endswith("Z") and records[field][4] == "-", field
    assert records["end_date"] == moved(demo_live, RUNS_UNTIL)


def test_other_organizations_campaigns_are_not_found(
    demo_live: Live, jane: dict[str, str], hank: dict[str, str]
) -> None:
    assert svc_post(demo_live, hank, "campaign/list", {"org_id": 88}).status_code == 404
    assert svc_post(demo_live, hank, "campaign/list", {"user_id": 1042}).status_code == 404
    for user_id in (1043, 1042):
        resp = svc_get(demo_live, hank, "campaign/getDetails", campaignId=22554, userId=user_id)
        assert resp.status_code == 404 and resp.json()["error"] is True
    assert svc_get(demo_live, hank, "campaign/getLink", campaignId=22554).status_code == 404
    hanks = _ids(svc_post(demo_live, hank, "campaign/list", {"top": 100}))
    janes = _ids(svc_post(demo_live, jane, "campaign/list", {"top": 100}))
    assert hanks and janes and not set(hanks) & set(janes)
    own = svc_get(demo_live, jane, "campaign/getDetails", campaignId=hanks[0], userId=1042)
    assert own.status_code == 404 and own.json()["message"] == "Campaign not found"


def test_unknown_ids_are_not_found(demo_live: Live, jane: dict[str, str]) -> None:
    assert (
        svc_get(demo_live, jane, "campaign/getDetails", campaignId=1, userId=1042).status_code
        == 404
    )
    assert (
        svc_get(demo_live, jane, "campaign/getDetails", campaignId=22554, userId=7).status_code
        == 404
    )
    assert svc_get(demo_live, jane, "campaign/getLink", campaignId=987654).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"top": "ten"}, "top"),
        ({"top": 1000}, "top"),
        ({"top": 0}, "top"),
        ({"skip": -1}, "skip"),
        ({"org_id": "88"}, "org_id"),
        ({"user_id": 10.5}, "user_id"),
        ({"search_param": 5}, "search_param"),
        ({"status": ["active"]}, "status"),
    ],
)
def test_wrong_types_name_the_field(
    demo_live: Live, jane: dict[str, str], body: dict[str, Any], field: str
) -> None:
    resp = svc_post(demo_live, jane, "campaign/list", body)
    assert resp.status_code == 422
    assert resp.json()["details"]["field"] == field and resp.json()["error"] is True


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("campaign/getDetails", {"campaignId": 22554}, "userId"),
        ("campaign/getDetails", {"userId": 1042}, "campaignId"),
        ("campaign/getDetails", {"campaignId": "x", "userId": 1042}, "campaignId"),
        ("campaign/getDetails", {"campaignId": 22554, "userId": "1.5"}, "userId"),
        ("campaign/getLink", {}, "campaignId"),
        ("campaign/getLink", {"campaignId": "abc"}, "campaignId"),
    ],
)
def test_bad_query_names_the_parameter(
    demo_live: Live, jane: dict[str, str], path: str, params: dict[str, Any], field: str
) -> None:
    resp = svc_get(demo_live, jane, path, **params)
    assert resp.status_code == 422 and resp.json()["details"]["field"] == field


def test_malformed_json_is_400(demo_live: Live, jane: dict[str, str]) -> None:
    broken = demo_live.client.post(
        "/api/v1/svc/campaign/list",
        content=b"{top:",
        headers={**jane, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400 and broken.json()["error"] is True


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "campaign/list"),
        ("GET", "campaign/getDetails?campaignId=22554&userId=1042"),
        ("GET", "campaign/getLink?campaignId=22554"),
    ],
)
def test_every_campaign_endpoint_needs_a_valid_token(
    demo_live: Live, method: str, path: str
) -> None:
    expired = bearer(demo_live, JANE_USER_ID, ACME_ORG_ID, age_seconds=7200)
    for headers in ({}, {"Authorization": "Bearer x.y.z"}, expired, {"Authorization": "Basic x"}):
        resp = demo_live.client.request(method, f"/api/v1/svc/{path}", json={}, headers=headers)
        assert resp.status_code == 401, (headers, resp.text)
        assert resp.json()["error"] is True and "records" not in resp.json()
