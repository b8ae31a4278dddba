"""What `/v1/messages` accepts and answers."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from talenttui.server.web.free_form import FreeFormObject, json_size

MAX_MESSAGE_CHARS = 10_000
MessageType = Literal["text", "image", "file", "audio"]


class SendMessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_id: Annotated[StrictStr, Field(min_length=1, max_length=40)]
    message: Annotated[StrictStr, Field(min_length=1, max_length=MAX_MESSAGE_CHARS)]
    type: MessageType = "text"
    metadata: FreeFormObject = Field(default_factory=dict)

    @field_validator("message")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("NUL bytes are not allowed")
        if not value.strip():
            raise ValueError("message is blank")
        return value

    @field_validator("metadata")
    @classmethod
    def _within_the_message_limit(
        cls, value: dict[str, Any], info: ValidationInfo
    ) -> dict[str, Any]:
        """Text and metadata together stay within the message limit: one message, one page row."""
        text = info.data.get("message", "")
        if len(text) + json_size(value) > MAX_MESSAGE_CHARS:
            raise PydanticCustomError(
                "message_too_large",
                "Message and metadata together are too large",
                {
                    "expected_text": f"Message text plus metadata JSON of at most {MAX_MESSAGE_CHARS} characters"
                },
            )
        return value

    @model_validator(mode="after")
    def _attachment_url(self) -> SendMessageIn:
        if self.type != "text":
            url = self.metadata.get("url")
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise ValueError(f"a {self.type} message needs metadata.url (http or https)")
        return self


class SentMessage(BaseModel):
    message_id: str
    conversation_id: str
    status: Literal["sent"] = "sent"
    delivered_at: str
    read_receipt_enabled: bool = True


class Participant(BaseModel):
    id: str
    name: str
    title: str
    avatar: str | None


class MessageOut(BaseModel):
    id: str
    sender_id: str | None
    message: str
    type: str
    metadata: dict[str, Any]
    created_at: str


class ConversationOut(BaseModel):
    id: str
    participants: list[Participant]
    last_message: MessageOut | None
    unread_count: int
    match_id: str | None
    updated_at: str


class CursorPage(BaseModel):
    """`next_cursor` goes in the next request (`cursor`, or `before` for messages); null at the end."""

    limit: int
    next_cursor: str | None


class ConversationList(BaseModel):
    conversations: list[ConversationOut]
    pagination: CursorPage


class ThreadParticipant(Participant):
    """Our extension: how far each person has read, so a sender sees "read" on a fresh load."""

    last_read_message_id: str | None


class ConversationHeader(BaseModel):
    id: str
    participants: list[ThreadParticipant]
    match_id: str | None


class ConversationThread(BaseModel):
    """Oldest first; the first page (no `before`) marks the conversation read."""

    conversation: ConversationHeader
    messages: list[MessageOut]
    pagination: CursorPage
