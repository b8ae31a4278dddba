"""What `/v1/auth/api-keys` accepts and answers; the key itself appears once, at creation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictStr, field_validator

from talenttui.server.web.principal import ALL_SCOPES


class NewApiKey(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[StrictStr, Field(min_length=1, max_length=100)]
    scopes: Annotated[list[StrictStr], Field(min_length=1, max_length=len(ALL_SCOPES))]
    expires_at: datetime | None = None

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("expires_at needs a time zone, e.g. 2025-12-31T23:59:59Z")
        return value


class ApiKeyOut(BaseModel):
    id: str
    name: str
    prefix: str
    scopes: list[str]
    created_at: str
    expires_at: str | None
    revoked: bool


class CreatedApiKey(ApiKeyOut):
    key: str


class ApiKeyList(BaseModel):
    api_keys: list[ApiKeyOut]
