"""Webhook secrets at rest: AES-256-GCM under a key derived from the server secret.

The key is HKDF-SHA256 of the server's token secret with its own `info` label, so it
is never the signing key itself, needs no second key file, and every process that
shares the server secret can open what another sealed. Each sealed secret is bound to
its webhook's public id (GCM's associated data): a sealed value copied onto another
row does not open. A database dump alone reveals no secret.

Rows written before sealing existed hold the plain secret (`secret_version` 0); the
server seals them at start (`seal_plain_rows`), once.
"""

from __future__ import annotations

import base64
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from talenttui.server.context import ServerContext
from talenttui.server.models import Webhook

INFO = b"talenttui webhook secrets v1"
SEALED = 1
NONCE_BYTES = 12


def sealing_key(server_secret: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=INFO).derive(server_secret)


def seal(server_secret: bytes, webhook_id: str, secret: str) -> str:
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(sealing_key(server_secret)).encrypt(nonce, secret.encode(), webhook_id.encode())
    return base64.b64encode(nonce + sealed).decode("ascii")


def unseal(server_secret: bytes, webhook_id: str, sealed: str) -> str:
    raw = base64.b64decode(sealed)
    aead = AESGCM(sealing_key(server_secret))
    return aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], webhook_id.encode()).decode()


def store_secret(ctx: ServerContext, hook: Webhook, secret: str) -> None:
    hook.secret = seal(ctx.secret, hook.public_id, secret) if secret else ""
    hook.secret_version = SEALED


def secret_of(ctx: ServerContext, hook: Webhook) -> str:
    """The plain secret to sign with ("" for a deleted webhook)."""
    if not hook.secret or hook.secret_version != SEALED:
        return hook.secret
    return unseal(ctx.secret, hook.public_id, hook.secret)


async def seal_plain_rows(ctx: ServerContext) -> int:
    """Seal every secret still stored in the clear (rows from before sealing); returns how many."""
    async with ctx.writes() as db:
        plain = select(Webhook).where(Webhook.secret_version != SEALED).with_for_update()
        rows = list(await db.scalars(plain))
        for hook in rows:
            store_secret(ctx, hook, hook.secret)
        await db.commit()
    return len(rows)
