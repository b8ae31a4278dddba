"""Login tokens: JWT HS256 signed with a secret kept in the data directory."""

from __future__ import annotations

import contextlib
import os
import secrets
import uuid
from dataclasses import dataclass
from pathlib import Path

import jwt

from talenttui.server.errors import unauthorized

ALGORITHM = "HS256"
ISSUER = "talenttui"
SECRET_FILE = "server-secret"  # noqa: S105 - a file name, not a secret
MAX_TTL_SECONDS = 30 * 24 * 3600
KEY_BYTES = 32


class SecretFileError(RuntimeError):
    """The key file exists but holds no usable key; the server must not sign with it."""


def load_or_create_secret(data_dir: Path) -> bytes:
    """The signing key survives restarts (tokens stay valid) and only the owner can read it.

    A new key is written to a private temporary file and linked into place, so a
    crash never leaves a half-written key and two servers starting at once agree
    on one key.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / SECRET_FILE
    if not path.exists():
        _create_secret(path)
    os.chmod(path, 0o600)
    return _read_secret(path)


def _create_secret(path: Path) -> None:
    temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_bytes(KEY_BYTES).hex())
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temp, path)
    finally:
        temp.unlink()


def _read_secret(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text().strip())
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise SecretFileError(
            f"{path} holds no valid signing key; delete it to create a new one "
            "(every issued token then stops working)"
        )
    return key


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    org_id: int | None
    role_id: int
    expires_at: int
    jti: str


def new_jti() -> str:
    return uuid.uuid4().hex


class TokenService:
    def __init__(self, secret: bytes, ttl_seconds: int) -> None:
        self._secret = secret
        self.ttl_seconds = min(ttl_seconds, MAX_TTL_SECONDS)

    def issue(self, user_id: int, org_id: int | None, role_id: int, now: float, jti: str) -> str:
        """A token for the login session `jti` (its row makes it revocable; see web.login_sessions)."""
        payload = {
            "sub": str(user_id),
            "org": org_id,
            "role": role_id,
            "iat": int(now),
            "exp": int(now) + self.ttl_seconds,
            "iss": ISSUER,
            "jti": jti,
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def verify(self, token: str, now: float) -> TokenClaims:
        """Only HS256 with our key: `alg: none`, other algorithms and bad signatures fail here."""
        try:
            payload = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["exp", "iat", "sub", "jti"], "verify_exp": False},
            )
        except jwt.PyJWTError:
            raise unauthorized("Invalid token") from None
        exp = int(payload["exp"])
        if exp <= now:
            raise unauthorized("Token expired; log in again")
        try:
            return TokenClaims(
                user_id=int(payload["sub"]),
                org_id=payload.get("org"),
                role_id=int(payload.get("role", 1)),
                expires_at=exp,
                jti=str(payload["jti"]),
            )
        except (TypeError, ValueError):
            raise unauthorized("Invalid token") from None
