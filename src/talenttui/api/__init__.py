"""talenttui's client library for the SkillSync (/v1) and skilldeo (/api/v1) APIs.

Importing this package is cheap: httpx, websockets and pydantic load only when
``TalentClient``, ``Transport`` or the realtime client is first used,
so the app can paint before the network stack is imported. No Textual here: scripts use
the same client as the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from talenttui.api.cache import Cache, CachedEntry, CacheKey, SwrResult
from talenttui.api.config import (
    DEFAULT_SERVER,
    ClientConfig,
    ConfigError,
    RetryPolicy,
    Timeouts,
)
from talenttui.api.credentials import Credentials, CredentialStore, jwt_expiry
from talenttui.api.errors import (
    ApiError,
    AuthError,
    NetworkError,
    NotFound,
    Offline,
    PermissionDenied,
    RateLimited,
    ServerError,
    ValidationFailed,
    error_from_response,
)
from talenttui.api.outbox import Delivered, Outbox, OutboxEntry, ReplayReport
from talenttui.api.ratelimit import RateLimitStatus
from talenttui.api.sanitize import sanitize, sanitize_text

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh, Queued, TalentClient
    from talenttui.api.realtime import ConnectionState, RealtimeClient, RealtimeEvent
    from talenttui.api.transport import Transport

__all__ = [
    "DEFAULT_SERVER",
    "ApiError",
    "AuthError",
    "Cache",
    "CacheKey",
    "CachedEntry",
    "Call",
    "ClientConfig",
    "ConfigError",
    "ConnectionState",
    "CredentialStore",
    "Credentials",
    "Delivered",
    "Fresh",
    "NetworkError",
    "NotFound",
    "Offline",
    "Outbox",
    "OutboxEntry",
    "PermissionDenied",
    "Queued",
    "RateLimitStatus",
    "RateLimited",
    "RealtimeClient",
    "RealtimeEvent",
    "ReplayReport",
    "RetryPolicy",
    "ServerError",
    "SwrResult",
    "TalentClient",
    "Timeouts",
    "Transport",
    "ValidationFailed",
    "error_from_response",
    "jwt_expiry",
    "sanitize",
    "sanitize_text",
]


_LAZY = {
    "Call": "talenttui.api.call",
    "ConnectionState": "talenttui.api.realtime",
    "Fresh": "talenttui.api.client",
    "Queued": "talenttui.api.client",
    "RealtimeClient": "talenttui.api.realtime",
    "RealtimeEvent": "talenttui.api.realtime",
    "TalentClient": "talenttui.api.client",
    "Transport": "talenttui.api.transport",
}


def __getattr__(name: str) -> Any:
    """httpx, websockets and pydantic load on first use of what needs them."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
