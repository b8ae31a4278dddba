"""Who is calling: a `Principal` on `/v1` (a user with scopes), a `Caller` on `/api/v1`."""

from __future__ import annotations

from dataclasses import dataclass, field

from talenttui.server.errors import ApiError
from talenttui.server.models import User

ALL_SCOPES = frozenset(
    {
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
    }
)


@dataclass(frozen=True)
class Principal:
    """The caller: a user, through a login token (every scope) or an API key (its scopes)."""

    user: User
    plan: str
    scopes: frozenset[str] = field(default=ALL_SCOPES)
    api_key_id: int | None = None
    credential: str = ""  # "jti:…" or "key:…": what a revocation names (web.login_sessions)
    expires_at: float | None = None  # unix time the credential stops working, if it does

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise ApiError(
                403,
                "INSUFFICIENT_PERMISSIONS",
                f"This credential lacks the '{scope}' scope",
                details={"required_scope": scope, "granted_scopes": sorted(self.scopes)},
                suggestion="Create an API key with the scope you need.",
            )


@dataclass(frozen=True)
class Caller:
    """A caller of the interview API: a user, by login token (API keys are SkillSync's)."""

    user: User
    jti: str


def invalid_key(message: str = "API key is invalid or expired") -> ApiError:
    return ApiError(
        401,
        "INVALID_API_KEY",
        message,
        suggestion="Send 'Authorization: Bearer <API key or login token>'; generate a new key if it expired.",
        headers={"WWW-Authenticate": "Bearer"},
    )
