"""`/openapi.json` describes both APIs on the one server."""

from __future__ import annotations

from tests.conftest import Live

SKILLDEO = {
    "/api/v1/auth/signupOTP", "/api/v1/auth/signupVerify", "/api/v1/auth/loginOTP",
    "/api/v1/auth/loginVerify", "/api/v1/svc/campaign/list", "/api/v1/svc/campaign/getDetails",
    "/api/v1/svc/campaign/getLink", "/api/v1/svc/interview/invite", "/api/v1/svc/interview/list",
    "/api/v1/svc/interview/getResult",
}  # fmt: skip
SKILLSYNC = {
    "/v1/auth/api-keys", "/v1/matches/{ref}", "/v1/matches/{match_id}/action",
    "/v1/profiles/{user_id}", "/v1/profiles/{user_id}/photo", "/v1/messages",
    "/v1/messages/conversations", "/v1/messages/conversations/{conversation_id}",
    "/v1/analytics/users/{user_id}", "/v1/analytics/platform",
}  # fmt: skip


def test_openapi_covers_both_apis(live: Live) -> None:
    resp = live.client.get("/openapi.json")
    assert resp.status_code == 200
    paths = set(resp.json()["paths"])
    assert paths >= SKILLDEO
    assert paths >= SKILLSYNC
