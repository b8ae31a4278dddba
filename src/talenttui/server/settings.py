"""Server settings: one frozen object built by the CLI (or a test) and passed down."""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    username: str | None = None
    password: str | None = None
    sender: str = "talenttui@localhost"
    starttls: bool = True

    def __repr__(self) -> str:
        return f"SmtpSettings(host={self.host!r}, port={self.port}, username={self.username!r})"


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
    demo: bool = False
    demo_size: int = 1
    dev: bool = False
    smtp: SmtpSettings | None = None
    otp: OtpPolicy = field(default_factory=OtpPolicy)
    allowed_hosts: tuple[str, ...] = ()  # names besides loopback and --host (web.host_guard)
    anonymous_plan: str = "free"  # the rate-limit plan of callers without a credential, by address
    token_ttl_seconds: int = 14 * 24 * 3600
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 5 * 1024 * 1024
    realtime_replay_window: int = 1000
    realtime_max_frame_bytes: int = 4096  # the largest frame a client may send
    realtime_replay_days: float = 7.0
    event_prune_interval_seconds: float = 3600.0
    webhook_retry_unit_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_concurrency: int = 10
    clock: Callable[[], float] = time.time

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.data_dir / 'talenttui.db'}"


def load_smtp(*candidates: Path) -> SmtpSettings | None:
    """Read the first `[smtp]` section found; no section means the outbox is the mailbox."""
    for path in candidates:
        if not path.is_file():
            continue
        with path.open("rb") as fh:
            section = tomllib.load(fh).get("smtp")
        if isinstance(section, dict) and section.get("host"):
            return SmtpSettings(
                host=str(section["host"]),
                port=int(section.get("port", 587)),
                username=section.get("username"),
                password=section.get("password"),
                sender=str(section.get("sender", "talenttui@localhost")),
                starttls=bool(section.get("starttls", True)),
            )
    return None
