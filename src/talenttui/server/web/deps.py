"""The one request pattern: `Annotated` dependencies for the context, the unit of work and the caller.

    async def handler(ctx: Ctx, db: Db, principal: Annotated[Principal, needs("matches:read")])

`Db` is the request's unit of work: one session, committed in this one place when the
handler returns, rolled back when it raises. Its scope is "function", so the commit
happens before FastAPI sends the answer (the default scope, "request", would run it
after the answer had gone): a 201 means the write is durable, and the after-commit
hooks (realtime events, mail) have fired by then. Services never commit, except where
a flow needs a write to outlive the refusal it ends in (see `skilldeo.otp`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.web.credentials import BEARER, caller_for, principal_for
from talenttui.server.web.principal import Caller, Principal


async def get_ctx(request: Request) -> ServerContext:
    """Async, as every dependency here: FastAPI runs a plain `def` one in its thread pool,
    a thread hop per request."""
    ctx: ServerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServerContext, Depends(get_ctx)]


READ_METHODS = frozenset({"GET", "HEAD"})


async def unit_of_work(request: Request, ctx: Ctx) -> AsyncIterator[AsyncSession]:
    """A GET reads (no write lock on SQLite); any other method may write. A GET that records
    something (a read mark, a profile view) does it in a write transaction of its own."""
    maker = ctx.sessions if request.method in READ_METHODS else ctx.writes
    async with maker() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()


Db = Annotated[AsyncSession, Depends(unit_of_work, scope="function")]
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(BEARER)]


async def current_principal(request: Request, ctx: Ctx, bearer: Bearer) -> Principal:
    """Resolved once per request (FastAPI caches it for every dependency that asks), in a
    read of its own or from the credential cache: the user it carries is a detached
    snapshot, its attributes already read, never written."""
    return await principal_for(request, bearer, ctx)


async def current_caller(request: Request, ctx: Ctx, bearer: Bearer) -> Caller:
    return await caller_for(request, bearer, ctx)


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]
CurrentCaller = Annotated[Caller, Depends(current_caller)]


def needs(scope: str) -> Any:
    """`Annotated[Principal, needs("matches:read")]`: the caller, refused 403 without the scope."""

    async def scoped(principal: CurrentPrincipal) -> Principal:
        principal.require(scope)
        return principal

    return Depends(scoped)


def public_base(request: Request, ctx: ServerContext) -> str:
    """Where clients reach this server: `public_url` when set (N processes behind a proxy
    share one), else the address this request came to. Links and photo URLs start here."""
    return (ctx.settings.public_url or str(request.base_url)).rstrip("/")
