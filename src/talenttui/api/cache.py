"""The client's offline-first cache: the last answer to each read, per server and per user.

Screens paint from here at once and refresh in the background (stale-while-revalidate);
offline, they keep showing what was last fetched and say how old it is.

Why not hishel: it is an RFC 9111 HTTP cache for httpx. It decides freshness from the
server's cache headers (our APIs send none, and a private per-user answer is exactly what
an HTTP cache must be careful with), it stores whole responses with their request headers
(the Authorization header would land on disk), and it offers no per-user keying, no
"serve anything you have when the network is down" mode and no age reporting out of the
box. What the app needs is a small key-value store of decoded JSON with a fetched-at time,
keyed by (server, user, request), so that is what this is. Only the decoded ``data`` of
reads is stored: never headers, never a write's answer.

It does not grow without end (a 100k-row feed is about 65 MB per filter combination):
entries fetched longer ago than ``CacheLimits.max_age_days`` are dropped, and past
``max_mb`` the least recently used go first, at open and whenever a write crosses the cap.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from talenttui.api.config import CacheLimits
from talenttui.api.errors import ApiError, NetworkError
from talenttui.api.localdb import LocalDb

log = logging.getLogger(__name__)

CACHE_FILE = "cache.sqlite3"
_VERSION = 2
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS entries (
    server TEXT NOT NULL,
    user TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    fetched_at REAL NOT NULL,
    used_at REAL NOT NULL,
    size INTEGER NOT NULL,
    PRIMARY KEY (server, user, key)
);
CREATE INDEX IF NOT EXISTS entries_fetched ON entries (fetched_at);
CREATE INDEX IF NOT EXISTS entries_used ON entries (used_at);
PRAGMA user_version = {_VERSION};
"""
_SHRINK_TO = 0.9
"""A prune frees down to this share of the cap, so the next few writes do not prune again."""
_PRUNE_EVERY = 3600.0
"""Seconds between age prunes in a long session."""


def _start_over_if_old(conn: sqlite3.Connection) -> None:
    """An older file layout is dropped (a cache can always be refetched); a new file gets
    incremental auto-vacuum so pruning gives the space back to the disk."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == _VERSION:
        return
    conn.execute("DROP TABLE IF EXISTS entries")
    conn.execute("PRAGMA auto_vacuum = INCREMENTAL")
    conn.execute("VACUUM")


def _prune(conn: sqlite3.Connection, limits: CacheLimits, now: float) -> int:
    """Drop what is too old, then the least recently used past the cap; the new total size."""
    conn.execute("DELETE FROM entries WHERE fetched_at < ?", (now - limits.max_age_seconds,))
    total = int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
    if total > limits.max_bytes:
        excess = total - int(limits.max_bytes * _SHRINK_TO)
        conn.execute(
            "DELETE FROM entries WHERE rowid IN (SELECT rowid FROM (SELECT rowid, size,"
            " SUM(size) OVER (ORDER BY used_at, rowid) AS upto FROM entries)"
            " WHERE upto - size < ?)",
            (excess,),
        )
        total = int(conn.execute("SELECT COALESCE(SUM(size), 0) FROM entries").fetchone()[0])
    conn.execute("PRAGMA incremental_vacuum")
    return total


Source = Literal["cache", "network", "offline"]


@dataclass(frozen=True)
class CacheKey:
    server: str
    user: str
    request: str

    @classmethod
    def for_request(
        cls,
        server: str,
        user: str,
        method: str,
        path: str,
        params: dict[str, Any] | None = None,
        body: Any = None,
    ) -> CacheKey:
        """One key per distinct read; parameters are sorted so their order does not matter.

        skilldeo's list endpoints are POSTs that read: their JSON body is part of the key.
        """
        query = urlencode(sorted((params or {}).items()), doseq=True)
        request = f"{method.upper()} {path}" + (f"?{query}" if query else "")
        if body is not None:
            request += " " + json.dumps(body, sort_keys=True, separators=(",", ":"))
        return cls(server, user, request)


@dataclass(frozen=True)
class CachedEntry:
    data: Any
    fetched_at: float
    age_seconds: float


@dataclass(frozen=True)
class SwrResult:
    """What a screen shows: the data, how old it is, and where it came from.

    ``source`` is "cache" (painted from the cache, refresh under way), "network" (just
    fetched) or "offline" (the refresh failed for lack of a network; data is the cached copy).
    """

    data: Any
    age_seconds: float
    source: Source


async def _call(callback: Callable[[Any], object], value: Any) -> None:
    """Callbacks may be plain functions or coroutines (a Textual message post or a worker)."""
    outcome = callback(value)
    if inspect.isawaitable(outcome):
        await outcome


class Cache:
    def __init__(
        self,
        path: Path | None,
        *,
        clock: Callable[[], float] = time.time,
        limits: CacheLimits | None = None,
    ) -> None:
        """Opens (and prunes) the file: run it in a thread, as ``open`` does."""
        self._db = LocalDb(path, _SCHEMA, prepare=_start_over_if_old)
        self._clock = clock
        self.limits = limits or CacheLimits()
        self._refreshing: dict[CacheKey, asyncio.Task[None]] = {}
        self._pruned_at = clock()
        self._size = self._db.run_now(lambda conn: _prune(conn, self.limits, self._pruned_at))
        """Bytes of data stored: exact after a prune, an upper bound in between."""

    @classmethod
    async def open(
        cls,
        cache_dir: Path,
        *,
        kiosk: bool,
        clock: Callable[[], float] = time.time,
        limits: CacheLimits | None = None,
    ) -> Cache:
        """The user's cache file, or memory only in kiosk mode."""
        path = None if kiosk else cache_dir / CACHE_FILE
        return await asyncio.to_thread(cls, path, clock=clock, limits=limits)

    @property
    def size(self) -> int:
        """Bytes of cached data (at most the cap, once the last write's prune has run)."""
        return self._size

    async def prune(self) -> None:
        now = self._clock()
        self._size = await self._db.run(lambda conn: _prune(conn, self.limits, now))
        self._pruned_at = now

    async def get(self, key: CacheKey) -> CachedEntry | None:
        now = self._clock()

        def read(conn: sqlite3.Connection) -> sqlite3.Row | None:
            row: sqlite3.Row | None = conn.execute(
                "SELECT rowid, data, fetched_at FROM entries"
                " WHERE server = ? AND user = ? AND key = ?",
                (key.server, key.user, key.request),
            ).fetchone()
            if row is not None:
                conn.execute("UPDATE entries SET used_at = ? WHERE rowid = ?", (now, row["rowid"]))
            return row

        row = await self._db.run(read)
        if row is None:
            return None
        fetched_at = float(row["fetched_at"])
        return CachedEntry(
            json.loads(row["data"]), fetched_at, max(0.0, self._clock() - fetched_at)
        )

    async def put(self, key: CacheKey, data: Any) -> None:
        encoded = json.dumps(data)
        now = self._clock()
        await self._db.run(
            lambda conn: conn.execute(
                "INSERT OR REPLACE INTO entries (server, user, key, data, fetched_at, used_at,"
                " size) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (key.server, key.user, key.request, encoded, now, now, len(encoded)),
            )
        )
        self._size += len(encoded)
        if self._size > self.limits.max_bytes or now - self._pruned_at >= _PRUNE_EVERY:
            await self.prune()

    async def wipe_user(self, server: str, user: str) -> None:
        """Forget everything cached for one user of one server (sign-out)."""
        await self._db.run(
            lambda conn: conn.execute(
                "DELETE FROM entries WHERE server = ? AND user = ?", (server, user)
            )
        )

    async def swr(
        self,
        key: CacheKey,
        fetch: Callable[[], Awaitable[Any]],
        *,
        on_refresh: Callable[[SwrResult], object] | None = None,
        on_error: Callable[[ApiError], object] | None = None,
        refresh_after: Callable[[], Awaitable[object]] | None = None,
    ) -> SwrResult:
        """Cached data at once with a background refresh, or a fetch when nothing is cached.

        The refresh reports through ``on_refresh``: the fresh data, or the cached copy marked
        "offline" when the network is down. Other errors go to ``on_error``. With nothing
        cached, errors (offline included) are raised to the caller. ``refresh_after`` is
        awaited before the refresh fetches (the app: until its first picture is painted).
        """
        cached = await self.get(key)
        if cached is None:
            data = await fetch()
            await self.put(key, data)
            return SwrResult(data, 0.0, "network")
        if key not in self._refreshing:
            task = asyncio.create_task(
                self._refresh(key, fetch, cached, on_refresh, on_error, refresh_after)
            )
            self._refreshing[key] = task
            task.add_done_callback(lambda done: self._forget_refresh(key, done))
        return SwrResult(cached.data, cached.age_seconds, "cache")

    def _forget_refresh(self, key: CacheKey, done: asyncio.Task[None]) -> None:
        if self._refreshing.get(key) is done:
            del self._refreshing[key]

    async def _refresh(
        self,
        key: CacheKey,
        fetch: Callable[[], Awaitable[Any]],
        cached: CachedEntry,
        on_refresh: Callable[[SwrResult], object] | None,
        on_error: Callable[[ApiError], object] | None,
        refresh_after: Callable[[], Awaitable[object]] | None,
    ) -> None:
        if refresh_after is not None:
            await refresh_after()
        try:
            data = await fetch()
        except NetworkError:
            age = max(0.0, self._clock() - cached.fetched_at)
            result = SwrResult(cached.data, age, "offline")
        except ApiError as exc:
            if on_error is not None:
                await _call(on_error, exc)
            else:
                log.warning("background refresh of %s failed: %s", key.request.split("?")[0], exc)
            return
        else:
            await self.put(key, data)
            result = SwrResult(data, 0.0, "network")
        if on_refresh is not None:
            await _call(on_refresh, result)

    async def wait_idle(self) -> None:
        """Wait for background refreshes under way (tests, and a clean shutdown)."""
        while self._refreshing:
            await asyncio.gather(*self._refreshing.values(), return_exceptions=True)

    async def aclose(self) -> None:
        for task in list(self._refreshing.values()):
            task.cancel()
        await self.wait_idle()
        self._db.close()
