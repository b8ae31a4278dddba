"""talenttui's client library for the SkillSync (/v1) and skilldeo (/api/v1) APIs.

Importing this package is cheap: httpx is loaded only when ``Transport`` is first used,
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
    from talenttui.api.transport import Transport

__all__ = [
    "DEFAULT_SERVER",
    "ApiError",
    "AuthError",
    "Cache",
    "CacheKey",
    "CachedEntry",
    "ClientConfig",
    "ConfigError",
    "CredentialStore",
    "Credentials",
    "Delivered",
    "NetworkError",
    "NotFound",
    "Offline",
    "Outbox",
    "OutboxEntry",
    "PermissionDenied",
    "RateLimitStatus",
    "RateLimited",
    "ReplayReport",
    "RetryPolicy",
    "ServerError",
    "SwrResult",
    "Timeouts",
    "Transport",
    "ValidationFailed",
    "error_from_response",
    "jwt_expiry",
    "sanitize",
    "sanitize_text",
]


def __getattr__(name: str) -> Any:
    if name == "Transport":
        from talenttui.api.transport import Transport

        return Transport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
