"""What the server accepted is still there after a restart, tokens included."""

from __future__ import annotations

from tests.conftest import Live
from tests.server.otp_helpers import signup


def test_accounts_invites_and_messages_survive_a_restart(live: Live) -> None:
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
