"""Stored input can never break a read (issue #13, point 1): the worst free-form value each field
accepts is stored, then every list and page that shows it is read by both people."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
import websockets

from talenttui.server.web.free_form import MAX_BYTES, MAX_DEPTH, MAX_KEYS, json_size
from tests.conftest import Live
from tests.server.skillsync_people import Person, matched_pair, only_match
from tests.server.webhook_receiver import Receiver, register


def _nested(levels: int) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for _ in range(levels - 1):
        value = {"k": value}
    return value


def worst_metadata(size: int = MAX_BYTES) -> dict[str, Any]:
    """As deep, as wide and as big as accepted: MAX_KEYS keys, MAX_DEPTH levels, `size` bytes."""
    meta: dict[str, Any] = {"deep": _nested(MAX_DEPTH - 1)}
    meta.update({f"k{i}": "\u202e\x1b[31m" for i in range(MAX_KEYS - 2)})
    meta["pad"] = ""
    meta["pad"] = "x" * (size - json_size(meta))
    assert json_size(meta) == size and len(meta) == MAX_KEYS
    return meta


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def _refused(resp: Any, field: str) -> None:
    assert resp.status_code == 422, resp.text
    assert resp.json()["error"]["details"]["field"] == field


def test_metadata_past_the_limits_is_refused_naming_it(live: Live) -> None:
    cand, rec = matched_pair(live)
    match_id = only_match(live, rec)["id"]
    too_deep = {"a": _nested(254)}
    too_big = worst_metadata(MAX_BYTES + 1)
    too_wide = {f"k{i}": 1 for i in range(MAX_KEYS + 1)}
    for bad in (too_deep, too_big, too_wide, _nested(MAX_DEPTH + 1)):
        _refused(
            live.client.post(
                "/v1/messages",
                json={"recipient_id": cand.public_id, "message": "hi", "metadata": bad},
                headers=rec.headers,
            ),
            "metadata",
        )
        _refused(
            live.client.post(
                f"/v1/matches/{match_id}/action",
                json={"action": "save", "metadata": bad},
                headers=rec.headers,
            ),
            "metadata",
        )
    # metadata may not carry a message past the 10,000-character limit
    _refused(
        live.client.post(
            "/v1/messages",
            json={
                "recipient_id": cand.public_id,
                "message": "m" * 9000,
                "metadata": worst_metadata(),
            },
            headers=rec.headers,
        ),
        "metadata",
    )


async def _replay(live: Live, who: Person) -> list[dict[str, Any]]:
    url = live.url.replace("http://", "ws://") + "/v1/realtime?since=0"
    frames: list[dict[str, Any]] = []
    async with websockets.connect(url, additional_headers=who.headers, max_size=2**22) as ws:
        await ws.send(json.dumps({"type": "ping"}))
        while (frame := json.loads(await asyncio.wait_for(ws.recv(), 5)))["event"] != "pong":
            frames.append(frame)
    return frames


async def test_the_worst_accepted_values_leave_every_read_working(
    live: Live, receiver: Receiver
) -> None:
    cand, rec = matched_pair(live)
    hooks = [
        register(live, who, receiver.url, events=[event]).json()["data"]
        for who, event in ((cand, "message.received"), (rec, "match.accepted"))
    ]
    meta = worst_metadata()
    text = "t" * (10_000 - json_size(meta))
    accept = live.client.post(
        f"/v1/matches/{only_match(live, rec)['id']}/action",
        json={"action": "accept", "message": "hello", "metadata": meta},
        headers=rec.headers,
    )
    assert accept.status_code == 201, accept.text
    for _ in range(3):
        sent = live.client.post(
            "/v1/messages",
            json={"recipient_id": cand.public_id, "message": text, "metadata": meta},
            headers=rec.headers,
        )
        assert sent.status_code == 201, sent.text
    for who in (cand, rec):
        listed = live.client.get("/v1/messages/conversations", headers=who.headers)
        assert listed.status_code == 200, listed.text
        (conv,) = listed.json()["data"]["conversations"]
        assert conv["last_message"]["metadata"] == meta
        thread = live.client.get(f"/v1/messages/conversations/{conv['id']}", headers=who.headers)
        assert thread.status_code == 200, thread.text
        assert [m["metadata"] for m in thread.json()["data"]["messages"]][-3:] == [meta] * 3
        assert len(thread.content) < 60_000  # 4 messages of at most 10,000 characters each
        feed = live.client.get("/v1/matches/me", params={"min_score": 0}, headers=who.headers)
        assert feed.status_code == 200, feed.text
        frames = await _replay(live, who)
        assert any(f["data"].get("metadata") == meta for f in frames), [f["event"] for f in frames]
    receiver.wait_for(5)  # four messages for one, the accept for the other
    for who, hook in zip((cand, rec), hooks, strict=True):
        page = live.client.get(f"/v1/webhooks/{hook['id']}/deliveries", headers=who.headers)
        assert page.status_code == 200, page.text
    payloads = [json.loads(raw) for raw, _ in receiver.calls]
    assert any(p["data"].get("metadata") == meta for p in payloads)
