"""Crafted inputs that once answered 500 (issue #13, point 2), as a table: each must answer 400 or
422 in the envelope of the API it was sent to, naming the field, against a real demo server."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
import websockets
from websockets.exceptions import InvalidStatus

from talenttui.server.demo.constants import JANE_EMAIL, JANE_USER_ID, REFERENCE_CAMPAIGNS
from talenttui.server.settings import OtpPolicy, ServerSettings
from tests.conftest import Live
from tests.server.otp_helpers import login

SARAH_EMAIL = "sarah.johnson@example.com"
SARAH_PUBLIC_ID = "user_123"
BIG = "9223372036854775808"  # 2**63
HUGE = "1" + "0" * 40
CAMPAIGN = REFERENCE_CAMPAIGNS[0][0]


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@dataclass(frozen=True)
class Case:
    """`raw` is the exact body sent (escapes like \\ud800 and NaN survive only as raw text)."""

    name: str
    method: str
    path: str
    field: str
    raw: str | None = None
    params: dict[str, str] = dataclasses.field(default_factory=dict)
    who: str = "jane"  # or "anonymous"
    status: int = 422


def _profile(fragment: str) -> str:
    return "{" + fragment + "}"


CASES = [
    # no login needed
    Case(
        "login surrogate",
        "POST",
        "/api/v1/auth/loginOTP",
        "email",
        '{"email": "a\\ud800@example.com"}',
        who="anonymous",
    ),
    Case(
        "signup surrogate name",
        "POST",
        "/api/v1/auth/signupOTP",
        "firstName",
        '{"email": "new@example.com", "firstName": "\\udfff"}',
        who="anonymous",
    ),
    Case(
        "signup big role",
        "POST",
        "/api/v1/auth/signupOTP",
        "org_type_id",
        '{"email": "new2@example.com", "org_type_id": ' + BIG + "}",
        who="anonymous",
    ),
    Case(
        "signup NaN",
        "POST",
        "/api/v1/auth/signupOTP",
        "role_id",
        '{"email": "new3@example.com", "role_id": NaN}',
        who="anonymous",
    ),
    Case(
        "verify Infinity",
        "POST",
        "/api/v1/auth/loginVerify",
        "verification_code",
        '{"email": "a@example.com", "session_id": "x", "verification_code": Infinity}',
        who="anonymous",
    ),
    Case(
        "verify surrogate session",
        "POST",
        "/api/v1/auth/loginVerify",
        "session_id",
        '{"email": "a@example.com", "session_id": "\\ud800", "verification_code": "123456"}',
        who="anonymous",
    ),
    # skilldeo, logged in
    Case(
        "campaign list skip", "POST", "/api/v1/svc/campaign/list", "skip", '{"skip": ' + BIG + "}"
    ),
    Case("campaign list top", "POST", "/api/v1/svc/campaign/list", "top", '{"top": ' + HUGE + "}"),
    Case(
        "campaign list user_id",
        "POST",
        "/api/v1/svc/campaign/list",
        "user_id",
        '{"user_id": ' + BIG + "}",
    ),
    Case(
        "campaign list org_id",
        "POST",
        "/api/v1/svc/campaign/list",
        "org_id",
        '{"org_id": -' + BIG + "1}",
    ),
    Case("campaign list NaN top", "POST", "/api/v1/svc/campaign/list", "top", '{"top": NaN}'),
    Case(
        "campaign search surrogate",
        "POST",
        "/api/v1/svc/campaign/list",
        "search_param",
        '{"search_param": "\\ud83d"}',
    ),
    Case(
        "interview list campaign_id",
        "POST",
        "/api/v1/svc/interview/list",
        "campaign_id",
        '{"campaign_id": ' + BIG + "}",
    ),
    Case(
        "interview list skip",
        "POST",
        "/api/v1/svc/interview/list",
        "skip",
        '{"skip": ' + HUGE + "}",
    ),
    Case(
        "invite campaign_id",
        "POST",
        "/api/v1/svc/interview/invite",
        "campaign_id",
        '{"emails": ["x@example.com"], "campaign_id": '
        + BIG
        + ', "user_id": 1042, "invited_from": "api"}',
    ),
    Case(
        "invite user_id",
        "POST",
        "/api/v1/svc/interview/invite",
        "user_id",
        '{"emails": ["x@example.com"], "campaign_id": '
        + str(CAMPAIGN)
        + ', "user_id": '
        + BIG
        + ', "invited_from": "api"}',
    ),
    Case(
        "invite surrogate email",
        "POST",
        "/api/v1/svc/interview/invite",
        "emails[0]",
        '{"emails": ["x\\ud800@example.com"], "campaign_id": '
        + str(CAMPAIGN)
        + ', "user_id": 1042, "invited_from": "api"}',
    ),
    Case(
        "details campaignId",
        "GET",
        "/api/v1/svc/campaign/getDetails",
        "campaignId",
        params={"campaignId": BIG, "userId": str(JANE_USER_ID)},
    ),
    Case(
        "details userId",
        "GET",
        "/api/v1/svc/campaign/getDetails",
        "userId",
        params={"campaignId": str(CAMPAIGN), "userId": HUGE},
    ),
    Case(
        "link campaignId",
        "GET",
        "/api/v1/svc/campaign/getLink",
        "campaignId",
        params={"campaignId": "-" + HUGE},
    ),
    Case(
        "result interviewId",
        "GET",
        "/api/v1/svc/interview/getResult",
        "interviewId",
        params={"interviewId": BIG},
    ),
    # SkillSync, logged in
    Case(
        "profile surrogate name",
        "PUT",
        "/v1/profiles/me",
        "name",
        _profile('"name": "Ja\\ud800ne"'),
    ),
    Case(
        "profile surrogate bio", "PUT", "/v1/profiles/me", "bio", _profile('"bio": "\\udc00 hello"')
    ),
    Case(
        "profile NaN years",
        "PUT",
        "/v1/profiles/me",
        "skills[0].years",
        _profile('"skills": [{"name": "Go", "level": "expert", "years": NaN}]'),
    ),
    Case(
        "profile Infinity importance",
        "PUT",
        "/v1/profiles/me",
        "required_skills[0].importance",
        _profile('"required_skills": [{"name": "Go", "importance": Infinity}]'),
    ),
    Case(
        "profile big experience",
        "PUT",
        "/v1/profiles/me",
        "experience_years",
        _profile('"experience_years": ' + BIG),
    ),
    Case(
        "profile big salary",
        "PUT",
        "/v1/profiles/me",
        "role.salary_range.min",
        _profile('"role": {"salary_range": {"min": ' + HUGE + ', "max": 1}}'),
    ),
    Case(
        "message NaN metadata",
        "POST",
        "/v1/messages",
        "metadata.score",
        '{"recipient_id": "' + SARAH_PUBLIC_ID + '", "message": "hi", "metadata": {"score": NaN}}',
    ),
    Case(
        "message surrogate",
        "POST",
        "/v1/messages",
        "message",
        '{"recipient_id": "' + SARAH_PUBLIC_ID + '", "message": "hi \\ud800"}',
    ),
    Case(
        "message big metadata int",
        "POST",
        "/v1/messages",
        "metadata.n",
        '{"recipient_id": "'
        + SARAH_PUBLIC_ID
        + '", "message": "hi", "metadata": {"n": '
        + HUGE
        + "}}",
    ),
    Case(
        "api key surrogate name",
        "POST",
        "/v1/auth/api-keys",
        "name",
        '{"name": "\\ud800", "scopes": ["matches:read"]}',
    ),
    Case(
        "webhook surrogate secret",
        "POST",
        "/v1/webhooks",
        "secret",
        '{"url": "https://example.com/hook", "events": ["match.created"], '
        '"secret": "\\ud800aaaaaaaaaaaaaaaaaaaa"}',
    ),
    Case(
        "cursor inf",
        "GET",
        "/v1/messages/conversations",
        "cursor",
        params={"cursor": _cursor("inf:1")},
    ),
    Case(
        "cursor nan",
        "GET",
        "/v1/messages/conversations",
        "cursor",
        params={"cursor": _cursor("nan:1")},
    ),
    Case(
        "cursor 1e20",
        "GET",
        "/v1/messages/conversations",
        "cursor",
        params={"cursor": _cursor("1e20:1")},
    ),
    Case(
        "cursor huge id",
        "GET",
        "/v1/messages/conversations",
        "cursor",
        params={"cursor": _cursor("1700000000.000000:" + HUGE)},
    ),
    Case(
        "deep body",
        "PUT",
        "/v1/profiles/me",
        "preferences",
        _profile('"preferences": ' + "[" * 200 + "]" * 200),
        status=422,
    ),
    Case(
        "very deep body",
        "POST",
        "/api/v1/auth/loginOTP",
        "body",
        "[" * 200_000 + "]" * 200_000,
        who="anonymous",
        status=422,
    ),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    settings = ServerSettings(
        data_dir=tmp_path_factory.mktemp("hostile"),
        port=0,
        dev=True,
        demo=True,
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000),
    )
    live = Live(settings)
    yield live
    live.close()


@pytest.fixture(scope="module")
def jane(server: Live) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(server.client, JANE_EMAIL)['token']}"}


def _send(server: Live, case: Case, headers: dict[str, str]) -> httpx.Response:
    if case.who == "anonymous":
        headers = {}
    if case.raw is None:
        return server.client.request(case.method, case.path, params=case.params, headers=headers)
    return server.client.request(
        case.method,
        case.path,
        content=case.raw.encode(),
        headers={**headers, "Content-Type": "application/json"},
    )


def _field_of(path: str, body: dict[str, Any]) -> str | None:
    if path.startswith("/v1"):
        assert body["success"] is False and "meta" in body
        return body["error"]["details"].get("field")
    assert body["error"] is True and body["status_code"] in (400, 422)
    return body.get("details", {}).get("field")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_crafted_input_is_refused_naming_the_field(
    server: Live, jane: dict[str, str], case: Case
) -> None:
    resp = _send(server, case, jane)
    assert resp.status_code == case.status, resp.text[:500]
    named = _field_of(case.path, resp.json())
    assert named is not None and named.startswith(case.field), resp.text[:500]


async def test_since_that_is_not_an_ascii_number_is_refused(
    server: Live, jane: dict[str, str]
) -> None:
    url = server.url.replace("http://", "ws://") + "/v1/realtime"
    for since in ("²", "١٢", BIG, "-1", "1e3"):
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(f"{url}?since={since}", additional_headers=jane):
                pass
        assert refused.value.response.status_code == 422, since
        body = json.loads(refused.value.response.body or b"{}")
        assert body["error"]["details"]["field"] == "since"
    async with websockets.connect(f"{url}?since=0", additional_headers=jane) as ws:
        await ws.send(json.dumps({"type": "ping"}))
        while (frame := json.loads(await asyncio.wait_for(ws.recv(), 5)))["event"] != "pong":
            assert frame["seq"] is not None  # the backlog after seq 0, then the answer
