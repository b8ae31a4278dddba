"""Who is calling: the Bearer token on a request, checked and turned into a user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.errors import unauthorized
from talenttui.server.models import User

_QUERY_TOKEN_NAMES = ("access_token", "token", "api_key", "key")


def get_ctx(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


async def get_db(ctx: ServerContext = Depends(get_ctx)) -> AsyncIterator[AsyncSession]:
    async with ctx.sessions() as session:
        yield session


def bearer_token(request: Request) -> str:
    """Tokens come in the header only: a token in a URL ends up in logs and histories."""
    if any(name in request.query_params for name in _QUERY_TOKEN_NAMES):
        raise unauthorized("Tokens in the query string are refused; use the Authorization header")
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise unauthorized("Missing bearer token")
    return value.strip()


@dataclass(frozen=True)
class Caller:
    user: User
    via_api_key: bool = False


async def current_caller(
    request: Request,
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> Caller:
    token = bearer_token(request)
    claims = ctx.tokens.verify(token, ctx.timestamp())
    user = await db.get(User, claims.user_id)
    if user is None:
        raise unauthorized("Invalid token")
    return Caller(user=user)
