"""Which server the client talks to and how patiently.

The server URL comes from, in order: an explicit argument, ``TALENTTUI_SERVER``, the key
``server`` in ``config.toml`` in the user config dir, else the bundled server's default
address. ``server_source`` tells the app which one won, so it starts the bundled server
only when nothing was configured.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal
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
class ClientConfig:
    server: str = DEFAULT_SERVER
    server_source: ServerSource = "default"
    timeouts: Timeouts = field(default_factory=Timeouts)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    kiosk: bool = False
    """Kiosk: credentials, cache and outbox live in memory only; nothing per user on disk."""
    paths: Paths = field(default_factory=resolve_paths)
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
        return cls(
            server=url,
            server_source=source,
            timeouts=timeouts or Timeouts(),
            retry=retry or RetryPolicy(),
            kiosk=kiosk,
            paths=paths,
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


def _server_from_file(path: Path) -> str | None:
    """None when the file cannot be read: an unreadable config.toml must not keep the app
    from starting (the app says what it ignored; see ``talenttui.tui.preferences``)."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    value = data.get("server")
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
