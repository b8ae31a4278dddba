"""Revocation is immediate (issue #13, point 4), and one user's sockets are limited (point 5),
on live WebSockets against a real server. How fast a revoked socket closes is measured in
bench/bench_realtime.py; here it must close, with the code and reason that say why."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import login, signup
from tests.server.skillsync_people import Person, matched_pair, person
from tests.server.webhook_receiver import send_message


def _ws_url(live: Live) -> str:
    return live.url.replace("http://", "ws://") + "/v1/realtime"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def closed_with(ws: Any) -> tuple[int, str]:
    """Drain until the server closes the socket; its close code and reason."""
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await asyncio.wait_for(ws.recv(), 5)
    rcvd = closed.value.rcvd
    assert rcvd is not None, "closed without a close frame"
    return rcvd.code, rcvd.reason


async def next_event(ws: Any, name: str) -> dict[str, Any]:
    while True:
        frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 5))
        if frame["event"] == name:
            return frame


def api_key(live: Live, who: Person) -> dict[str, Any]:
    made = live.client.post(
        "/v1/auth/api-keys",
        json={"name": "socket", "scopes": ["messages:read"]},
        headers=who.headers,
    )
    assert made.status_code == 201, made.text
    data: dict[str, Any] = made.json()["data"]
    return data


async def test_revoking_an_api_key_closes_its_sockets_and_only_those(live: Live) -> None:
    cand, rec = matched_pair(live)
    key = api_key(live, rec)
    url = _ws_url(live)
    async with (
        websockets.connect(url, additional_headers=bearer(key["key"])) as by_key,
        websockets.connect(url, additional_headers=rec.headers) as by_token,
    ):
        await next_event(by_key, "session.ready")
        await next_event(by_token, "session.ready")
        revoked = live.client.delete(f"/v1/auth/api-keys/{key['id']}", headers=rec.headers)
        assert revoked.status_code == 200
        assert await closed_with(by_key) == (4401, "credential revoked")
        send_message(live, cand, rec, "after the revocation")
        frame = await next_event(by_token, "message.received")
        assert frame["data"]["message"] == "after the revocation"
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(url, additional_headers=bearer(key["key"])):
            pass
    assert refused.value.response.status_code == 401


async def test_logout_revokes_the_token_on_the_server_and_closes_its_sockets(live: Live) -> None:
    email = "leaving@example.com"
    signup(live.client, email)
    token, other = login(live.client, email)["token"], login(live.client, email)["token"]
    async with (
        websockets.connect(_ws_url(live), additional_headers=bearer(token)) as ws,
        websockets.connect(_ws_url(live), additional_headers=bearer(other)) as stays,
    ):
        await next_event(ws, "session.ready")
        await next_event(stays, "session.ready")
        out = live.client.post("/api/v1/auth/logout", headers=bearer(token))
        assert out.status_code == 200, out.text
        assert await closed_with(ws) == (4401, "credential revoked")
        await stays.send(json.dumps({"type": "ping"}))
        assert (await next_event(stays, "pong"))["event"] == "pong"
    assert live.client.get("/v1/profiles/me", headers=bearer(token)).status_code == 401
    refused = live.client.post("/api/v1/svc/campaign/list", json={}, headers=bearer(token))
    assert refused.status_code == 401
    assert live.client.get("/v1/profiles/me", headers=bearer(other)).status_code == 200


async def test_revoking_a_session_from_the_list_closes_its_socket(live: Live) -> None:
    email = "two.devices@example.com"
    signup(live.client, email)
    laptop, phone = login(live.client, email)["token"], login(live.client, email)["token"]
    listed = live.client.get("/api/v1/auth/sessions", headers=bearer(laptop)).json()["records"]
    phone_session = next(r["id"] for r in listed if not r["current"] and r["id"])
    async with websockets.connect(_ws_url(live), additional_headers=bearer(phone)) as ws:
        await next_event(ws, "session.ready")
        ended = live.client.delete(f"/api/v1/auth/sessions/{phone_session}", headers=bearer(laptop))
        assert ended.status_code == 200
        assert await closed_with(ws) == (4401, "credential revoked")
    stranger = person(live)
    other = live.client.delete(f"/api/v1/auth/sessions/{phone_session}", headers=stranger.headers)
    assert other.status_code == 404


async def test_a_socket_closes_when_its_token_expires(live: Live, clock: FakeClock) -> None:
    someone = person(live)
    async with websockets.connect(_ws_url(live), additional_headers=someone.headers) as ws:
        await next_event(ws, "session.ready")
        clock.advance(3601)  # the test tokens live an hour
        assert await closed_with(ws) == (4401, "credential expired")


async def test_sockets_per_user_are_capped_by_plan(live: Live) -> None:
    free = person(live)  # a candidate without an organization: Free, 5 sockets
    url = _ws_url(live)
    sockets = [await websockets.connect(url, additional_headers=free.headers) for _ in range(5)]
    try:
        with pytest.raises(InvalidStatus) as refused:
            async with websockets.connect(url, additional_headers=free.headers):
                pass
        assert refused.value.response.status_code == 429
        body = json.loads(refused.value.response.body or b"{}")
        assert body["error"]["details"]["limit"] == "realtime_connections"
        assert body["error"]["details"]["max_connections"] == 5
        await sockets.pop().close()
        await asyncio.sleep(0.2)  # the server notices the close
        sockets.append(await websockets.connect(url, additional_headers=free.headers))
    finally:
        for ws in sockets:
            await ws.close()


async def test_big_frames_and_floods_from_a_client_close_its_socket(live: Live) -> None:
    someone = person(live)
    url = _ws_url(live)
    async with websockets.connect(url, additional_headers=someone.headers) as ws:
        await next_event(ws, "session.ready")
        await ws.send(json.dumps({"type": "ping", "pad": "x" * 5000}))
        assert (await closed_with(ws))[0] == 1009
    async with websockets.connect(url, additional_headers=someone.headers) as ws:
        await next_event(ws, "session.ready")
        for _ in range(200):
            await ws.send(json.dumps({"type": "ping"}))
        code, reason = await closed_with(ws)
        assert (code, reason) == (1008, "too many frames; at most 10 a second")
