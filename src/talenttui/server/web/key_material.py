"""The shape of API keys: how they are made, recognised and hashed."""

from __future__ import annotations

import hashlib
import secrets

LIVE_PREFIX = "sk_live_"
TEST_PREFIX = "sk_test_"


def is_api_key(token: str) -> bool:
    return token.startswith((LIVE_PREFIX, TEST_PREFIX))


def new_key(test: bool) -> str:
    """`sk_test_` keys come from `--dev` servers, so a leaked demo key is recognisable.

    The body is alphanumeric (no `-`/`_`) so a double-click selects the whole key.
    """
    return (TEST_PREFIX if test else LIVE_PREFIX) + secrets.token_urlsafe(32).replace(
        "-", "x"
    ).replace("_", "y")


def hash_key(key: str) -> str:
    """Plain SHA-256 suffices: keys carry 256 random bits, so there is nothing to brute-force."""
    return hashlib.sha256(key.encode()).hexdigest()
