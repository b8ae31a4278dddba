"""``TalentClient``: one object a script or the app holds per server.

It ties the pieces together: credentials (OTP login, logout), the transport (retries,
rate-limit figures, online state), the per-user cache (stale-while-revalidate, offline
reads), the outbox (writes that wait for the network) and the realtime stream. Endpoints
are described by ``talenttui.api.endpoints``; this runs them.

httpx is imported on first use of the network, in a thread (with its TLS context), so
creating a client costs nothing at start-up and a cached read never waits for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Generic

from talenttui.api.cache import Cache, CacheKey, Source, SwrResult
from talenttui.api.call import Call, T, parse_payload
from talenttui.api.config import ClientConfig
from talenttui.api.credentials import Credentials, CredentialStore, jwt_claims, jwt_lifetime
from talenttui.api.endpoints import auth
from talenttui.api.errors import ApiError, NetworkError, NotFound
from talenttui.api.models.auth import OtpSent, Session
from talenttui.api.outbox import Outbox, OutboxEntry, ReplayReport
from talenttui.api.ratelimit import RateLimitStatus

if TYPE_CHECKING:
    from talenttui.api.realtime import (
        ConnectionState,
        RealtimeClient,
        RealtimeEvent,
    )
    from talenttui.api.transport import Transport


@dataclass(frozen=True)
class Fresh(Generic[T]):
    """A read's answer and where it came from: the network, the cache, or the cache while offline."""

    data: T
    age_seconds: float
    source: Source


@dataclass(frozen=True)
class Queued:
    """A write that could not be sent now; it waits in the outbox and is replayed in order."""

    entry: OutboxEntry


class TalentClient:
    """``gate`` is awaited before the first request: the app passes the bundled server's
    start-up, so cached screens paint while the server is still starting. ``settled`` is
    awaited before each background refresh of a cached read: the app holds them until its
    first picture is painted, so they do not compete with it."""

    def __init__(
        self,
        config: ClientConfig,
        *,
        credentials: CredentialStore | None = None,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
        gate: Callable[[], Awaitable[None]] | None = None,
        on_outcome: Callable[[], object] | None = None,
        settled: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.config = config
        self._gate = gate
        self._settled = settled
        self._on_outcome = on_outcome
        """Called after every request's outcome (``Transport.add_listener``)."""
        self.credentials = credentials or CredentialStore.for_data_dir(
            config.store_server, config.paths.data_dir, kiosk=config.kiosk
        )
        self._transport = transport
        self._clock = clock
        self._cache: Cache | None = None
        self._outbox: Outbox | None = None
        self._opening = asyncio.Lock()
        self._connecting = asyncio.Lock()
        """One opening of a store at a time: two workers asking at once (the panes' first
        loads) opened the cache file twice, and one's start-over dropped the other's table."""

    def __repr__(self) -> str:
        return f"TalentClient(server={self.config.server!r}, user={self.identity!r})"

    # -- state ---------------------------------------------------------------------------

    @property
    def transport(self) -> Transport:
        """Made here when asked for by name (scripts, tests); the client's own requests
        make it in a thread (``connected``)."""
        if self._transport is None:
            self._transport = self._new_transport()
        return self._transport

    def _new_transport(self) -> Transport:
        from talenttui.api.transport import Transport

        transport = Transport(self.config, self.credentials, clock=self._clock, gate=self._gate)
        if self._on_outcome is not None:
            transport.add_listener(self._on_outcome)
        return transport

    async def connected(self) -> Transport:
        """The transport, made off the event loop the first time: importing httpx and
        making its TLS context would hold up the screen (and a cached read needs neither)."""
        async with self._connecting:
            if self._transport is None:
                self._transport = await asyncio.to_thread(self._new_transport)
            return self._transport

    @property
    def me(self) -> Credentials | None:
        return self.credentials.current

    @property
    def identity(self) -> str | None:
        me = self.me
        return me.identity if me else None

    @property
    def signed_in(self) -> bool:
        return not self.credentials.session_over(self._clock())

    @property
    def online(self) -> bool | None:
        return self._transport.online if self._transport else None

    @property
    def rate(self) -> RateLimitStatus:
        return self._transport.rate if self._transport is not None else RateLimitStatus()

    # -- login ---------------------------------------------------------------------------

    async def request_login_code(self, email: str) -> OtpSent:
        return await self.send(auth.login_otp(email))

    async def login_with_code(self, email: str, session_id: str, code: str) -> Credentials:
        session = await self.send(auth.login_verify(email, session_id, code.strip()))
        return await self._signed_in(email, session)

    async def request_signup_code(self, email: str, details: auth.SignupDetails) -> OtpSent:
        return await self.send(auth.signup_otp(email, details))

    async def signup_with_code(
        self, email: str, session_id: str, code: str, details: auth.SignupDetails
    ) -> Credentials:
        session = await self.send(auth.signup_verify(email, session_id, code.strip(), details))
        return await self._signed_in(email, session)

    async def _signed_in(self, email: str, session: Session) -> Credentials:
        claims = jwt_claims(session.token)
        role = claims.get("role")
        lifetime = jwt_lifetime(session.token)
        creds = Credentials(
            token=session.token,
            email=email.strip().lower(),
            user_id=session.user_id,
            org_id=session.org_id,
            role_id=role if isinstance(role, int) else None,
            expires_here=None if lifetime is None else self._clock() + lifetime,
        )
        await self.credentials.save(creds)
        public_id = await self._public_id()
        if public_id:
            creds = await self.credentials.update(public_id=public_id)
        await self._close_user_stores()
        return creds

    async def _public_id(self) -> str | None:
        """The SkillSync ``user_…`` id, which keys the cache; a user without a profile has none yet."""
        try:
            profile = await self.send(Call("GET", "/v1/profiles/me", lambda data: str(data["id"])))
        except (NotFound, NetworkError):
            return None
        return profile

    async def session_ended(self) -> None:
        """The server refused the token: forget it; the cache and the queued writes stay for
        this user's next login (the outbox sends them then, as the same user)."""
        await self.credentials.clear()
        await self._close_user_stores()

    async def logout(self) -> None:
        """Revoke the token on the server, then forget it and wipe this user's cache.

        Queued writes stay for the next login. Offline, or against a server without the
        revoke extension, the token is forgotten here all the same (it then lasts until
        it expires).
        """
        if self.signed_in:
            with contextlib.suppress(ApiError):
                await self.send(auth.logout())
        identity = self.identity
        if identity is not None:
            cache = await self.cache()
            await cache.wipe_user(self.config.store_server, identity)
        await self.credentials.clear()
        await self._close_user_stores()

    # -- running calls -------------------------------------------------------------------

    async def send(self, call: Call[T]) -> T:
        return await (await self.connected()).send(call)

    async def cached(
        self,
        call: Call[T],
        *,
        on_refresh: Callable[[Fresh[T]], Awaitable[object] | object] | None = None,
        on_error: Callable[[ApiError], Awaitable[object] | object] | None = None,
    ) -> Fresh[T]:
        """Cached data at once (refreshed in the background), or a fetch when nothing is cached."""
        identity = self.identity
        if identity is None or not call.is_read:
            return Fresh(await self.send(call), 0.0, "network")
        key = self._cache_key(call, identity)

        async def fetch() -> Any:
            return await (await self.connected()).request(
                call.method, call.path, json=call.json, params=call.params, read=True
            )

        async def refreshed(result: SwrResult) -> None:
            if on_refresh is None:
                return
            outcome = on_refresh(
                Fresh(parse_payload(call, result.data), result.age_seconds, result.source)
            )
            if isinstance(outcome, Awaitable):
                await outcome

        cache = await self.cache()
        result = await cache.swr(
            key, fetch, on_refresh=refreshed, on_error=on_error, refresh_after=self._settled
        )
        return Fresh(parse_payload(call, result.data), result.age_seconds, result.source)

    async def refetch(self, call: Call[T]) -> Fresh[T]:
        """The network's answer (stored in the cache), or the cached one marked offline.

        For a refresh the person asked for or an event announced: the cache's copy is known
        to be stale, so showing it first would undo what is on screen.
        """
        identity = self.identity
        if identity is None or not call.is_read:
            return Fresh(await self.send(call), 0.0, "network")
        key = self._cache_key(call, identity)
        cache = await self.cache()
        try:
            data = await (await self.connected()).request(
                call.method, call.path, json=call.json, params=call.params, read=True
            )
        except NetworkError:
            cached = await cache.get(key)
            if cached is None:
                raise
            return Fresh(parse_payload(call, cached.data), cached.age_seconds, "offline")
        await cache.put(key, data)
        return Fresh(parse_payload(call, data), 0.0, "network")

    def _cache_key(self, call: Call[Any], identity: str) -> CacheKey:
        return CacheKey.for_request(
            self.config.store_server,
            identity,
            call.method,
            call.path,
            dict(call.params or {}),
            call.json,
        )

    async def enqueue(self, call: Call[Any], label: str = "") -> OutboxEntry:
        if call.files:
            raise ValueError("uploads are not queued: the file is not kept on disk")
        outbox = await self.outbox()
        return await outbox.enqueue(
            call.method, call.path, call.json, label=label, idempotency_key=call.idempotency_key
        )

    async def send_or_queue(self, call: Call[T], label: str = "") -> T | Queued:
        """A write through the outbox: stored first (with its ``Idempotency-Key``), then sent.

        Earlier queued writes go first so a later write never overtakes them. The answer
        when the server took it; ``Queued`` when it could not be reached (or the session
        needs a new login): it stays in the outbox for ``replay``. A refusal is raised.
        """
        if call.idempotency_key is None:
            call = replace(call, idempotency_key=str(uuid.uuid4()))
        entry = await self.enqueue(call, label)
        report = await self.replay()
        for delivered in report.delivered:
            if delivered.entry.id == entry.id:
                return parse_payload(call, delivered.result)
        if entry.id in report.errors:
            raise report.errors[entry.id]
        return Queued(entry)

    async def replay(self) -> ReplayReport:
        outbox = await self.outbox()
        return await outbox.replay(await self.connected())

    # -- per-user stores -----------------------------------------------------------------

    async def cache(self) -> Cache:
        async with self._opening:
            if self._cache is None:
                self._cache = await Cache.open(
                    self.config.paths.cache_dir,
                    kiosk=self.config.kiosk,
                    clock=self._clock,
                    limits=self.config.cache,
                )
            return self._cache

    async def outbox(self) -> Outbox:
        async with self._opening:
            if self._outbox is None:
                identity = self.identity
                if identity is None:
                    raise ApiError(401, "UNAUTHORIZED", "Not logged in")
                self._outbox = await Outbox.open(
                    self.config.paths.data_dir,
                    self.config.store_server,
                    identity,
                    kiosk=self.config.kiosk,
                    clock=self._clock,
                )
            return self._outbox

    async def open_stores(self) -> None:
        """The cache and (signed in) this user's outbox opened now, in threads: the first
        read and write then need not wait for them."""
        await self.cache()
        if self.identity is not None:
            await self.outbox()

    async def _close_user_stores(self) -> None:
        if self._outbox is not None:
            self._outbox.close()
            self._outbox = None

    # -- realtime ------------------------------------------------------------------------

    def realtime(
        self,
        *,
        on_event: Callable[[RealtimeEvent], Awaitable[None]],
        on_resync: Callable[[], Awaitable[None]],
        on_state: Callable[[ConnectionState], None] | None = None,
        since: int | None = None,
    ) -> RealtimeClient:
        from talenttui.api.realtime import RealtimeClient

        return RealtimeClient(
            self.config.server,
            self.credentials.bearer,
            on_event=on_event,
            on_resync=on_resync,
            on_state=on_state,
            since=since,
        )

    async def aclose(self) -> None:
        await self._close_user_stores()
        if self._cache is not None:
            await self._cache.aclose()
            self._cache = None
        if self._transport is not None:
            await self._transport.aclose()
