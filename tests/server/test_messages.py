"""`/v1/messages` over real HTTP: who may write, idempotent sends, unread counts, paging, search."""

from __future__ import annotations

import concurrent.futures
from typing import Any

import httpx
import pytest

from talenttui.server.models import Message
from tests.conftest import Live
from tests.server.skillsync_people import Person, db, events_of, matched_pair, person


def _send(
    live: Live, sender: Person, recipient: Person, text: str, key: str | None = None, **extra: Any
) -> httpx.Response:
    headers = dict(sender.headers)
    if key:
        headers["Idempotency-Key"] = key
    body = {"recipient_id": recipient.public_id, "message": text, **extra}
    return live.client.post("/v1/messages", json=body, headers=headers)


def _count_messages(live: Live) -> int:
    with db(live) as session:
        return session.query(Message).count()


def test_send_then_read_marks_read_and_emits_events(live: Live) -> None:
    cand, rec = matched_pair(live)
    resp = _send(live, cand, rec, "Hello [bold]there[/] \x1b[31m")
    assert resp.status_code == 201, resp.text
    data = resp.json()["data"]
    assert data["message_id"].startswith("msg_") and data["conversation_id"].startswith("conv_")
    assert data["status"] == "sent" and data["read_receipt_enabled"] is True
    listed = live.client.get("/v1/messages/conversations", headers=rec.headers).json()["data"]
    [conv] = listed["conversations"]
    assert conv["unread_count"] == 1
    assert conv["last_message"]["message"] == "Hello [bold]there[/] \x1b[31m"
    assert {p["id"] for p in conv["participants"]} == {cand.public_id, rec.public_id}
    read = live.client.get(f"/v1/messages/conversations/{conv['id']}", headers=rec.headers)
    assert read.status_code == 200
    assert [m["message"] for m in read.json()["data"]["messages"]] == [
        "Hello [bold]there[/] \x1b[31m"
    ]
    after = live.client.get("/v1/messages/conversations", headers=rec.headers).json()["data"]
    assert after["conversations"][0]["unread_count"] == 0
    assert [e.event for e in events_of(live, rec, "message.received")] == ["message.received"]
    assert len(events_of(live, cand, "message.read")) == 1
    assert len(events_of(live, cand, "conversation.started")) == 1


def test_a_page_says_how_far_each_participant_has_read(live: Live) -> None:
    """Our extension: the sender sees "read" on a fresh load, not only from the live event."""
    cand, rec = matched_pair(live)
    first = _send(live, cand, rec, "one").json()["data"]

    def marks(who: Person) -> dict[str, str | None]:
        page = live.client.get(
            f"/v1/messages/conversations/{first['conversation_id']}", headers=who.headers
        ).json()["data"]
        return {p["id"]: p["last_read_message_id"] for p in page["conversation"]["participants"]}

    assert marks(cand) == {cand.public_id: first["message_id"], rec.public_id: None}
    assert marks(rec)[rec.public_id] == first["message_id"], "reading the newest page"
    second = _send(live, cand, rec, "two").json()["data"]
    assert marks(cand)[rec.public_id] == first["message_id"]
    assert marks(rec)[rec.public_id] == second["message_id"]


def test_idempotency_key_returns_the_first_result(live: Live) -> None:
    cand, rec = matched_pair(live)
    first = _send(live, cand, rec, "only once", key="k-123")
    again = _send(live, cand, rec, "only once", key="k-123")
    assert first.status_code == again.status_code == 201
    assert first.json()["data"] == again.json()["data"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert _count_messages(live) == 1
    other_body = _send(live, cand, rec, "something else", key="k-123")
    assert other_body.status_code == 422
    assert other_body.json()["error"]["details"]["field"] == "Idempotency-Key"


def test_concurrent_retries_with_one_key_make_one_message(live: Live) -> None:
    cand, rec = matched_pair(live)
    _send(live, cand, rec, "warm up")

    def attempt(_: int) -> str:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            resp = client.post(
                "/v1/messages",
                json={"recipient_id": rec.public_id, "message": "race"},
                headers={**cand.headers, "Idempotency-Key": "race-key"},
            )
            assert resp.status_code == 201, resp.text
            return str(resp.json()["data"]["message_id"])

    # five at once: the Free plan's concurrency cap
    with concurrent.futures.ThreadPoolExecutor(5) as pool:
        ids = set(pool.map(attempt, range(5)))
    assert len(ids) == 1
    assert _count_messages(live) == 2


def test_strangers_cannot_message(live: Live) -> None:
    cand, _ = matched_pair(live)
    stranger = person(live, name="Stranger")
    resp = _send(live, stranger, cand, "hi")
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"


def test_conversations_of_others_are_not_found(live: Live) -> None:
    cand, rec = matched_pair(live)
    conv_id = _send(live, cand, rec, "private").json()["data"]["conversation_id"]
    stranger = person(live, name="Nosy")
    resp = live.client.get(f"/v1/messages/conversations/{conv_id}", headers=stranger.headers)
    assert resp.status_code == 404
    assert "private" not in resp.text
    assert (
        live.client.get("/v1/messages/conversations/conv_nope", headers=cand.headers).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"message": ""}, "message"),
        ({"message": "a\x00b"}, "message"),
        ({"type": "video"}, "type"),
        ({"type": "image"}, "body"),
        ({"message": 5}, "message"),
    ],
)
def test_invalid_sends_name_the_field(live: Live, extra: dict[str, Any], field: str) -> None:
    cand, rec = matched_pair(live)
    body = {"recipient_id": rec.public_id, "message": "x", **extra}
    resp = live.client.post("/v1/messages", json=body, headers=cand.headers)
    assert resp.status_code == 422
    assert resp.json()["error"]["details"]["field"] == field


def test_unknown_recipient_self_and_malformed_json(live: Live) -> None:
    cand, _ = matched_pair(live)
    unknown = live.client.post(
        "/v1/messages", json={"recipient_id": "user_nope", "message": "x"}, headers=cand.headers
    )
    assert unknown.status_code == 404
    to_self = live.client.post(
        "/v1/messages", json={"recipient_id": "me", "message": "x"}, headers=cand.headers
    )
    assert to_self.status_code == 422
    broken = live.client.post(
        "/v1/messages", content=b"{", headers={**cand.headers, "Content-Type": "application/json"}
    )
    assert broken.status_code == 400


def test_attachment_messages_need_a_url(live: Live) -> None:
    cand, rec = matched_pair(live)
    ok = _send(
        live, cand, rec, "cv.pdf", type="file", metadata={"url": "https://files.example/cv.pdf"}
    )
    assert ok.status_code == 201


def test_message_pages_have_no_gaps_or_repeats(live: Live) -> None:
    cand, rec = matched_pair(live)
    for i in range(12):
        assert _send(live, cand, rec, f"m{i}").status_code == 201
    conv = _send(live, cand, rec, "last").json()["data"]["conversation_id"]
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 5}
        if cursor:
            params["before"] = cursor
        page = live.client.get(
            f"/v1/messages/conversations/{conv}", params=params, headers=rec.headers
        )
        data = page.json()["data"]
        seen = [m["message"] for m in data["messages"]] + seen
        cursor = data["pagination"]["next_cursor"]
        if cursor is None:
            break
    assert seen == [f"m{i}" for i in range(12)] + ["last"]


def test_conversation_list_pages_search_and_unread_only(live: Live) -> None:
    cand, rec = matched_pair(live)
    _send(live, cand, rec, "to the recruiter")
    listed = live.client.get(
        "/v1/messages/conversations", params={"unread_only": "true"}, headers=rec.headers
    ).json()["data"]["conversations"]
    assert len(listed) == 1
    none_unread = live.client.get(
        "/v1/messages/conversations", params={"unread_only": "true"}, headers=cand.headers
    ).json()["data"]["conversations"]
    assert none_unread == []
    with db(live) as session:
        from talenttui.server.models import Profile, User

        rec_user = session.query(User).filter(User.id == rec.id).one()
        name = session.query(Profile).filter(Profile.user_id == rec_user.id).one().name
    hit = live.client.get(
        "/v1/messages/conversations", params={"search": name[:4].upper()}, headers=cand.headers
    ).json()["data"]["conversations"]
    assert len(hit) == 1
    miss = live.client.get(
        "/v1/messages/conversations", params={"search": "zzzz-nobody"}, headers=cand.headers
    ).json()["data"]["conversations"]
    assert miss == []
    bad = live.client.get("/v1/messages/conversations", params={"limit": 500}, headers=cand.headers)
    assert bad.status_code == 422 and bad.json()["error"]["details"]["field"] == "limit"
