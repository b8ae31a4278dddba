"""Messages: the answer to a send, the conversation list, and one conversation's messages."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from talenttui.api.models.base import Model

MessageType = Literal["text", "image", "file", "audio"]


class SentMessage(Model):
    message_id: str
    conversation_id: str
    status: str = "sent"
    delivered_at: str | None = None
    read_receipt_enabled: bool = False


class Participant(Model):
    id: str
    name: str = ""
    title: str | None = None
    avatar: str | None = None
    last_read_message_id: str | None = None
    """In a conversation's page, on our server: the last message this person has read."""


class Message(Model):
    id: str
    sender_id: str | None = None
    message: str = ""
    type: str = "text"
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: str | None = None


class CursorPage(Model):
    """Pass ``next_cursor`` back (``cursor`` or ``before``) for the next page; None is the end."""

    limit: int = 20
    next_cursor: str | None = None


class Conversation(Model):
    id: str
    participants: list[Participant] = Field(default_factory=list)
    last_message: Message | None = None
    unread_count: int = 0
    match_id: str | None = None
    updated_at: str | None = None

    def other(self, my_id: str | None) -> Participant | None:
        """The person on the other side (the first participant who is not ``my_id``)."""
        return next((p for p in self.participants if p.id != my_id), None)


class ConversationPage(Model):
    conversations: list[Conversation] = Field(default_factory=list)
    pagination: CursorPage = Field(default_factory=CursorPage)


class ConversationInfo(Model):
    id: str
    participants: list[Participant] = Field(default_factory=list)
    match_id: str | None = None


class ConversationMessages(Model):
    """One page of a conversation, oldest first; reading the newest page marks it read."""

    conversation: ConversationInfo
    messages: list[Message] = Field(default_factory=list)
    pagination: CursorPage = Field(default_factory=CursorPage)


MAX_MESSAGE_CHARS = 10_000
"""The most characters a message (text plus metadata JSON) may have on our server; the
composer counts against it before sending."""
