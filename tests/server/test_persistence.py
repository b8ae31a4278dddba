"""What the server accepted is still there after a restart, tokens included."""

from __future__ import annotations

from tests.conftest import Live
from tests.server.otp_helpers import signup
from tests.server.skilldeo_helpers import add_campaign, svc_get, svc_post


def test_accounts_keys_and_mails_survive_a_restart(live: Live) -> None:
    owner = signup(live.client, "keep@example.com", organization="Keep Co", role_id=2)
    headers = {"Authorization": f"Bearer {owner['token']}"}
    key = live.client.post(
        "/v1/auth/api-keys", json={"name": "k", "scopes": ["profiles:read"]}, headers=headers
    ).json()["data"]["key"]
    live.restart()
    profile = live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {key}"})
    assert profile.status_code == 200
    listed = live.client.post("/api/v1/svc/campaign/list", json={}, headers=headers)
    assert listed.status_code == 200
    mails = live.client.get("/api/v1/dev/outbox", params={"email": "keep@example.com"}).json()
    assert mails["records"] and mails["records"][0]["purpose"] == "signup"


def test_campaigns_and_invites_survive_a_restart(live: Live) -> None:
    owner = signup(live.client, "hire@example.com", organization="Hire Co", role_id=2)
    headers = {"Authorization": f"Bearer {owner['token']}"}
    cid = add_campaign(live, owner["org_id"], owner["user_id"], "Kept walk-in", skill="go")
    invited = svc_post(
        live,
        headers,
        "interview/invite",
        {
            "emails": ["one@keep.example", "two@keep.example"],
            "campaign_id": cid,
            "user_id": owner["user_id"],
            "invited_from": "api",
        },
    )
    assert invited.json()["invited_count"] == 2
    before = svc_post(live, headers, "interview/list", {"campaign_id": cid}).json()["records"]
    link = svc_get(live, headers, "campaign/getLink", campaignId=cid).json()["link"]

    live.restart()

    after = svc_post(live, headers, "interview/list", {"campaign_id": cid}).json()
    assert after["records"] == before and after["total_count"] == 2
    assert svc_get(live, headers, "campaign/getLink", campaignId=cid).json()["link"] == link
    campaigns = svc_post(live, headers, "campaign/list", {}).json()["records"]
    assert [c["name"] for c in campaigns] == ["Kept walk-in"]
    again = svc_post(
        live,
        headers,
        "interview/invite",
        {
            "emails": ["TWO@keep.example"],
            "campaign_id": cid,
            "user_id": owner["user_id"],
            "invited_from": "api",
        },
    )
    assert again.json()["invited_count"] == 0
    mails = live.client.get("/api/v1/dev/outbox", params={"email": "one@keep.example"}).json()
    assert [m["purpose"] for m in mails["records"]] == ["invite"]
