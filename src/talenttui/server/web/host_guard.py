"""Only our own names in `Host`, and no other site in `Origin` (DNS rebinding, cross-site sockets).

A web page can point a name it controls at 127.0.0.1 and then read a loopback server
as if it were its own site (the dev outbox's login codes, say): refusing any `Host`
that is not one of the server's names stops that. A page on another site can also
open a WebSocket to us (browsers send no preflight for it): a handshake or a request
whose `Origin` is not one of our names is refused too. Clients that are not browsers
send no `Origin` and are unaffected.

The names: loopback (`localhost`, `127.0.0.1`, `::1`), the listening host unless it is a
wildcard, the host of the public URL (`--public-url`: where share links send people),
and `settings.allowed_hosts` (`--allowed-hosts`, `TALENTTUI_ALLOWED_HOSTS`);
`*` there allows any. A server listening on a wildcard address with no allowed hosts
cannot know its names and checks nothing (it says so in its log at start).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from talenttui.server.errors import ApiError
from talenttui.server.settings import ServerSettings
from talenttui.server.web.middleware import send_json

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104 - names to recognise, not to bind


def allowed_hosts(settings: ServerSettings) -> frozenset[str] | None:
    """The names this server answers to, lower case without port; None checks nothing."""
    extra = {name.strip().lower().strip("[]") for name in settings.allowed_hosts if name.strip()}
    if "*" in extra or (settings.host in WILDCARDS and not extra):
        return None
    own = set() if settings.host in WILDCARDS else {settings.host.lower().strip("[]")}
    if settings.public_url:
        own.add((urlsplit(settings.public_url).hostname or "").lower())
    return frozenset(LOOPBACK_NAMES | own | extra)


def host_of(value: str) -> str:
    """`example.com:8000` -> `example.com`, `[::1]:8000` -> `::1`."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


class HostGuardMiddleware:
    def __init__(self, app: ASGIApp, allowed: frozenset[str] | None) -> None:
        self.app = app
        self.allowed = allowed

    def _refusal(self, scope: Scope) -> ApiError | None:
        headers = dict(scope.get("headers") or [])
        host = host_of(headers.get(b"host", b"").decode("latin-1"))
        if self.allowed is not None and host not in self.allowed:
            return ApiError(
                400,
                "HOST_NOT_ALLOWED",
                "This server does not answer to that host name",
                suggestion="Use the server's own address, or add the name to --allowed-hosts.",
            )
        origin = headers.get(b"origin")
        if origin is not None and self.allowed is not None:
            origin_host = (urlsplit(origin.decode("latin-1")).hostname or "").lower()
            if origin_host not in self.allowed:
                return ApiError(
                    403,
                    "ORIGIN_NOT_ALLOWED",
                    "Requests from other web sites are refused",
                    suggestion="Call the API from a program, not from another site's page.",
                )
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            await send_json(send, scope["path"], refusal)
        else:
            await send({"type": "websocket.close", "code": 4000 + refusal.status})
