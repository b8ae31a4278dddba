"""talenttui's client library for the SkillSync (/v1) and skilldeo (/api/v1) APIs.

Importing this package is cheap: every name loads its module on first use (httpx,
websockets and pydantic with ``TalentClient``, ``Transport`` or the realtime client;
sqlite3 with the cache and the outbox), so the app can paint its login screen first.
No Textual here: scripts use the same client as the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from talenttui.api.cache import Cache, CachedEntry, CacheKey, SwrResult
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh, Queued, TalentClient
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
    from talenttui.api.realtime import ConnectionState, RealtimeClient, RealtimeEvent
    from talenttui.api.sanitize import sanitize, sanitize_text
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
    "ApiError": "talenttui.api.errors",
    "AuthError": "talenttui.api.errors",
    "Cache": "talenttui.api.cache",
    "CacheKey": "talenttui.api.cache",
    "CachedEntry": "talenttui.api.cache",
    "Call": "talenttui.api.call",
    "ClientConfig": "talenttui.api.config",
    "ConfigError": "talenttui.api.config",
    "ConnectionState": "talenttui.api.realtime",
    "CredentialStore": "talenttui.api.credentials",
    "Credentials": "talenttui.api.credentials",
    "DEFAULT_SERVER": "talenttui.api.config",
    "Delivered": "talenttui.api.outbox",
    "Fresh": "talenttui.api.client",
    "NetworkError": "talenttui.api.errors",
    "NotFound": "talenttui.api.errors",
    "Offline": "talenttui.api.errors",
    "Outbox": "talenttui.api.outbox",
    "OutboxEntry": "talenttui.api.outbox",
    "PermissionDenied": "talenttui.api.errors",
    "Queued": "talenttui.api.client",
    "RateLimitStatus": "talenttui.api.ratelimit",
    "RateLimited": "talenttui.api.errors",
    "RealtimeClient": "talenttui.api.realtime",
    "RealtimeEvent": "talenttui.api.realtime",
    "ReplayReport": "talenttui.api.outbox",
    "RetryPolicy": "talenttui.api.config",
    "ServerError": "talenttui.api.errors",
    "SwrResult": "talenttui.api.cache",
    "TalentClient": "talenttui.api.client",
    "Timeouts": "talenttui.api.config",
    "Transport": "talenttui.api.transport",
    "ValidationFailed": "talenttui.api.errors",
    "error_from_response": "talenttui.api.errors",
    "jwt_expiry": "talenttui.api.credentials",
    "sanitize": "talenttui.api.sanitize",
    "sanitize_text": "talenttui.api.sanitize",
}


def __getattr__(name: str) -> Any:
    """Each name's module loads on its first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
