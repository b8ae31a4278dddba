"""Typed payloads of the realtime events (the reference's webhook shapes, plus ours).

``RealtimeEvent.payload()`` parses ``data`` into the model for its event name; an event
this client does not know keeps its plain ``data``. Unknown fields are kept, as everywhere.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from talenttui.api.models.base import Model


class MatchCreated(Model):
    match_id: str
    user_id: str | None = None
    matched_user_id: str | None = None
    match_score: int | None = None
    skills_matched: list[str] = Field(default_factory=list)
    timestamp: str | None = None
    expires_at: str | None = None


class MatchDecided(Model):
    """``match.accepted`` and ``match.rejected``."""

    match_id: str
    user_id: str | None = None
    matched_user_id: str | None = None
    conversation_id: str | None = None
    accepted_by: str | None = None
    reason: str | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class MessageReceived(Model):
    message_id: str
    conversation_id: str
    sender_id: str | None = None
    message: str = ""
    type: str | None = None
    metadata: dict[str, Any] | None = None
    sent_at: str | None = None


class MessageRead(Model):
    conversation_id: str
    reader_id: str | None = None
    read_at: str | None = None
    last_read_message_id: str | None = None


class ConversationStarted(Model):
    conversation_id: str
    participants: list[str] = Field(default_factory=list)
    match_id: str | None = None
    started_at: str | None = None


class ProfileUpdated(Model):
    user_id: str
    updated_fields: list[str] = Field(default_factory=list)
    changes: dict[str, Any] = Field(default_factory=dict)


class Typing(Model):
    conversation_id: str
    user_id: str | None = None


class SessionReady(Model):
    seq: int = 0


EVENT_MODELS: dict[str, type[Model]] = {
    "match.created": MatchCreated,
    "match.accepted": MatchDecided,
    "match.rejected": MatchDecided,
    "message.received": MessageReceived,
    "message.read": MessageRead,
    "conversation.started": ConversationStarted,
    "profile.updated": ProfileUpdated,
    "typing": Typing,
    "session.ready": SessionReady,
}
