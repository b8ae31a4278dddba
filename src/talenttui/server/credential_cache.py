"""Credentials checked in the last second: a busy client's requests cost no lookup each.

Checking a credential takes three queries (the login session or the API key, the user,
the organization's plan) and gives the same answer for every request that carries it,
so the answer is kept for `credential_cache_seconds` (1 s by default), never past the
credential's own expiry. Revocation stays exact where it happens and quick elsewhere:
the `revoked` notice that closes a credential's sockets (`hub.Hub.notice`: at commit on
the process that revoked it, by LISTEN/NOTIFY on the others, see `bus`) also drops it
here, so the revoking process refuses it from the next request on and another process
as soon as the notification arrives. A lookup that was under way when a revocation
landed is not kept. Requests that carry the same credential when its entry runs out
wait for one lookup between them. Whatever becomes of a notification (a listener reconnecting), no
process trusts an answer older than `credential_cache_seconds`.

Tokens are held as their SHA-256 digests. What is kept (`web.credentials`) is read by
many requests at once and changed by none.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 10_000


@dataclass(frozen=True)
class _Entry(Generic[T]):
    value: T
    credential: str  # what a revocation names: "jti:…" or "key:…"
    fresh_until: float  # on the monotonic clock
    valid_until: float | None  # the credential's own expiry, on the server's clock


@dataclass(frozen=True)
class Checked(Generic[T]):
    """What a check found: the answer, the credential it is for, and until when it holds."""

    value: T
    credential: str
    valid_until: float | None


Check = Callable[[], Awaitable[Checked[T]]]


@dataclass(frozen=True)
class Lookup:
    """Taken before a lookup and handed to `put`: a lookup older than a revocation is not kept."""

    epoch: int
    began: float


class CredentialCache(Generic[T]):
    def __init__(
        self,
        seconds: float,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._entries: OrderedDict[str, _Entry[T]] = OrderedDict()
        self._by_credential: dict[str, str] = {}
        self._epoch = 0  # moves on every revocation
        self._pending: dict[str, asyncio.Future[T]] = {}

    def lookup(self) -> Lookup:
        return Lookup(self._epoch, self._monotonic())

    async def resolve(self, token: str, now: float, check: Check[T]) -> T:
        """The answer kept for `token`, or `check`'s: one check at a time per token, however
        many requests carry it when its entry runs out (they all wait for that one)."""
        found = self.get(token, now)
        if found is not None:
            return found
        digest = _digest(token)
        pending = self._pending.get(digest)
        if pending is None:
            pending = asyncio.ensure_future(self._check(token, digest, check))
            self._pending[digest] = pending
        return await asyncio.shield(pending)  # a caller that gives up stops no one else's

    async def _check(self, token: str, digest: str, check: Check[T]) -> T:
        lookup = self.lookup()
        try:
            checked = await check()
        finally:
            del self._pending[digest]
        self.put(token, checked.value, checked.credential, checked.valid_until, lookup)
        return checked.value

    def get(self, token: str, now: float) -> T | None:
        """The answer kept for `token`, unless it is older than the limit or the credential
        expired by `now` (the server's clock)."""
        digest = _digest(token)
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if entry.fresh_until <= self._monotonic() or (
            entry.valid_until is not None and entry.valid_until <= now
        ):
            self._drop(digest)
            return None
        return entry.value

    def put(
        self, token: str, value: T, credential: str, valid_until: float | None, lookup: Lookup
    ) -> None:
        if self.seconds <= 0 or lookup.epoch != self._epoch:
            return
        digest = _digest(token)
        self._drop(digest)
        fresh_until = lookup.began + self.seconds
        self._entries[digest] = _Entry(value, credential, fresh_until, valid_until)
        self._by_credential[credential] = digest
        while len(self._entries) > self.max_entries:
            self._drop(next(iter(self._entries)))

    def forget(self, credential: str) -> None:
        """A revoked credential: refused by the next lookup, and no lookup under way is kept."""
        self._epoch += 1
        digest = self._by_credential.get(credential)
        if digest is not None:
            self._drop(digest)

    def _drop(self, digest: str) -> None:
        entry = self._entries.pop(digest, None)
        if entry is not None and self._by_credential.get(entry.credential) == digest:
            del self._by_credential[entry.credential]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
