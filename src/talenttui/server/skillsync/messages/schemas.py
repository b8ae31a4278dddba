"""Bodies and queries of `/v1/messages`."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator, model_validator

MessageType = Literal["text", "image", "file", "audio"]


class SendMessageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_id: Annotated[StrictStr, Field(min_length=1, max_length=40)]
    message: Annotated[StrictStr, Field(min_length=1, max_length=10_000)]
    type: MessageType = "text"
    metadata: dict[str, Any] = Field(default_factory=dict)

    @field_validator("message")
    @classmethod
    def _no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("NUL bytes are not allowed")
        if not value.strip():
            raise ValueError("message is blank")
        return value

    @model_validator(mode="after")
    def _attachment_url(self) -> SendMessageIn:
        if self.type != "text":
            url = self.metadata.get("url")
            if not isinstance(url, str) or not url.startswith(("https://", "http://")):
                raise ValueError(f"a {self.type} message needs metadata.url (http or https)")
        return self
