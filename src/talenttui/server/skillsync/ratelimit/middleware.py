"""Apply the plan limits to every request of both APIs and stamp the headers on every answer.

It runs before routing, so even a 401 or 404 counts and carries the headers. The
caller is identified as the route will identify it (`web.credentials`: a credential
checked in the last second costs no lookup, and the route then reuses the answer);
anything unknown or invalid, and every request without a credential (the skilldeo
login endpoints), is limited by client address on the Free plan (settings
`anonymous_plan`; the route's own auth check then gives the precise error).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError
from talenttui.server.skillsync.ratelimit.buckets import DatabaseBuckets
from talenttui.server.skillsync.ratelimit.limiter import RateLimiter
from talenttui.server.web.credentials import resolve_principal
from talenttui.server.web.envelopes import is_api_path
from talenttui.server.web.middleware import send_json


class RateLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self._limiter: RateLimiter | None = None

    def limiter(self, ctx: ServerContext) -> RateLimiter:
        """On SQLite the buckets are this process's; elsewhere every process shares them."""
        if self._limiter is None:
            shared = None if ctx.settings.on_sqlite else DatabaseBuckets(ctx.engine)
            self._limiter = RateLimiter(shared)
        return self._limiter

    async def _identify(self, scope: Scope, ctx: ServerContext) -> tuple[str, str]:
        header = dict(scope.get("headers") or []).get(b"authorization", b"").decode("latin-1")
        scheme, _, token = header.partition(" ")
        client = scope.get("client") or ("unknown", 0)
        anonymous = (f"ip:{client[0]}", ctx.settings.anonymous_plan)
        if scheme.lower() != "bearer" or not token.strip():
            return anonymous
        try:
            principal = await resolve_principal(ctx, token.strip())
        except ApiError:
            return anonymous
        return f"user:{principal.user.id}", principal.plan

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        ctx: ServerContext = scope["app"].state.ctx
        caller, plan = await self._identify(scope, ctx)
        limiter = self.limiter(ctx)
        decision = await limiter.acquire(caller, plan, ctx.timestamp())
        if not decision.allowed:
            err = ApiError(
                429,
                "RATE_LIMIT_EXCEEDED",
                f"Rate limit exceeded ({decision.exceeded}); retry in {decision.retry_after} s",
                details={
                    "limit": decision.exceeded,
                    "plan": plan,
                    "retry_after": decision.retry_after,
                },
                suggestion="Back off exponentially and honour Retry-After.",
            )
            await send_json(send, scope["path"], err, extra_headers=decision.headers())
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *decision.headers()]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            limiter.release(caller)
