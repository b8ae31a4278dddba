"""`{userId}` in a `/v1` path: `me`, or a `user_…` public id."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.errors import ApiError, not_found
from talenttui.server.models import User
from talenttui.server.web.principal import Principal

ME = "me"


def is_self(principal: Principal, ref: str) -> bool:
    return ref in (ME, principal.user.public_id)


def own_user(principal: Principal, ref: str, what: str) -> User:
    """Writes and private lists are for the caller only; any other id gets the same 403,
    whether or not it exists, so the answer says nothing about other accounts."""
    if not is_self(principal, ref):
        raise ApiError(
            403,
            "INSUFFICIENT_PERMISSIONS",
            f"You can only access your own {what}",
            details={"user_id": ref},
            suggestion="Use 'me' or your own user id.",
        )
    return principal.user


async def find_user(db: AsyncSession, principal: Principal, ref: str) -> User:
    if is_self(principal, ref):
        return principal.user
    if not ref.startswith("user_"):
        raise not_found("User")
    user = await db.scalar(select(User).where(User.public_id == ref))
    if user is None:
        raise not_found("User")
    return user
