"""The one way requests reach a server: auth, retries with backoff, typed errors, unwrapping.

One ``httpx.AsyncClient`` (one connection pool) per server. What is retried:

- 429 and 503, any method (the server did not do the work): waits what ``Retry-After``
  asks (a 429 also ``X-RateLimit-Retry-After``, then ``X-RateLimit-Reset``; a 503 never
  the rate-limit headers, which every answer carries), else exponential backoff with full
  jitter; a requested wait longer than the cap is not slept through but raised as
  ``RateLimited``/``ServerError`` so the UI can say when to come back.
- timeouts and connection errors, only for reads and for writes that carry an
  ``Idempotency-Key`` (the server dedupes those, so a repeat cannot double a write).

Everything else raises the typed error from ``errors``. Success bodies are unwrapped
(SkillSync: ``data``; skilldeo: the body minus ``status_code``/``error``) and every string
in them sanitized for the terminal. Logs name the method, path and status, never headers,
query strings or bodies.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from talenttui import __version__
from talenttui.api.call import Call, T, UploadFile, parse_payload
from talenttui.api.config import ClientConfig
from talenttui.api.credentials import CredentialStore
from talenttui.api.errors import ApiError, NetworkError, error_from_response
from talenttui.api.ratelimit import RateLimitStatus, retry_after_seconds
from talenttui.api.sanitize import sanitize

log = logging.getLogger(__name__)

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_STATUSES = frozenset({429, 503})

Sleep = Callable[[float], Awaitable[None]]


def unwrap(body: Any) -> Any:
    """The payload of either API's success envelope; anything else is returned as sent."""
    if isinstance(body, dict):
        if body.get("success") is True and "data" in body:
            return body["data"]
        if "status_code" in body and body.get("error") is False:
            return {k: v for k, v in body.items() if k not in ("status_code", "error")}
    return body


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return "the server did not answer in time"
    if isinstance(exc, httpx.ConnectError):
        return "cannot connect to the server"
    return "the connection to the server failed"


class Transport:
    """Requests to one server. ``sleep``, ``rand`` and ``clock`` are injectable for tests."""

    def __init__(
        self,
        config: ClientConfig,
        credentials: CredentialStore | None = None,
        *,
        http_transport: httpx.AsyncBaseTransport | None = None,
        sleep: Sleep = asyncio.sleep,
        rand: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time,
        gate: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.config = config
        self._gate = gate
        """Awaited before the first request (the bundled server starting); dropped once passed."""
        self.credentials = credentials
        self.rate = RateLimitStatus()
        self.online: bool | None = None
        """None until the first outcome; False after a request got no answer at all."""
        self._sleep = sleep
        self._rand = rand
        self._clock = clock
        self._listeners: list[Callable[[], object]] = []
        t = config.timeouts
        self._http = httpx.AsyncClient(
            base_url=config.server,
            timeout=httpx.Timeout(connect=t.connect, read=t.read, write=t.write, pool=t.pool),
            headers={"User-Agent": f"talenttui/{__version__}", "Accept": "application/json"},
            transport=http_transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"Transport(server={self.config.server!r}, online={self.online})"

    def add_listener(self, callback: Callable[[], object]) -> None:
        """Called after every outcome, so a status bar can show online state and limits."""
        self._listeners.append(callback)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> Transport:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, UploadFile] | None = None,
        headers: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
        read: bool | None = None,
        patient: bool = True,
        retry_network: bool = True,
    ) -> Any:
        """Send one request (with retries) and return the unwrapped, sanitized payload.

        ``read`` marks requests that change nothing (default: GET/HEAD/OPTIONS); skilldeo's
        POST list endpoints pass ``read=True`` so they are retried like reads. ``patient=False``
        raises 429/503 at once instead of waiting: a person at a login form wants to see the
        cooldown, not a frozen button. ``retry_network=False`` gives up on the first network
        failure: for a write that has the outbox to fall back on, waiting helps nobody.
        """
        await self._pass_gate()
        method = method.upper()
        is_read = method in READ_METHODS if read is None else read
        may_retry_network = retry_network and (is_read or idempotency_key is not None)
        send_headers = self._headers(headers, idempotency_key)
        attempt = 0
        while True:
            attempt += 1
            last_try = attempt >= self.config.retry.max_attempts
            try:
                response = await self._http.request(
                    method, path, json=json, params=params, files=files, headers=send_headers
                )
            except httpx.TransportError as exc:
                self._outcome(online=False)
                log.debug(
                    "%s %s: no answer (attempt %d): %s", method, path, attempt, _describe(exc)
                )
                if may_retry_network and not last_try:
                    await self._sleep(self._backoff(attempt))
                    continue
                raise NetworkError(
                    f"{_describe(exc).capitalize()} ({self._server_label()})",
                    timeout=isinstance(exc, httpx.TimeoutException),
                ) from None
            self.rate.update(response.headers, self._clock())
            self._outcome(online=True)
            log.debug("%s %s -> %d (attempt %d)", method, path, response.status_code, attempt)
            if patient and not last_try and await self._waited_to_retry(response, attempt):
                continue
            if response.is_success:
                return self._payload(response)
            raise error_from_response(
                response.status_code,
                response.content,
                request_id=response.headers.get("x-request-id"),
                retry_after=retry_after_seconds(
                    response.headers, self._clock(), response.status_code
                ),
            )

    async def send(self, call: Call[T], *, retry_network: bool = True) -> T:
        """Run a described request and parse its answer into the call's model."""
        payload = await self.request(
            call.method,
            call.path,
            json=call.json,
            params=call.params,
            files=call.files,
            idempotency_key=call.idempotency_key,
            read=call.is_read,
            patient=call.patient,
            retry_network=retry_network,
        )
        return parse_payload(call, payload)

    async def _pass_gate(self) -> None:
        if self._gate is None:
            return
        try:
            await self._gate()
        except Exception as exc:
            self._outcome(online=False)
            raise NetworkError(f"The server is not available: {exc}") from None
        self._gate = None

    def _headers(
        self, extra: Mapping[str, str] | None, idempotency_key: str | None
    ) -> dict[str, str]:
        headers = dict(extra or {})
        bearer = self.credentials.bearer() if self.credentials else None
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    async def _waited_to_retry(self, response: httpx.Response, attempt: int) -> bool:
        """For 429/503: sleep as asked (or back off) and say so; a wait over the cap is not slept."""
        if response.status_code not in RETRY_STATUSES:
            return False
        hinted = retry_after_seconds(response.headers, self._clock(), response.status_code)
        if hinted is not None and hinted > self.config.retry.max_delay:
            return False
        await self._sleep(hinted if hinted is not None else self._backoff(attempt))
        return True

    def _backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(cap, base * 2**(attempt-1)))."""
        policy = self.config.retry
        ceiling = min(policy.max_delay, policy.base_delay * 2.0 ** (attempt - 1))
        return self._rand() * ceiling

    def _payload(self, response: httpx.Response) -> Any:
        if not response.content:
            return None
        try:
            body = response.json()
        except ValueError:
            raise ApiError(
                response.status_code,
                "INVALID_RESPONSE",
                "The server sent an answer that is not JSON",
                request_id=response.headers.get("x-request-id"),
            ) from None
        return sanitize(unwrap(body))

    def _server_label(self) -> str:
        url = self._http.base_url
        return f"{url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")

    def _outcome(self, *, online: bool) -> None:
        self.online = online
        for callback in self._listeners:
            try:
                callback()
            except Exception:
                log.exception("transport listener failed")
