"""What the server says about its rate limits, for the retry loop and the status bar.

Header names as in the SkillSync reference: ``X-RateLimit-Limit``, ``-Remaining``, ``-Reset``
(epoch seconds) and ``-Retry-After``, plus the standard ``Retry-After`` (seconds or an
HTTP date). Headers are read from any mapping with case-insensitive ``get`` (httpx's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime


def _number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        number = float(value.strip())
    except ValueError:
        return None
    return number if number >= 0 else None


def _http_date(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None


def retry_after_seconds(headers: Mapping[str, str], now: float, status: int = 429) -> float | None:
    """How long the server asked us to wait before trying again, or None when it did not say.

    ``Retry-After`` (seconds or an HTTP date) counts for any status. The ``X-RateLimit-*``
    headers count only for a 429: the server sends ``X-RateLimit-Reset`` on every answer, so
    on a 503 it says when the rate window ends, not when the server is back. For a 429,
    ``X-RateLimit-Retry-After`` comes next and the window's ``X-RateLimit-Reset`` last.
    """
    retry_after = headers.get("retry-after")
    seconds = _number(retry_after)
    if seconds is None and retry_after:
        when = _http_date(retry_after)
        seconds = max(0.0, when - now) if when is not None else None
    if seconds is not None or status != 429:
        return seconds
    seconds = _number(headers.get("x-ratelimit-retry-after"))
    if seconds is None:
        reset = _number(headers.get("x-ratelimit-reset"))
        seconds = max(0.0, reset - now) if reset is not None else None
    return seconds


@dataclass
class RateLimitStatus:
    """The latest figures seen on any response; None until a server has sent them."""

    limit: int | None = None
    remaining: int | None = None
    reset_at: float | None = None
    updated_at: float | None = None

    def update(self, headers: Mapping[str, str], now: float) -> None:
        limit = _number(headers.get("x-ratelimit-limit"))
        remaining = _number(headers.get("x-ratelimit-remaining"))
        reset = _number(headers.get("x-ratelimit-reset"))
        if limit is None and remaining is None and reset is None:
            return
        self.limit = int(limit) if limit is not None else None
        self.remaining = int(remaining) if remaining is not None else None
        self.reset_at = reset
        self.updated_at = now

    def seconds_to_reset(self, now: float) -> float | None:
        return max(0.0, self.reset_at - now) if self.reset_at is not None else None
