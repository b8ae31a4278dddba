"""SkillSync ``/v1/auth/api-keys``: create (the key is in that answer only), list, revoke."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from talenttui.api.call import Call
from talenttui.api.models.api_keys import ApiKey, ApiKeyList, CreatedApiKey, Scope


def create_api_key(
    name: str, scopes: Sequence[Scope], *, expires_at: str | None = None
) -> Call[CreatedApiKey]:
    """``POST /v1/auth/api-keys``; ``expires_at`` is ISO 8601 with a zone (``...Z``)."""
    body: dict[str, Any] = {"name": name, "scopes": list(scopes)}
    if expires_at is not None:
        body["expires_at"] = expires_at
    return Call("POST", "/v1/auth/api-keys", CreatedApiKey.model_validate, json=body)


def list_api_keys() -> Call[ApiKeyList]:
    return Call("GET", "/v1/auth/api-keys", ApiKeyList.model_validate)


def revoke_api_key(key_id: str) -> Call[ApiKey]:
    """``DELETE /v1/auth/api-keys/{id}``: the key stops working; the answer shows it revoked."""
    return Call("DELETE", f"/v1/auth/api-keys/{quote(key_id, safe='')}", ApiKey.model_validate)
