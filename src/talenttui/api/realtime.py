"""The realtime stream (`GET /v1/realtime`): typed events, reconnects with `since=`, resync.

Keeps the last `seq` it delivered, so after any drop it asks for exactly what it
missed and skips anything it already has: no event lost, none doubled. A
`session.resync` (the client fell out of the server's window) is handed to
`on_resync` so the caller refetches over REST. The connection state is exposed for
the status bar, and kept honest: the client pings every 1.5 s and drops a link whose pong
does not come within 2 s, so a server that hangs reads as offline within 4 s; a
link lost without the server's close frame is offline at once (a clean close, such as
a restart, is reconnecting); reconnects come at most 1 s apart, so a server that is
back reads as online within about a second. A credential refused at the handshake
(401/403) or a socket closed for it (4401/4403) raises ``AuthError`` with the server's
reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from talenttui.api.errors import AuthError, error_from_response
from talenttui.api.sanitize import sanitize

if TYPE_CHECKING:
    from talenttui.api.models.base import Model


class ConnectionState(enum.StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    RECONNECTING = "reconnecting"
    OFFLINE = "offline"
    CLOSED = "closed"


@dataclass(frozen=True)
class RealtimeEvent:
    event: str
    data: dict[str, Any]
    seq: int | None = None
    id: str | None = None
    created_at: str | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> RealtimeEvent:
        data = raw.get("data")
        return cls(
            event=str(raw.get("event", "")),
            data=sanitize(data) if isinstance(data, dict) else {},
            seq=raw["seq"] if isinstance(raw.get("seq"), int) else None,
            id=raw.get("id") if isinstance(raw.get("id"), str) else None,
            created_at=raw.get("created_at") if isinstance(raw.get("created_at"), str) else None,
        )

    def payload(self) -> Model | None:
        """``data`` as the typed model of this event (``talenttui.api.models.events``);
        None for an event this client does not know or a payload it cannot read."""
        from pydantic import ValidationError

        from talenttui.api.models.events import EVENT_MODELS

        model = EVENT_MODELS.get(self.event)
        if model is None:
            return None
        try:
            return model.model_validate(self.data)
        except ValidationError:
            return None


EventHandler = Callable[[RealtimeEvent], Awaitable[None]]
StateHandler = Callable[[ConnectionState], None]
ResyncHandler = Callable[[], Awaitable[None]]


async def _ignore_event(_event: RealtimeEvent) -> None:
    return None


async def _ignore_resync() -> None:
    return None


CLOSE_TIMEOUT = 0.5
"""Seconds to wait for the server's close frame before dropping the socket: a server that
stopped answering pings will not send one."""
AUTH_CLOSE_CODES = (4401, 4403)
"""What the server closes a socket with when the credential is refused (4000 + HTTP status)."""


@dataclass
class Backoff:
    """Full-jitter exponential backoff; after `offline_after` failures the state says offline.

    The cap is low: while the server is away the person is waiting on it, and one
    handshake a second is cheap; jitter spreads many clients over that second.
    """

    base: float = 0.25
    cap: float = 1.0
    offline_after: int = 3
    rng: random.Random = field(default_factory=random.Random)

    def delay(self, attempt: int) -> float:
        return self.rng.uniform(0, min(self.cap, self.base * 2**attempt))


class RealtimeClient:
    def __init__(
        self,
        server: str,
        token: Callable[[], str | None],
        *,
        on_event: EventHandler = _ignore_event,
        on_resync: ResyncHandler = _ignore_resync,
        on_state: StateHandler | None = None,
        since: int | None = None,
        backoff: Backoff | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        ping_interval: float = 1.5,
        ping_timeout: float = 2.0,
        open_timeout: float = 10.0,
    ) -> None:
        self._url = (
            server.rstrip("/").replace("http://", "ws://", 1).replace("https://", "wss://", 1)
        )
        self._url += "/v1/realtime"
        self._token = token
        self._on_event = on_event
        self._on_resync = on_resync
        self._on_state = on_state
        self.last_seq = since
        self._backoff = backoff or Backoff()
        self._sleep = sleep
        self._ping_interval = ping_interval
        self._ping_timeout = ping_timeout
        self._open_timeout = open_timeout
        self._ws: Any = None
        self._stopping = False
        self.state = ConnectionState.CLOSED

    def _set_state(self, state: ConnectionState) -> None:
        if state != self.state:
            self.state = state
            if self._on_state is not None:
                self._on_state(state)

    async def run(self) -> None:
        """Stay connected until `stop()`; raises AuthError when the server refuses the credential."""
        import websockets
        from websockets.exceptions import InvalidStatus

        failures = 0
        self._set_state(ConnectionState.CONNECTING)
        while not self._stopping:
            token = self._token()
            if not token:
                self._set_state(ConnectionState.OFFLINE)
                raise AuthError(401, "UNAUTHORIZED", "Not logged in")
            url = self._url if self.last_seq is None else f"{self._url}?since={self.last_seq}"
            vanished = False
            try:
                async with websockets.connect(
                    url,
                    additional_headers={"Authorization": f"Bearer {token}"},
                    open_timeout=self._open_timeout,
                    ping_interval=self._ping_interval,
                    ping_timeout=self._ping_timeout,
                    close_timeout=CLOSE_TIMEOUT,
                ) as ws:
                    self._ws = ws
                    failures = 0
                    self._set_state(ConnectionState.ONLINE)
                    async for raw in ws:
                        await self._handle(raw)
            except InvalidStatus as exc:
                response = exc.response
                if response.status_code in (401, 403):
                    self._set_state(ConnectionState.OFFLINE)
                    raise _refused(response.status_code, bytes(response.body or b"")) from None
                failures += 1
            except websockets.ConnectionClosed as exc:
                if exc.rcvd is not None and exc.rcvd.code in AUTH_CLOSE_CODES:
                    self._set_state(ConnectionState.OFFLINE)
                    raise AuthError(exc.rcvd.code - 4000, "UNAUTHORIZED", _reason(exc)) from None
                vanished = exc.rcvd is None
                failures += 1
            except (OSError, TimeoutError, websockets.InvalidHandshake):
                failures += 1
            finally:
                self._ws = None
            if self._stopping:
                break
            offline = vanished or failures >= self._backoff.offline_after
            self._set_state(
                ConnectionState.OFFLINE
                if offline or self.state == ConnectionState.OFFLINE
                else ConnectionState.RECONNECTING
            )
            await self._sleep(self._backoff.delay(failures))
        self._set_state(ConnectionState.CLOSED)

    async def _handle(self, raw: str | bytes) -> None:
        try:
            frame = json.loads(raw)
        except ValueError:
            return
        if not isinstance(frame, dict):
            return
        event = RealtimeEvent.from_json(frame)
        if event.event == "session.ready":
            if self.last_seq is None and isinstance(event.data.get("seq"), int):
                self.last_seq = event.data["seq"]
            return
        if event.event == "session.resync":
            self.last_seq = event.seq
            await self._on_resync()
            return
        if event.seq is not None:
            if self.last_seq is not None and event.seq <= self.last_seq:
                return
            self.last_seq = event.seq
        await self._on_event(event)

    async def send_typing(self, conversation_id: str) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.send(
                    json.dumps({"type": "typing", "conversation_id": conversation_id})
                )

    async def stop(self) -> None:
        self._stopping = True
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()


def _refused(status: int, body: bytes) -> AuthError:
    """The handshake's refusal in the server's words (its error envelope)."""
    error = error_from_response(status, body)
    if isinstance(error, AuthError):
        return error
    return AuthError(status, error.code, error.message)


def _reason(closed: Any) -> str:
    reason = str(closed.rcvd.reason or "").strip()
    return sanitize(reason) if reason else "The server refused the credential"
