"""The server secret (it signs login tokens and keys the login-code HMACs): one for every process.

Where it lives, first that applies: the file named by `secret_file`
(`TALENTTUI_SECRET_FILE`), for operators who keep keys out of the database; on SQLite,
`server-secret` in the data dir (one process owns that dir); on any other database, the
database itself, written once by whichever process starts first, so N processes on one
PostgreSQL database agree with nothing else to share. The first process of a version that
keeps it there adopts a `server-secret` file an earlier version left in its data dir, so
tokens stay valid and sealed webhook secrets still open. A file is created whole or not at
all, mode 0600, and a short or garbled one stops the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.clock import utcnow
from talenttui.server.db import insert_or_ignore
from talenttui.server.models import ServerSecret
from talenttui.server.settings import ServerSettings

SECRET_FILE = "server-secret"  # noqa: S105 - a file name, not a secret
KEY_BYTES = 32


class SecretFileError(RuntimeError):
    """The key file exists but holds no usable key; the server must not sign with it."""


def secret_from_file(path: Path) -> bytes:
    """The key survives restarts (tokens stay valid) and only the owner can read it.

    A new key is written to a private temporary file and linked into place, so a
    crash never leaves a half-written key and two servers starting at once agree
    on one key.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
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


TOKEN_KEY = "token_signing"  # noqa: S105 - the row's name, not a secret


def _first_key(earlier: Path) -> str:
    """What the database starts with: the key an earlier version kept in the data dir, if any."""
    return _read_secret(earlier).hex() if earlier.exists() else secrets.token_bytes(KEY_BYTES).hex()


async def _secret_from_database(sessions: async_sessionmaker[AsyncSession], earlier: Path) -> bytes:
    first = await asyncio.to_thread(_first_key, earlier)
    async with sessions() as db:
        await db.execute(
            insert_or_ignore(db, ServerSecret, name=TOKEN_KEY, value=first, created_at=utcnow())
        )
        stored = await db.scalar(select(ServerSecret.value).where(ServerSecret.name == TOKEN_KEY))
        await db.commit()
    try:
        key = bytes.fromhex(stored or "")
    except ValueError:
        key = b""
    if len(key) < KEY_BYTES:
        raise SecretFileError("the database's server secret is damaged")
    return key


async def load_secret(settings: ServerSettings, writes: async_sessionmaker[AsyncSession]) -> bytes:
    if settings.secret_file is not None:
        return secret_from_file(settings.secret_file)
    if settings.on_sqlite:
        return secret_from_file(settings.data_dir / SECRET_FILE)
    return await _secret_from_database(writes, settings.data_dir / SECRET_FILE)
