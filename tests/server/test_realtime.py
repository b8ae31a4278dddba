"""`/v1/realtime` with a real WebSocket client: live events, replay after a disconnect, resync, typing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import websockets
from sqlalchemy import update
from websockets.exceptions import InvalidStatus

from talenttui.server.models import Event
from tests.conftest import Live
from tests.server.skillsync_people import (
    Person,
    db,
    events_of,
    matched_pair,
    module_server,
    person,
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One dev server for the tests that need no settings of their own (each uses fresh users)."""
    with module_server(tmp_path_factory.mktemp("realtime")) as server:
        yield server


def _ws_url(live: Live, query: str = "") -> str:
    return live.url.replace("http://", "ws://") + "/v1/realtime" + query


async def _recv(ws: Any, timeout: float = 5.0) -> dict[str, Any]:
    frame: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), timeout))
    return frame


async def _recv_event(ws: Any, name: str) -> dict[str, Any]:
    while True:
        frame = await _recv(ws)
        if frame["event"] == name:
            return frame


def _send(live: Live, sender: Person, recipient: Person, text: str) -> None:
    resp = live.client.post(
        "/v1/messages",
        json={"recipient_id": recipient.public_id, "message": text},
        headers=sender.headers,
    )
    assert resp.status_code == 201, resp.text


async def test_live_event_arrives_with_seq(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    async with websockets.connect(_ws_url(shared), additional_headers=rec.headers) as ws:
        ready = await _recv(ws)
        assert ready["event"] == "session.ready"
        _send(shared, cand, rec, "ping over ws")
        frame = await _recv_event(ws, "message.received")
        assert frame["data"]["message"] == "ping over ws"
        assert frame["seq"] > ready["data"]["seq"]
        assert frame["id"].startswith("evt_") and frame["created_at"].endswith("Z")


async def test_replay_after_disconnect_loses_and_doubles_nothing(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    seen: list[int] = []
    async with websockets.connect(_ws_url(shared), additional_headers=rec.headers) as ws:
        await _recv(ws)
        _send(shared, cand, rec, "one")
        frame = await _recv_event(ws, "message.received")
        seen.append(frame["seq"])
    for text in ("two", "three", "four"):
        _send(shared, cand, rec, text)
    last = seen[-1]
    async with websockets.connect(
        _ws_url(shared, f"?since={last}"), additional_headers=rec.headers
    ) as ws:
        texts: list[str] = []
        while len(texts) < 4:
            if len(texts) == 3:
                _send(shared, cand, rec, "five (shared)")
            frame = await _recv(ws)
            seen.append(frame["seq"])
            if frame["event"] == "message.received":
                texts.append(frame["data"]["message"])
    assert texts == ["two", "three", "four", "five (shared)"]
    assert seen == sorted(seen) and len(seen) == len(set(seen))
    assert seen == list(range(seen[0], seen[0] + len(seen)))


async def test_since_beyond_the_window_gets_resync(start_server: Any) -> None:
    live = start_server(realtime_replay_window=3)
    cand, rec = matched_pair(live)
    for i in range(6):
        _send(live, cand, rec, f"m{i}")
    async with websockets.connect(_ws_url(live, "?since=0"), additional_headers=rec.headers) as ws:
        frame = await _recv(ws)
        assert frame["event"] == "session.resync"
        assert frame["seq"] >= 6
        _send(live, cand, rec, "after resync")
        live_frame = await _recv_event(ws, "message.received")
        assert live_frame["seq"] == frame["seq"] + 1


async def test_typing_reaches_the_other_participant_only(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "open the conversation")
    conv = shared.client.get("/v1/messages/conversations", headers=rec.headers).json()["data"][
        "conversations"
    ][0]["id"]
    async with (
        websockets.connect(_ws_url(shared), additional_headers=rec.headers) as rec_ws,
        websockets.connect(_ws_url(shared), additional_headers=cand.headers) as cand_ws,
    ):
        await _recv(rec_ws)
        await _recv(cand_ws)
        await cand_ws.send(json.dumps({"type": "typing", "conversation_id": conv}))
        frame = await _recv_event(rec_ws, "typing")
        assert frame["seq"] is None
        assert frame["data"] == {"conversation_id": conv, "user_id": cand.public_id}
        await cand_ws.send(json.dumps({"type": "ping"}))
        assert (await _recv(cand_ws))["event"] == "pong"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}])
async def test_handshake_without_valid_credentials_is_refused(
    shared: Live, headers: dict[str, str]
) -> None:
    with pytest.raises(InvalidStatus) as info:
        async with websockets.connect(_ws_url(shared), additional_headers=headers):
            pass
    assert info.value.response.status_code == 401


async def test_token_in_the_url_is_refused(shared: Live) -> None:
    cand, _ = matched_pair(shared)
    with pytest.raises(InvalidStatus) as info:
        async with websockets.connect(_ws_url(shared, f"?access_token={cand.token}")):
            pass
    assert info.value.response.status_code == 401


async def test_since_older_than_the_window_in_days_gets_resync(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "old news")
    last = events_of(shared, rec)[-1].seq
    with db(shared) as session:
        session.execute(
            update(Event)
            .where(Event.user_id == rec.id)
            .values(created_at=datetime.now(UTC) - timedelta(days=8))
        )
        session.commit()
    async with websockets.connect(
        _ws_url(shared, f"?since={last - 1}"), additional_headers=rec.headers
    ) as ws:
        frame = await _recv(ws)
    assert frame["event"] == "session.resync" and frame["seq"] == last


async def test_since_ahead_of_the_user_gets_resync(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "hello")
    current = events_of(shared, rec)[-1].seq
    async with websockets.connect(
        _ws_url(shared, f"?since={current + 50}"), additional_headers=rec.headers
    ) as ws:
        frame = await _recv(ws)
    assert frame["event"] == "session.resync" and frame["seq"] == current


async def test_replay_frames_are_the_stored_events(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "stored")
    stored = events_of(shared, rec)
    async with websockets.connect(
        _ws_url(shared, "?since=0"), additional_headers=rec.headers
    ) as ws:
        frames = [await _recv(ws) for _ in stored]
    assert [(f["id"], f["seq"], f["event"]) for f in frames] == [
        (e.public_id, e.seq, e.event) for e in stored
    ]


async def test_typing_from_a_non_participant_is_not_relayed(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "private")
    conv = shared.client.get("/v1/messages/conversations", headers=rec.headers).json()["data"][
        "conversations"
    ][0]["id"]
    stranger = person(shared, name="Nosy Parker")
    async with (
        websockets.connect(_ws_url(shared), additional_headers=rec.headers) as rec_ws,
        websockets.connect(_ws_url(shared), additional_headers=stranger.headers) as nosy_ws,
    ):
        await _recv(rec_ws)
        await _recv(nosy_ws)
        await nosy_ws.send(json.dumps({"type": "typing", "conversation_id": conv}))
        await nosy_ws.send(json.dumps({"type": "typing", "conversation_id": "conv_nope"}))
        await _cand_typing(shared, cand, conv)
        frame = await _recv_event(rec_ws, "typing")
    assert frame["data"]["user_id"] == cand.public_id, "the stranger's typing got through"


async def _cand_typing(live: Live, cand: Person, conv: str) -> None:
    async with websockets.connect(_ws_url(live), additional_headers=cand.headers) as ws:
        await _recv(ws)
        await ws.send(json.dumps({"type": "typing", "conversation_id": conv}))
        await ws.send(json.dumps({"type": "ping"}))
        assert (await _recv(ws))["event"] == "pong"


async def test_api_key_without_messages_read_is_refused(shared: Live) -> None:
    _, rec = matched_pair(shared)
    resp = shared.client.post(
        "/v1/auth/api-keys", json={"name": "ro", "scopes": ["matches:read"]}, headers=rec.headers
    )
    key = resp.json()["data"]["key"]
    with pytest.raises(InvalidStatus) as info:
        async with websockets.connect(
            _ws_url(shared), additional_headers={"Authorization": f"Bearer {key}"}
        ):
            pass
    assert info.value.response.status_code == 403
    reader = shared.client.post(
        "/v1/auth/api-keys", json={"name": "rt", "scopes": ["messages:read"]}, headers=rec.headers
    ).json()["data"]["key"]
    async with websockets.connect(
        _ws_url(shared), additional_headers={"Authorization": f"Bearer {reader}"}
    ) as ws:
        assert (await _recv(ws))["event"] == "session.ready"


async def test_bad_since_is_refused(shared: Live) -> None:
    _, rec = matched_pair(shared)
    with pytest.raises(InvalidStatus) as info:
        async with websockets.connect(_ws_url(shared, "?since=-1"), additional_headers=rec.headers):
            pass
    assert info.value.response.status_code == 422
    assert json.loads(info.value.response.body)["error"]["details"]["field"] == "since"


async def test_typing_flood_is_relayed_once_a_second(shared: Live) -> None:
    cand, rec = matched_pair(shared)
    _send(shared, cand, rec, "hello")
    conv = shared.client.get("/v1/messages/conversations", headers=rec.headers).json()["data"][
        "conversations"
    ][0]["id"]
    async with (
        websockets.connect(_ws_url(shared), additional_headers=rec.headers) as rec_ws,
        websockets.connect(_ws_url(shared), additional_headers=cand.headers) as cand_ws,
    ):
        await _recv(rec_ws)
        await _recv(cand_ws)
        for _ in range(20):
            await cand_ws.send(json.dumps({"type": "typing", "conversation_id": conv}))
        await cand_ws.send(json.dumps({"type": "ping"}))
        assert (await _recv(cand_ws))["event"] == "pong"
        assert (await _recv(rec_ws))["event"] == "typing"
        with pytest.raises(TimeoutError):
            await _recv(rec_ws, timeout=0.3)


async def test_malformed_client_frames_get_an_error_and_the_stream_goes_on(shared: Live) -> None:
    _, rec = matched_pair(shared)
    async with websockets.connect(_ws_url(shared), additional_headers=rec.headers) as ws:
        await _recv(ws)
        for bad in (b"\x00binary", "not json", "[1, 2]", json.dumps({"type": "dance"})):
            await ws.send(bad)
            assert (await _recv(ws))["event"] == "error"
        await ws.send(json.dumps({"type": "ping"}))
        assert (await _recv(ws))["event"] == "pong"
