"""An authorization matrix (issue #13, point 9): every id-taking endpoint called with a second
user's and a second organization's credentials, and every API-key scope against every endpoint.
Another's resource is 403 or 404 and reveals nothing; a scope opens exactly its endpoints."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import websockets
from websockets.exceptions import InvalidStatus

from talenttui.server.models import Role
from talenttui.server.web.principal import ALL_SCOPES
from tests.conftest import Live
from tests.server.skilldeo_helpers import add_campaign, add_org, bearer, svc_get, svc_post
from tests.server.skillsync_people import (
    COMPANY_PROFILE,
    Person,
    matched_pair,
    module_server,
    person,
    put_profile,
)
from tests.server.test_photo_upload import image
from tests.server.webhook_receiver import register


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with module_server(tmp_path_factory.mktemp("authz")) as server:
        yield server


@dataclass(frozen=True)
class Owned:
    """One user's resources, by the ids the API hands out."""

    owner: Person
    partner: Person  # shares a match and a conversation with the owner
    match_id: str
    conversation_id: str
    webhook_id: str
    key_id: str
    secrets: list[str] = field(default_factory=list)


def _match_with(live: Live, owner: Person, other: Person) -> dict[str, Any]:
    resp = live.client.get(
        "/v1/matches/me", params={"min_score": 0, "limit": 100}, headers=owner.headers
    )
    [match] = [m for m in resp.json()["data"]["matches"] if m["user_id"] == other.public_id]
    return match


def _owned(live: Live) -> Owned:
    owner, partner = matched_pair(live)
    match_id = _match_with(live, owner, partner)["id"]
    sent = live.client.post(
        "/v1/messages",
        json={"recipient_id": partner.public_id, "message": "private words 7f3a"},
        headers=owner.headers,
    )
    assert sent.status_code == 201, sent.text
    hook = register(live, owner, "http://127.0.0.1:9/hook").json()["data"]
    key = live.client.post(
        "/v1/auth/api-keys",
        json={"name": "mine", "scopes": ["matches:read"]},
        headers=owner.headers,
    ).json()["data"]
    return Owned(
        owner,
        partner,
        match_id,
        sent.json()["data"]["conversation_id"],
        hook["id"],
        key["id"],
        [owner.email, "private words 7f3a", hook["secret"], key["key"]],
    )


def _cross_user_calls(o: Owned) -> list[tuple[str, str, dict[str, Any]]]:
    uid = o.owner.public_id
    return [
        ("PUT", f"/v1/profiles/{uid}", {"json": {"title": "hijacked"}}),
        ("POST", f"/v1/profiles/{uid}/photo", {"files": {"photo": ("p.png", image("PNG"))}}),
        ("GET", f"/v1/matches/{uid}", {}),
        ("GET", f"/v1/matches/{o.match_id}", {}),
        ("POST", f"/v1/matches/{o.match_id}/action", {"json": {"action": "reject"}}),
        ("GET", f"/v1/analytics/users/{uid}", {}),
        ("DELETE", f"/v1/auth/api-keys/{o.key_id}", {}),
        ("DELETE", f"/v1/webhooks/{o.webhook_id}", {}),
        ("GET", f"/v1/webhooks/{o.webhook_id}/deliveries", {}),
        ("POST", f"/v1/webhooks/{o.webhook_id}/deliveries/whd_none/resend", {}),
    ]


def _refused_quietly(resp: Any, secrets: list[str]) -> None:
    assert resp.status_code in (403, 404), resp.text
    assert resp.json()["success"] is False
    assert not any(secret in resp.text for secret in secrets), resp.text


def test_a_stranger_gets_nothing_of_anothers_resources(shared: Live) -> None:
    owned = _owned(shared)
    stranger = person(shared, role=Role.RECRUITER, name="Stranger Danger", plan="custom")
    calls = [
        *_cross_user_calls(owned),
        ("GET", f"/v1/profiles/{owned.owner.public_id}", {}),
        ("GET", f"/v1/messages/conversations/{owned.conversation_id}", {}),
    ]
    for method, path, kwargs in calls:
        resp = shared.client.request(method, path, headers=stranger.headers, **kwargs)
        _refused_quietly(resp, owned.secrets)
    to_owner = shared.client.post(
        "/v1/messages",
        json={"recipient_id": owned.owner.public_id, "message": "hello"},
        headers=stranger.headers,
    )
    assert to_owner.status_code == 403
    _owner_still_has_everything(shared, owned)


def test_a_partner_sees_the_shared_parts_only(shared: Live) -> None:
    owned = _owned(shared)
    partner = owned.partner
    assert (
        shared.client.get(
            f"/v1/profiles/{owned.owner.public_id}", headers=partner.headers
        ).status_code
        == 200
    )
    thread = shared.client.get(
        f"/v1/messages/conversations/{owned.conversation_id}", headers=partner.headers
    )
    assert thread.status_code == 200
    for method, path, kwargs in _cross_user_calls(owned):
        resp = shared.client.request(method, path, headers=partner.headers, **kwargs)
        _refused_quietly(resp, [owned.owner.email, *owned.secrets[2:]])
    _owner_still_has_everything(shared, owned)


def _owner_still_has_everything(live: Live, o: Owned) -> None:
    headers = o.owner.headers
    me = live.client.get("/v1/profiles/me", headers=headers).json()["data"]
    assert me["title"] != "hijacked" and me["avatar"] is None
    assert _match_with(live, o.owner, o.partner)["status"] == "new"
    assert [
        k["id"]
        for k in live.client.get("/v1/auth/api-keys", headers=headers).json()["data"]["api_keys"]
    ] == [o.key_id]
    hooks = live.client.get("/v1/webhooks", headers=headers).json()["data"]["webhooks"]
    assert [h["id"] for h in hooks] == [o.webhook_id]


def test_another_organization_gets_nothing_of_ours(shared: Live) -> None:
    org, (recruiter,) = add_org(shared)
    other_org, (outsider,) = add_org(shared)
    campaign = add_campaign(shared, org, recruiter, name="Secret Hiring Plan")
    ours, theirs = bearer(shared, recruiter, org), bearer(shared, outsider, other_org)
    invite = {
        "emails": ["cand@example.com"],
        "campaign_id": campaign,
        "user_id": recruiter,
        "invited_from": "api",
    }
    assert svc_post(shared, ours, "interview/invite", invite).status_code == 200
    listed = svc_post(shared, ours, "interview/list", {"campaign_id": campaign}).json()
    interview = listed["records"][0]["interview_id"]
    refusals = [
        svc_post(shared, theirs, "campaign/list", {"org_id": org}),
        svc_post(shared, theirs, "campaign/list", {"user_id": recruiter}),
        svc_get(shared, theirs, "campaign/getDetails", campaignId=campaign, userId=outsider),
        svc_get(shared, theirs, "campaign/getDetails", campaignId=campaign, userId=recruiter),
        svc_get(shared, theirs, "campaign/getLink", campaignId=campaign),
        svc_post(shared, theirs, "interview/invite", {**invite, "user_id": outsider}),
        svc_post(shared, theirs, "interview/list", {"campaign_id": campaign}),
        svc_post(shared, theirs, "interview/list", {"org_id": org}),
        svc_get(shared, theirs, "interview/getResult", interviewId=interview),
    ]
    for resp in refusals:
        assert resp.status_code == 404, resp.text
        assert "Secret Hiring Plan" not in resp.text and "cand@example.com" not in resp.text
    own_list = svc_post(shared, theirs, "campaign/list", {}).json()
    assert own_list["records"] == [] and own_list["total_count"] == 0
    assert (
        svc_post(shared, ours, "interview/list", {"campaign_id": campaign}).json()["total_count"]
        == 1
    )


# (method, path template, required scope, request keyword arguments)
SCOPED: list[tuple[str, str, str, dict[str, Any]]] = [
    ("GET", "/v1/profiles/{user_id}", "profiles:read", {}),
    ("PUT", "/v1/profiles/{user_id}", "profiles:write", {"json": {"title": "Scoped"}}),
    (
        "POST",
        "/v1/profiles/{user_id}/photo",
        "profiles:write",
        {"files": {"photo": ("p.png", image("PNG"))}},
    ),
    ("GET", "/v1/matches/{ref}", "matches:read", {}),
    ("POST", "/v1/matches/{match_id}/action", "matches:write", {"json": {"action": "save"}}),
    (
        "POST",
        "/v1/messages",
        "messages:write",
        {"json": {"recipient_id": "{partner}", "message": "hi"}},
    ),
    ("GET", "/v1/messages/conversations", "messages:read", {}),
    ("GET", "/v1/messages/conversations/{conversation_id}", "messages:read", {}),
    (
        "POST",
        "/v1/auth/api-keys",
        "api_keys:write",
        {"json": {"name": "k", "scopes": ["api_keys:write"]}},
    ),
    ("GET", "/v1/auth/api-keys", "api_keys:write", {}),
    ("DELETE", "/v1/auth/api-keys/{key_id}", "api_keys:write", {}),
    ("GET", "/v1/analytics/users/{user_id}", "analytics:read", {}),
    ("GET", "/v1/analytics/platform", "analytics:read", {}),
    (
        "POST",
        "/v1/webhooks",
        "webhooks:write",
        {"json": {"url": "http://127.0.0.1:9/h", "events": ["match.created"]}},
    ),
    ("GET", "/v1/webhooks", "webhooks:read", {}),
    ("DELETE", "/v1/webhooks/{webhook_id}", "webhooks:write", {}),
    ("GET", "/v1/webhooks/{webhook_id}/deliveries", "webhooks:read", {}),
    ("POST", "/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/resend", "webhooks:write", {}),
]
PUBLIC = {("GET", "/v1/photos/{name}")}


def _fill(template: str, values: dict[str, str]) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", value)
    return template


def test_the_scope_table_covers_every_published_operation(shared: Live) -> None:
    spec = shared.client.get("/openapi.json").json()
    published = {
        (method.upper(), path)
        for path, ops in spec["paths"].items()
        if path.startswith("/v1/")
        for method in ops
    }
    assert {(m, p) for m, p, _, _ in SCOPED} | PUBLIC == published
    assert {scope for _, _, scope, _ in SCOPED} == ALL_SCOPES


def test_every_key_scope_opens_exactly_its_endpoints(shared: Live) -> None:
    owner = person(shared, role=Role.RECRUITER, name="Key Holder", plan="enterprise")
    partner = person(shared, name="Key Partner")
    put_profile(shared, owner, COMPANY_PROFILE)
    values = {
        "user_id": "me",
        "ref": "me",
        "partner": partner.public_id,
        "match_id": "match_none",
        "conversation_id": "conv_none",
        "key_id": "key_none",
        "webhook_id": "wh_none",
        "delivery_id": "whd_none",
    }
    opened: dict[str, set[str]] = {}
    for scope in sorted(ALL_SCOPES):
        key = shared.client.post(
            "/v1/auth/api-keys", json={"name": scope, "scopes": [scope]}, headers=owner.headers
        ).json()["data"]["key"]
        headers = {"Authorization": f"Bearer {key}"}
        for method, template, required, kwargs in SCOPED:
            filled = (
                json.loads(_fill(json.dumps(kwargs.get("json")), values))
                if "json" in kwargs
                else None
            )
            call = {**kwargs, **({"json": filled} if filled is not None else {})}
            resp = shared.client.request(method, _fill(template, values), headers=headers, **call)
            # a scope refusal names the scope; other 403s (no shared match) are not about keys
            refused = (
                resp.status_code == 403 and "required_scope" in resp.json()["error"]["details"]
            )
            if scope == required:
                assert not refused, (scope, method, template, resp.text)
                opened.setdefault(scope, set()).add(f"{method} {template}")
            else:
                assert refused, (scope, method, template, resp.status_code, resp.text)
                assert resp.json()["error"]["details"]["required_scope"] == required
    assert set(opened) == ALL_SCOPES


async def test_the_realtime_socket_needs_messages_read(shared: Live) -> None:
    owner = person(shared, role=Role.RECRUITER, name="Socket Holder", plan="custom")
    url = shared.url.replace("http://", "ws://") + "/v1/realtime"
    for scope in sorted(ALL_SCOPES):
        key = shared.client.post(
            "/v1/auth/api-keys", json={"name": scope, "scopes": [scope]}, headers=owner.headers
        ).json()["data"]["key"]
        headers = {"Authorization": f"Bearer {key}"}
        if scope == "messages:read":
            async with websockets.connect(url, additional_headers=headers) as ws:
                frame = json.loads(await asyncio.wait_for(ws.recv(), 5))
                assert frame["event"] == "session.ready"
            continue
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(url, additional_headers=headers):
                pass
        assert refused.value.response.status_code == 403, scope
