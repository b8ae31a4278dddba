"""Server settings: one frozen object built by the CLI (or a test) and passed down."""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SmtpTls = Literal["starttls", "implicit", "none"]
TLS_MODES: tuple[SmtpTls, ...] = ("starttls", "implicit", "none")


class SettingsError(ValueError):
    """A setting the server cannot run with; the message names the file, section and key."""


@dataclass(frozen=True)
class SmtpSettings:
    """`tls`: "starttls" (upgrade a plain connection, port 587), "implicit" (TLS from the
    first byte, port 465) or "none"; certificates are verified against the system's CAs,
    or `ca_file` for a relay with a private CA."""

    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "talenttui@localhost"
    tls: SmtpTls = "starttls"
    ca_file: str | None = None

    def __repr__(self) -> str:
        return (
            f"SmtpSettings(host={self.host!r}, port={self.port}, tls={self.tls!r}, "
            f"username={self.username!r})"
        )


@dataclass(frozen=True)
class OtpPolicy:
    """Limits from NIST SP 800-63B for out-of-band codes, all tunable for tests.

    A requester is a client address. Sends are limited per requester (so a stranger
    cannot use up the owner's codes); wrong codes lock the code they were tried on,
    then throttle the requester; the account's daily cap counts wrong codes for its
    real sessions and throttles only the requesters who made them.
    """

    ttl_seconds: int = 600
    max_tries_per_session: int = 5
    max_failures_per_day: int = 20
    max_failures_per_requester_per_day: int = 50
    resend_cooldown_seconds: int = 30
    max_sends_per_hour: int = 10
    max_sends_per_requester_per_hour: int = 100


@dataclass(frozen=True)
class ServerSettings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str | None = None
    database_pool_size: int = 20
    """PostgreSQL connections each process keeps open, at least its usual requests in flight
    (up to as many again open for a burst): mind the server's `max_connections`."""
    demo: bool = False
    demo_size: int = 1
    dev: bool = False
    public_url: str | None = None
    """Where people reach this server (share links and photo URLs are built on it); default:
    the address each request came to (`web.deps.public_base`)."""
    smtp: SmtpSettings | None = None
    otp: OtpPolicy = field(default_factory=OtpPolicy)
    allowed_hosts: tuple[str, ...] = ()  # names besides loopback and --host (web.host_guard)
    anonymous_plan: str = "free"  # the rate-limit plan of callers without a credential, by address
    token_ttl_seconds: int = 14 * 24 * 3600
    credential_cache_seconds: float = 1.0
    """How long a checked credential is trusted without a lookup; a revocation ends it at once
    on the revoking process, and on the others when its notification arrives (`credential_cache`)."""
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 5 * 1024 * 1024
    realtime_replay_window: int = 1000
    realtime_max_frame_bytes: int = 4096  # the largest frame a client may send
    realtime_replay_days: float = 7.0
    event_prune_interval_seconds: float = 3600.0
    webhook_retry_unit_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_concurrency: int = 10
    # Many processes on one database (README, "Running for an organisation")
    workers: int = 1
    secret_file: Path | None = None
    webhook_lease_seconds: float = 120.0
    mail_lease_seconds: float = 120.0
    clock: Callable[[], float] = time.time

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'talenttui.db'}"

    @property
    def on_sqlite(self) -> bool:
        """SQLite: one process owns the data dir; anything else may be shared by many."""
        return self.resolved_database_url.startswith("sqlite")


_SMTP_TYPES: dict[str, type] = {
    "host": str,
    "port": int,
    "username": str,
    "password": str,
    "sender": str,
    "starttls": bool,
    "tls": str,
    "ca_file": str,
}


def comma_separated(text: str) -> tuple[str, ...]:
    """`"a.example, b.example,"` -> `("a.example", "b.example")`: a flag's or a variable's list."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def _checked(where: str, section: dict[str, Any]) -> dict[str, Any]:
    """Every key known and of its type: `starttls = "false"` is an error, not a true string."""
    for key, value in section.items():
        want = _SMTP_TYPES.get(key)
        if want is None:
            known = ", ".join(sorted(_SMTP_TYPES))
            raise SettingsError(f"{where}: unknown key {key!r} (known: {known})")
        if type(value) is not want:
            raise SettingsError(f"{where}: {key} must be {want.__name__}, not {value!r}")
    return section


def smtp_from_section(where: str, raw: dict[str, Any]) -> SmtpSettings:
    section = _checked(where, raw)
    if "tls" in section and "starttls" in section:
        raise SettingsError(f"{where}: give tls or starttls, not both")
    tls = section.get("tls")
    if tls is None:
        if "starttls" in section:
            tls = "starttls" if section["starttls"] else "none"
        else:
            tls = "implicit" if section.get("port") == 465 else "starttls"
    if tls not in TLS_MODES:
        raise SettingsError(f"{where}: tls must be one of {', '.join(TLS_MODES)}, not {tls!r}")
    port = section.get("port", 465 if tls == "implicit" else 587)
    if not 0 < port < 65536:
        raise SettingsError(f"{where}: port must be 1-65535, not {port}")
    sender = section.get("sender", "talenttui@localhost")
    if "@" not in sender or any(c in sender for c in "\r\n"):
        raise SettingsError(f"{where}: sender must be an address, not {sender!r}")
    return SmtpSettings(
        host=section["host"],
        port=port,
        username=section.get("username"),
        password=section.get("password"),
        sender=sender,
        tls=tls,
        ca_file=section.get("ca_file"),
    )


def load_smtp(*candidates: Path) -> SmtpSettings | None:
    """Read the first `[smtp]` section found, strictly; no section means the outbox is the mailbox."""
    for path in candidates:
        if not path.is_file():
            continue
        with path.open("rb") as fh:
            section = tomllib.load(fh).get("smtp")
        if section is None:
            continue
        where = f"{path} [smtp]"
        if not isinstance(section, dict) or not section.get("host"):
            raise SettingsError(f'{where}: needs at least host = "…"')
        return smtp_from_section(where, section)
    return None
