"""Which server the client talks to, how patiently, and how much it keeps in its cache.

The server URL comes from, in order: an explicit argument, ``TALENTTUI_SERVER``, the key
``server`` in ``config.toml`` in the user config dir, else the bundled server's default
address. ``server_source`` tells the app which one won, so it starts the bundled server
only when nothing was configured. The cache's limits come from ``[cache]`` in the same file.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from talenttui.paths import Paths, resolve_paths

DEFAULT_SERVER = "http://127.0.0.1:8000"
ServerSource = Literal["argument", "environment", "config", "default"]


class ConfigError(ValueError):
    """The configuration cannot be used; the message names where the bad value came from."""


@dataclass(frozen=True)
class Timeouts:
    """Seconds. Reads are generous (matching can be slow), connects fail fast to go offline."""

    connect: float = 5.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 5.0


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for 429/503 and retryable network errors: full jitter, capped per wait."""

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0


@dataclass(frozen=True)
class CacheLimits:
    """``[cache]`` in config.toml: entries fetched longer ago than ``max_age_days`` are
    dropped, and past ``max_mb`` the least recently used go first."""

    max_age_days: float = 30.0
    max_mb: float = 100.0

    @property
    def max_age_seconds(self) -> float:
        return self.max_age_days * 86400

    @property
    def max_bytes(self) -> int:
        return int(self.max_mb * 1024 * 1024)


@dataclass(frozen=True)
class ClientConfig:
    server: str = DEFAULT_SERVER
    server_source: ServerSource = "default"
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    cache: CacheLimits = field(default_factory=CacheLimits)
    kiosk: bool = False
    """Kiosk: credentials, cache and outbox live in memory only; nothing per user on disk."""
    paths: Paths = field(default_factory=resolve_paths)
    notices: tuple[str, ...] = ()
    """Values of config.toml that were ignored, one sentence each, for the app to show."""
    store_key: str | None = None
    """What keys credentials, cache and outbox; the URL unless set. The bundled server gets a
    new port at each start, so it is keyed as "embedded" to keep the session across starts."""

    @property
    def store_server(self) -> str:
        return self.store_key or self.server

    def embedded(self, url: str) -> ClientConfig:
        """This configuration pointed at the bundled server running at ``url``."""
        return replace(self, server=url, server_source="default", store_key="embedded")

    @classmethod
    def load(
        cls,
        server: str | None = None,
        *,
        kiosk: bool = False,
        environ: Mapping[str, str] | None = None,
        paths: Paths | None = None,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
    ) -> ClientConfig:
        env = os.environ if environ is None else environ
        paths = paths or resolve_paths()
        url, source = _pick_server(server, env, paths.config_file)
        notices: list[str] = []
        cache = _cache_limits(paths.config_file, notices)
        return cls(
            server=url,
            server_source=source,
            timeouts=timeouts or Timeouts(),
            retry=retry or RetryPolicy(),
            cache=cache,
            kiosk=kiosk,
            paths=paths,
            notices=tuple(notices),
        )


def _pick_server(
    explicit: str | None, env: Mapping[str, str], config_file: Path
) -> tuple[str, ServerSource]:
    if explicit:
        return normalize_server_url(explicit, "the server argument"), "argument"
    if env.get("TALENTTUI_SERVER"):
        return normalize_server_url(env["TALENTTUI_SERVER"], "TALENTTUI_SERVER"), "environment"
    configured = _server_from_file(config_file)
    if configured:
        return normalize_server_url(configured, f"'server' in {config_file}"), "config"
    return DEFAULT_SERVER, "default"


def _read_file(path: Path) -> dict[str, Any]:
    """The file's tables; {} when it is absent or cannot be read: an unreadable config.toml
    must not keep the app from starting (the app says what it ignored; see
    ``talenttui.tui.preferences``)."""
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def _cache_limits(path: Path, notices: list[str]) -> CacheLimits:
    """A value that is not a number above 0 keeps its default, and is said in ``notices``."""
    table = _read_file(path).get("cache", {})
    defaults = CacheLimits()
    if not isinstance(table, dict):
        notices.append("cache is not a table ([cache]); ignored")
        return defaults
    values: dict[str, float] = {}
    for name in ("max_age_days", "max_mb"):
        value = table.get(name, getattr(defaults, name))
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            notices.append(f"[cache] {name} = {value!r} is not a number above 0; ignored")
            continue
        values[name] = float(value)
    return CacheLimits(**values)


def _server_from_file(path: Path) -> str | None:
    value = _read_file(path).get("server")
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"'server' in {path} must be a string URL")
    return value


def normalize_server_url(url: str, origin: str) -> str:
    """An http(s) URL without a trailing slash, so paths join predictably."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{origin} must be an http:// or https:// URL")
    if parts.query or parts.fragment:
        raise ConfigError(f"{origin} must not have a query or fragment")
    return url.rstrip("/")
