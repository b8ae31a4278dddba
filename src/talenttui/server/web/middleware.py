"""ASGI middleware: request ids with an access log, and a cap on body sizes."""

from __future__ import annotations

import logging
import re
import secrets
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talenttui.server.errors import ApiError
from talenttui.server.logs import TracebackBudget
from talenttui.server.request_context import reset_request_id, set_request_id
from talenttui.server.web.envelopes import render_error

log = logging.getLogger("talenttui.access")
_INCOMING_ID = re.compile(r"^[A-Za-z0-9_.-]{8,64}$")


def new_request_id() -> str:
    return f"req_{secrets.token_hex(8)}"


async def send_json(
    send: Send, path: str, err: ApiError, extra_headers: list[tuple[bytes, bytes]] | None = None
) -> None:
    """Answer with an error envelope from below the framework, where no handler runs."""
    payload = render_error(path, err).model_dump_json().encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": err.status, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands on a body already read whole, then the connection's own messages."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class RequestIdMiddleware:
    """Tags each request with an id (header `X-Request-ID`) and logs one line without the query."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.tracebacks = TracebackBudget()

    def _log_unhandled(self, scope: Scope, exc: Exception) -> None:
        client = str((scope.get("client") or ("unknown", 0))[0])
        allowed, suppressed = self.tracebacks.take(client)
        if suppressed and allowed:
            log.warning("%d tracebacks suppressed for client %s", suppressed, client)
        if allowed:
            log.error("unhandled %s on %s", type(exc).__name__, scope["path"], exc_info=exc)
        elif suppressed == 1:
            log.error(
                "unhandled %s on %s; further tracebacks for client %s suppressed for now",
                type(exc).__name__,
                scope["path"],
                client,
            )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        incoming = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = incoming if _INCOMING_ID.match(incoming) else new_request_id()
        token = set_request_id(request_id)
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception as exc:
            self._log_unhandled(scope, exc)
            if status or scope["type"] != "http":
                raise
            status = 500
            err = ApiError(
                500,
                "INTERNAL_ERROR",
                "Internal server error",
                suggestion="Retry later and quote the request id.",
            )
            await send_json(
                send, scope["path"], err, extra_headers=[(b"x-request-id", request_id.encode())]
            )
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            log.info(
                "%s %s %s %.1fms", scope.get("method", "WS"), scope["path"], status, elapsed_ms
            )
            reset_request_id(token)


class BodySizeLimitMiddleware:
    """Refuses bodies over the cap before they are read whole, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int, upload_max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_max_bytes = upload_max_bytes

    def _limit_for(self, path: str) -> int:
        return self.upload_max_bytes if path.endswith("/photo") else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope["path"])
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        if declared is not None:
            await self.app(scope, receive, send)
            return
        # No declared length (chunked): read up to the cap first, so the refusal is ours,
        # not a framework's "error parsing the body". Memory is bounded by the cap.
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > limit:
                await self._refuse(scope, send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        await self.app(scope, replaying(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        err = ApiError(
            413,
            "PAYLOAD_TOO_LARGE",
            f"Request body is larger than {limit} bytes",
            details={"limit_bytes": limit},
            suggestion="Send a smaller body.",
        )
        await send_json(send, scope["path"], err, extra_headers=[(b"connection", b"close")])
