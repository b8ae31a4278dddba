"""Who is calling a `/v1` endpoint, and may they: login tokens or API keys, with scopes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import bearer_token, get_ctx, get_db
from talenttui.server.context import ServerContext
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

    def require(self, scope: str) -> None:
        if scope not in self.scopes:
            raise ApiError(
                403,
                "INSUFFICIENT_PERMISSIONS",
                f"This credential lacks the '{scope}' scope",
                details={"required_scope": scope, "granted_scopes": sorted(self.scopes)},
                suggestion="Create an API key with the scope you need.",
            )


def invalid_key(message: str = "API key is invalid or expired") -> ApiError:
    return ApiError(
        401,
        "INVALID_API_KEY",
        message,
        suggestion="Send 'Authorization: Bearer <API key or login token>'; generate a new key if it expired.",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def v1_principal(
    request: Request,
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> Principal:
    """Resolved once per request and cached on `request.state` (rate limiting reads it too)."""
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    from talenttui.server.skillsync.credentials import resolve_principal

    try:
        token = bearer_token(request)
    except ApiError as exc:
        raise invalid_key(exc.message) from None
    principal = await resolve_principal(ctx, db, token)
    request.state.principal = principal
    return principal


def require_scope(scope: str) -> Callable[..., Awaitable[Principal]]:
    async def _dep(principal: Principal = Depends(v1_principal)) -> Principal:
        principal.require(scope)
        return principal

    return _dep
