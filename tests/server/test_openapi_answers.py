"""Every operation `/openapi.json` publishes, called for real: each answer matches the documented
schema for its status, fields included (an undocumented field fails), errors in their envelopes."""

from __future__ import annotations

import copy
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator

from talenttui.server.demo.constants import (
    JANE_EMAIL,
    JANE_USER_ID,
    REFERENCE_CAMPAIGNS,
    REFERENCE_INTERVIEW_ID,
)
from talenttui.server.settings import OtpPolicy
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login
from tests.server.test_photo_upload import image

SARAH_EMAIL = "sarah.johnson@example.com"
PNG = image("PNG")
Operation = tuple[str, str]


def _closed(schema: Any) -> Any:
    """Objects that list their properties admit no others, so every field sent is documented."""
    if isinstance(schema, dict):
        out = {key: _closed(value) for key, value in schema.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    return schema


class Checker:
    """Sends requests and validates each answer against the operation's documented answer."""

    def __init__(self, live: Live, spec: dict[str, Any]) -> None:
        self.live = live
        self.spec = spec
        self.components = _closed(copy.deepcopy(spec["components"]))
        self.checked: set[Operation] = set()
        self.statuses: set[tuple[str, str, int]] = set()

    def published(self) -> set[Operation]:
        return {(m.upper(), path) for path, ops in self.spec["paths"].items() for m in ops}

    def call(
        self,
        method: str,
        template: str,
        expect: int,
        *,
        path: str | None = None,
        token: str | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        resp = self.live.client.request(method, path or template, headers=headers, **kwargs)
        assert resp.status_code == expect, f"{method} {path or template}: {resp.text[:500]}"
        self.validate(method, template, resp)
        return resp

    def validate(self, method: str, template: str, resp: httpx.Response) -> None:
        operation = self.spec["paths"][template][method.lower()]
        documented = operation["responses"].get(str(resp.status_code))
        assert documented is not None, f"{method} {template} answers an undocumented {resp}"
        content_type = resp.headers["content-type"].split(";")[0]
        assert content_type in documented["content"], (method, template, content_type)
        schema = documented["content"][content_type].get("schema", {})
        if content_type == "application/json":
            root = {"components": self.components, **_closed(schema)}
            errors = sorted(Draft202012Validator(root).iter_errors(resp.json()), key=str)
            assert not errors, f"{method} {template} {resp.status_code}: {errors[0]}"
        self.checked.add((method.upper(), template))
        self.statuses.add((method.upper(), template, resp.status_code))


@pytest.fixture
def checker(start_server: Callable[..., Live]) -> Checker:
    live = start_server(demo=True, otp=OtpPolicy(resend_cooldown_seconds=600))
    spec = live.client.get("/openapi.json").json()
    return Checker(live, spec)


def _token(c: Checker, email: str) -> str:
    return str(login(c.live.client, email)["token"])


def _skilldeo(c: Checker) -> tuple[str, str]:
    """Sign up, log in, and everything a recruiter does with campaigns and interviews."""
    new = f"new.{secrets.token_hex(4)}@example.com"
    started = c.call("POST", "/api/v1/auth/signupOTP", 200, json={"email": new, "firstName": "N"})
    c.call("POST", "/api/v1/auth/signupOTP", 429, json={"email": new})
    code = latest_code(c.live.client, new)
    body = {"email": new, "session_id": started.json()["session_id"], "verification_code": code}
    c.call("POST", "/api/v1/auth/signupVerify", 200, json=body)
    c.call("POST", "/api/v1/auth/signupVerify", 401, json=body)
    c.call("POST", "/api/v1/auth/signupVerify", 422, json={**body, "verification_code": "12"})
    sent = c.call("POST", "/api/v1/auth/loginOTP", 200, json={"email": JANE_EMAIL})
    jane_code = latest_code(c.live.client, JANE_EMAIL)
    login_body = {"email": JANE_EMAIL, "session_id": sent.json()["session_id"]}
    c.call(
        "POST",
        "/api/v1/auth/loginVerify",
        401,
        json={**login_body, "verification_code": "000000" if jane_code != "000000" else "111111"},
    )
    jane = c.call(
        "POST", "/api/v1/auth/loginVerify", 200, json={**login_body, "verification_code": jane_code}
    ).json()["token"]
    c.call(
        "POST",
        "/api/v1/auth/loginVerify",
        400,
        content=b'{"email": ',
        headers={"Content-Type": "application/json"},
    )
    c.call("POST", "/api/v1/auth/loginOTP", 413, content=b"x" * (2 * 1024 * 1024))
    campaign = REFERENCE_CAMPAIGNS[0][0]
    c.call("POST", "/api/v1/svc/campaign/list", 200, token=jane, json={})
    c.call("POST", "/api/v1/svc/campaign/list", 401, json={})
    c.call("POST", "/api/v1/svc/campaign/list", 422, token=jane, json={"top": 0})
    details = "/api/v1/svc/campaign/getDetails"
    params = {"campaignId": campaign, "userId": JANE_USER_ID}
    c.call("GET", details, 200, token=jane, params=params)
    c.call("GET", details, 404, token=jane, params={**params, "campaignId": 1})
    c.call("GET", details, 422, token=jane, params={"campaignId": "x", "userId": 1})
    c.call("GET", "/api/v1/svc/campaign/getLink", 200, token=jane, params={"campaignId": campaign})
    invite = {
        "emails": ["schema.check@example.com"],
        "campaign_id": campaign,
        "user_id": JANE_USER_ID,
        "invited_from": "api",
    }
    c.call("POST", "/api/v1/svc/interview/invite", 200, token=jane, json=invite)
    c.call("POST", "/api/v1/svc/interview/invite", 422, token=jane, json={**invite, "emails": []})
    c.call("POST", "/api/v1/svc/interview/list", 200, token=jane, json={"campaign_id": campaign})
    result = "/api/v1/svc/interview/getResult"
    c.call("GET", result, 200, token=jane, params={"interviewId": REFERENCE_INTERVIEW_ID})
    c.call("GET", result, 404, token=jane, params={"interviewId": 1})
    c.call("GET", "/api/v1/dev/outbox", 200, params={"email": JANE_EMAIL})
    c.call("GET", "/api/v1/dev/outbox", 422, params={"email": "x"})
    c.call("GET", "/healthz", 200)
    c.call("GET", "/readyz", 200)
    return jane, _token(c, SARAH_EMAIL)


def _matches_and_profiles(c: Checker, sarah: str, jane: str) -> None:
    feed = c.call("GET", "/v1/matches/{ref}", 200, path="/v1/matches/me", token=sarah)
    match_id = feed.json()["data"]["matches"][0]["id"]
    one = f"/v1/matches/{match_id}"
    c.call("GET", "/v1/matches/{ref}", 200, path=one, token=sarah)
    c.call("GET", "/v1/matches/{ref}", 404, path="/v1/matches/match_none", token=sarah)
    c.call("GET", "/v1/matches/{ref}", 422, path="/v1/matches/me?limit=0", token=sarah)
    c.call("GET", "/v1/matches/{ref}", 401, path="/v1/matches/me")
    c.call("GET", "/v1/matches/{ref}", 403, path="/v1/matches/user_456", token=sarah)
    action = "/v1/matches/{match_id}/action"
    act = f"{one}/action"
    c.call("POST", action, 201, path=act, token=sarah, json={"action": "save"})
    c.call("POST", action, 200, path=act, token=sarah, json={"action": "save"})
    c.call("POST", action, 201, path=act, token=sarah, json={"action": "reset"})
    c.call("POST", action, 422, path=act, token=sarah, json={"action": "maybe"})
    none = "/v1/matches/match_none/action"
    c.call("POST", action, 404, path=none, token=sarah, json={"action": "save"})
    c.call("POST", action, 400, path=act, token=sarah, content=b"{", headers=_JSON)
    profile = "/v1/profiles/{user_id}"
    c.call("GET", profile, 200, path="/v1/profiles/me", token=sarah)
    c.call("GET", profile, 200, path="/v1/profiles/me", token=jane)
    c.call("GET", profile, 404, path="/v1/profiles/user_nobody", token=sarah)
    c.call("PUT", profile, 200, path="/v1/profiles/me", token=sarah, json={"title": "Engineer"})
    c.call("PUT", profile, 200, path="/v1/profiles/me", token=jane, json={"industry": "Software"})
    c.call("PUT", profile, 422, path="/v1/profiles/me", token=sarah, json={"id": "user_1"})
    c.call("PUT", profile, 403, path="/v1/profiles/user_456", token=sarah, json={"title": "x"})
    upload = "/v1/profiles/{user_id}/photo"
    photo = c.call(
        "POST", upload, 200, path="/v1/profiles/me/photo", token=sarah, files=_photo(PNG)
    )
    c.call("POST", upload, 422, path="/v1/profiles/me/photo", token=sarah, files=_photo(b"GIF"))
    name = photo.json()["data"]["avatar"].rsplit("/", 1)[1]
    c.call("GET", "/v1/photos/{name}", 200, path=f"/v1/photos/{name}")
    c.call("GET", "/v1/photos/{name}", 404, path="/v1/photos/nothing.png")


_JSON = {"Content-Type": "application/json"}


def _photo(content: bytes) -> dict[str, tuple[str, bytes, str]]:
    return {"photo": ("me.png", content, "image/png")}


def _messages_and_analytics(c: Checker, sarah: str, jane: str) -> None:
    sent = c.call(
        "POST", "/v1/messages", 201, token=sarah, json={"recipient_id": "user_456", "message": "Hi"}
    )
    to_stranger = {"recipient_id": _stranger(c), "message": "Hi"}
    c.call("POST", "/v1/messages", 403, token=sarah, json=to_stranger)
    to_nobody = {"recipient_id": "user_nobody", "message": "Hi"}
    c.call("POST", "/v1/messages", 404, token=sarah, json=to_nobody)
    c.call("POST", "/v1/messages", 422, token=sarah, json={"recipient_id": "user_456"})
    c.call("GET", "/v1/messages/conversations", 200, token=sarah)
    c.call("GET", "/v1/messages/conversations", 422, token=sarah, params={"limit": 0})
    thread = "/v1/messages/conversations/{conversation_id}"
    conv = sent.json()["data"]["conversation_id"]
    c.call("GET", thread, 200, path=f"/v1/messages/conversations/{conv}", token=jane)
    c.call("GET", thread, 404, path="/v1/messages/conversations/conv_none", token=jane)
    users = "/v1/analytics/users/{user_id}"
    c.call("GET", users, 200, path="/v1/analytics/users/me", token=sarah)
    c.call("GET", users, 403, path="/v1/analytics/users/user_456", token=sarah)
    c.call("GET", "/v1/analytics/platform", 200, token=jane)
    c.call("GET", "/v1/analytics/platform", 403, token=sarah)


def _stranger(c: Checker) -> str:
    """A user Sarah shares nothing with: one just signed up."""
    token = _signed_up(c, f"stranger.{secrets.token_hex(4)}@example.com")
    me = c.live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    return str(me.json()["data"]["id"])


def _signed_up(c: Checker, email: str) -> str:
    started = c.live.client.post("/api/v1/auth/signupOTP", json={"email": email}).json()
    body = {
        "email": email,
        "session_id": started["session_id"],
        "verification_code": latest_code(c.live.client, email),
    }
    return str(c.live.client.post("/api/v1/auth/signupVerify", json=body).json()["token"])


def _keys_and_webhooks(c: Checker, sarah: str) -> None:
    keys = "/v1/auth/api-keys"
    made = c.call("POST", keys, 201, token=sarah, json={"name": "ci", "scopes": ["matches:read"]})
    key = made.json()["data"]["key"]
    c.call("POST", keys, 422, token=sarah, json={"name": "ci", "scopes": ["no:such"]})
    c.call("GET", keys, 200, token=sarah)
    c.call("GET", keys, 403, token=key)
    c.call("GET", keys, 401, token="sk_test_not_a_key")
    revoke = "/v1/auth/api-keys/{key_id}"
    key_id = made.json()["data"]["id"]
    c.call("DELETE", revoke, 200, path=f"{keys}/{key_id}", token=sarah)
    c.call("DELETE", revoke, 404, path=f"{keys}/key_none", token=sarah)
    hooks = "/v1/webhooks"
    hook = c.call(
        "POST",
        hooks,
        201,
        token=sarah,
        json={"url": "http://127.0.0.1:9/hook", "events": ["message.received"]},
    ).json()["data"]["id"]
    c.call("POST", hooks, 422, token=sarah, json={"url": "http://127.0.0.1:9/", "events": []})
    c.call("GET", hooks, 200, token=sarah)
    deliveries = "/v1/webhooks/{webhook_id}/deliveries"
    c.call("GET", deliveries, 200, path=f"{hooks}/{hook}/deliveries", token=sarah)
    c.call("GET", deliveries, 422, path=f"{hooks}/{hook}/deliveries?limit=0", token=sarah)
    resend = "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/resend"
    c.call("POST", resend, 404, path=f"{hooks}/{hook}/deliveries/whd_none/resend", token=sarah)
    c.call("DELETE", "/v1/webhooks/{webhook_id}", 200, path=f"{hooks}/{hook}", token=sarah)
    c.call("DELETE", "/v1/webhooks/{webhook_id}", 404, path=f"{hooks}/{hook}", token=sarah)
    c.call("GET", deliveries, 404, path=f"{hooks}/{hook}/deliveries", token=sarah)


def _sessions(c: Checker, sarah: str, jane: str) -> None:
    """Our extension: list and revoke login sessions, log out."""
    listed = c.call("GET", "/api/v1/auth/sessions", 200, token=jane).json()["records"]
    (current,) = [r["id"] for r in listed if r["current"]]
    one = "/api/v1/auth/sessions/{session_id}"
    c.call("DELETE", one, 404, path=f"/api/v1/auth/sessions/{current}", token=sarah)
    c.call("DELETE", one, 200, path=f"/api/v1/auth/sessions/{current}", token=jane)
    c.call("GET", "/api/v1/auth/sessions", 401, token=jane)
    c.call("POST", "/api/v1/auth/logout", 200, token=sarah)
    c.call("POST", "/api/v1/auth/logout", 401, token=sarah)


def _rate_limited(c: Checker) -> None:
    """A caller on the Free plan past its burst gets the 429 envelope."""
    token = _signed_up(c, f"busy.{secrets.token_hex(4)}@example.com")
    for _ in range(200):
        resp = c.live.client.get("/v1/auth/api-keys", headers={"Authorization": f"Bearer {token}"})
        if resp.status_code == 429:
            c.validate("GET", "/v1/auth/api-keys", resp)
            return
        assert resp.status_code == 200, resp.text
    pytest.fail("no 429 after 200 requests on the Free plan")


def test_every_published_operation_answers_as_documented(checker: Checker) -> None:
    jane, sarah = _skilldeo(checker)
    _matches_and_profiles(checker, sarah, jane)
    _messages_and_analytics(checker, sarah, jane)
    _keys_and_webhooks(checker, sarah)
    _sessions(checker, sarah, jane)
    _rate_limited(checker)
    assert checker.checked == checker.published()
    errors = {status for _, _, status in checker.statuses if status >= 400}
    assert errors >= {400, 401, 403, 404, 413, 422, 429}


def test_the_schema_documents_the_bearer_scheme_and_no_framework_422(checker: Checker) -> None:
    spec = checker.spec
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "description": spec["components"]["securitySchemes"]["bearer"]["description"],
    }
    secured = {
        (m.upper(), p)
        for p, ops in spec["paths"].items()
        for m, op in ops.items()
        if op.get("security")
    }
    assert ("GET", "/v1/matches/{ref}") in secured
    assert ("POST", "/api/v1/svc/campaign/list") in secured
    assert ("POST", "/api/v1/auth/loginOTP") not in secured
    assert ("GET", "/v1/photos/{name}") not in secured
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_docs_pages_are_off(checker: Checker) -> None:
    """Swagger UI would load its assets from a CDN: the server serves no /docs or /redoc."""
    for page in ("/docs", "/redoc"):
        assert checker.live.client.get(page).status_code == 404
