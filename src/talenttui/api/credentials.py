"""The signed-in user's token (and optional API key), kept per server.

Entries are keyed by server URL so a token issued by one server is never sent to another.
On disk: one JSON file in the user data dir, mode 0600 inside a 0700 directory, replaced
atomically. In kiosk mode nothing touches the disk. The token's expiry is read from the
JWT's ``exp`` claim without verifying the signature: the client has no key, it only needs
to know when the session is over. ``repr`` and ``str`` never show a secret.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import os
import time
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from talenttui.paths import ensure_private_dir

CREDENTIALS_FILE = "credentials.json"


def jwt_claims(token: str) -> dict[str, Any]:
    """A JWT's claims, unverified (the server verifies); empty if the token is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return {}
    return claims if isinstance(claims, dict) else {}


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def jwt_expiry(token: str) -> float | None:
    """The ``exp`` claim of a JWT, unverified; None if the token is not a JWT or has none."""
    return _number(jwt_claims(token).get("exp"))


def jwt_lifetime(token: str) -> float | None:
    """``exp - iat`` of a JWT, unverified; None without both."""
    claims = jwt_claims(token)
    exp, iat = _number(claims.get("exp")), _number(claims.get("iat"))
    return exp - iat if exp is not None and iat is not None else None


@dataclass(frozen=True)
class Credentials:
    """Who is signed in; secrets are excluded from repr."""

    token: str | None = field(default=None, repr=False)
    api_key: str | None = field(default=None, repr=False)
    email: str | None = None
    user_id: int | None = None
    """skilldeo integer user id."""
    org_id: int | None = None
    role_id: int | None = None
    public_id: str | None = None
    """SkillSync ``user_…`` id."""
    expires_here: float | None = None
    """When the login token ends by this machine's clock: its lifetime (``exp - iat``) from
    its arrival, so a clock that differs from the server's neither ends the session early
    (the app would stop sending) nor keeps it past the server's refusal. Files written
    before it existed have none: ``exp`` is read as it is."""

    @property
    def bearer(self) -> str | None:
        """The login token when there is one (every scope), else the API key."""
        return self.token or self.api_key

    @property
    def expires_at(self) -> float | None:
        if self.expires_here is not None:
            return self.expires_here
        return jwt_expiry(self.token) if self.token else None

    def expired(self, now: float) -> bool:
        """True once the login token's ``exp`` has passed; an API key alone never expires here."""
        expires_at = self.expires_at
        return expires_at is not None and expires_at <= now

    @property
    def identity(self) -> str | None:
        """A stable per-user key for the cache and outbox."""
        if self.public_id:
            return self.public_id
        if self.user_id is not None:
            return f"id:{self.user_id}"
        return f"email:{self.email.lower()}" if self.email else None

    def __str__(self) -> str:
        return f"Credentials(email={self.email!r}, user_id={self.user_id!r})"


def _from_json(raw: Any) -> Credentials | None:
    if not isinstance(raw, dict):
        return None
    known = {f.name for f in fields(Credentials)}
    return Credentials(**{k: v for k, v in raw.items() if k in known})


class CredentialStore:
    """Credentials for one server, in memory and (unless ``path`` is None) on disk."""

    def __init__(self, server: str, path: Path | None) -> None:
        self.server = server
        self.path = path
        self._current = self._read().get(server) if path is not None else None

    @classmethod
    def in_memory(cls, server: str, credentials: Credentials | None = None) -> CredentialStore:
        """Nothing on disk: kiosk sessions, and scripts that bring their own API key."""
        store = cls(server, None)
        store._current = credentials
        return store

    @classmethod
    def for_data_dir(cls, server: str, data_dir: Path, *, kiosk: bool) -> CredentialStore:
        return cls(server, None if kiosk else data_dir / CREDENTIALS_FILE)

    def __repr__(self) -> str:
        signed_in = self._current is not None and self._current.bearer is not None
        return f"CredentialStore(server={self.server!r}, signed_in={signed_in})"

    __str__ = __repr__

    @property
    def current(self) -> Credentials | None:
        return self._current

    def bearer(self) -> str | None:
        return self._current.bearer if self._current else None

    def session_over(self, now: float | None = None) -> bool:
        """No credential, or the login token has expired and there is no API key to fall back on."""
        creds = self._current
        if creds is None or creds.bearer is None:
            return True
        return creds.api_key is None and creds.expired(time.time() if now is None else now)

    async def save(self, credentials: Credentials) -> None:
        self._current = credentials
        if self.path is not None:
            await asyncio.to_thread(self._write_entry, credentials)

    async def update(self, **changes: Any) -> Credentials:
        credentials = replace(self._current or Credentials(), **changes)
        await self.save(credentials)
        return credentials

    async def clear(self) -> None:
        """Sign out: forget this server's entry; the file goes when no server is left in it."""
        self._current = None
        if self.path is not None:
            await asyncio.to_thread(self._write_entry, None)

    def _read(self) -> dict[str, Credentials]:
        assert self.path is not None
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # missing, unreadable or corrupt: signed out; the next save rewrites it
        if not isinstance(raw, dict):
            return {}
        entries = {server: _from_json(entry) for server, entry in raw.items()}
        return {server: creds for server, creds in entries.items() if creds is not None}

    def _write_entry(self, credentials: Credentials | None) -> None:
        assert self.path is not None
        entries = self._read()
        if credentials is None:
            entries.pop(self.server, None)
        else:
            entries[self.server] = credentials
        if not entries:
            self.path.unlink(missing_ok=True)
            return
        ensure_private_dir(self.path.parent)
        os.chmod(self.path.parent, 0o700)
        payload = json.dumps({server: asdict(c) for server, c in entries.items()}, indent=2)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                os.fchmod(fh.fileno(), 0o600)  # a leftover temp file keeps its old mode
                fh.write(payload)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
