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
    """Limits from NIST SP 800-63B for out-of-band codes, all tunable for tests."""

    ttl_seconds: int = 600
    max_tries_per_session: int = 5
    max_failures_per_day: int = 20
    resend_cooldown_seconds: int = 30
    max_sends_per_hour: int = 10


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
    token_ttl_seconds: int = 14 * 24 * 3600
    max_body_bytes: int = 1024 * 1024
    max_upload_bytes: int = 5 * 1024 * 1024
    realtime_replay_window: int = 1000
    realtime_replay_days: float = 7.0
    event_prune_interval_seconds: float = 3600.0
    webhook_retry_unit_seconds: float = 1.0
    webhook_timeout_seconds: float = 10.0
    webhook_concurrency: int = 10
    # Many processes on one database (README, "Running for an organisation")
    workers: int = 1
    public_url: str | None = None
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
