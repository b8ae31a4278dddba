"""The demo's conversations: Sarah Johnson and Jane Doe already talk, and Sarah has unread messages."""

from __future__ import annotations

from typing import Any

from tests.server.otp_helpers import login


def test_sarah_and_jane_share_a_conversation_with_history(start_server: Any) -> None:
    live = start_server(demo=True)
    sarah = {"Authorization": f"Bearer {login(live.client, 'sarah.johnson@example.com')['token']}"}
    jane = {"Authorization": f"Bearer {login(live.client, 'jane.doe@acme.example')['token']}"}
    convs = live.client.get("/v1/messages/conversations", headers=sarah).json()["data"][
        "conversations"
    ]
    [with_jane] = [c for c in convs if "user_456" in {p["id"] for p in c["participants"]}]
    assert with_jane["unread_count"] == 2
    assert with_jane["last_message"]["sender_id"] == "user_456"
    thread = live.client.get(f"/v1/messages/conversations/{with_jane['id']}", headers=sarah).json()
    messages = thread["data"]["messages"]
    assert len(messages) >= 6
    assert {m["sender_id"] for m in messages} == {"user_123", "user_456"}
    after = live.client.get("/v1/messages/conversations", headers=sarah).json()["data"][
        "conversations"
    ]
    assert next(c for c in after if c["id"] == with_jane["id"])["unread_count"] == 0
    reply = live.client.post(
        "/v1/messages",
        json={"recipient_id": "user_123", "message": "See you Thursday!"},
        headers=jane,
    )
    assert reply.status_code == 201
    assert reply.json()["data"]["conversation_id"] == with_jane["id"]
    others = live.client.get(
        "/v1/messages/conversations", params={"limit": 100}, headers=jane
    ).json()
    assert others["data"]["conversations"]
