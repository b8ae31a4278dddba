"""The wall clock that dates on screen are read against ("expires in 5 d", "14:02"):
one function, so a snapshot test can pin it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)
