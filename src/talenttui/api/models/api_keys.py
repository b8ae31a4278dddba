"""API keys: listed by prefix; the full key only in the answer to its creation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from talenttui.api.models.base import Model

Scope = Literal[
    "matches:read",
    "matches:write",
    "profiles:read",
    "profiles:write",
    "messages:read",
    "messages:write",
    "analytics:read",
    "webhooks:read",
    "webhooks:write",
    "api_keys:write",
]


class ApiKey(Model):
    id: str
    name: str = ""
    prefix: str | None = None
    scopes: list[str] = Field(default_factory=list)
    created_at: str | None = None
    expires_at: str | None = None
    revoked: bool = False


class CreatedApiKey(ApiKey):
    """The server shows ``key`` once; it is kept out of repr/str so logs never carry it."""

    key: str = Field(repr=False)


class ApiKeyList(Model):
    api_keys: list[ApiKey] = Field(default_factory=list)
