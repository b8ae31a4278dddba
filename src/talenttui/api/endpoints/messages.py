"""SkillSync ``/v1/messages``: send, list conversations, read one conversation."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from talenttui.api.call import Call, drop_none
from talenttui.api.models.messages import (
    ConversationMessages,
    ConversationPage,
    MessageType,
    SentMessage,
)


def send_message(
    recipient_id: str,
    message: str,
    *,
    type: MessageType = "text",
    metadata: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> Call[SentMessage]:
    """``POST /v1/messages``. Without a key one is made, so the transport may retry a send
    whose answer was lost: the server returns the first message instead of a second one."""
    body: dict[str, Any] = {"recipient_id": recipient_id, "message": message, "type": type}
    if metadata:
        body["metadata"] = dict(metadata)
    return Call(
        "POST",
        "/v1/messages",
        SentMessage.model_validate,
        json=body,
        idempotency_key=idempotency_key or str(uuid.uuid4()),
    )


def list_conversations(
    *,
    limit: int = 20,
    unread_only: bool = False,
    search: str | None = None,
    cursor: str | None = None,
) -> Call[ConversationPage]:
    """``GET /v1/messages/conversations``, most recently active first; ``cursor`` is the
    previous page's ``pagination.next_cursor``."""
    params = drop_none(
        {
            "limit": limit,
            "unread_only": "true" if unread_only else None,
            "search": search or None,
            "cursor": cursor,
        }
    )
    return Call("GET", "/v1/messages/conversations", ConversationPage.model_validate, params)


def get_conversation(
    conversation_id: str, *, limit: int = 50, before: str | None = None
) -> Call[ConversationMessages]:
    """``GET /v1/messages/conversations/{id}``: the newest ``limit`` messages, oldest first.

    Reading the newest page marks the conversation read; ``before`` (a message id, the
    previous page's ``next_cursor``) pages back without doing so.
    """
    return Call(
        "GET",
        f"/v1/messages/conversations/{quote(conversation_id, safe='')}",
        ConversationMessages.model_validate,
        drop_none({"limit": limit, "before": before}),
    )
