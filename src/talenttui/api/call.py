"""A request described as data: what to send and how to read the answer, with no I/O.

Endpoint functions return a ``Call``; ``TalentClient.send`` runs it, ``TalentClient.cached``
answers it from the cache first, ``TalentClient.enqueue`` keeps a write in the outbox. One
description serves all three, and the cache key comes from the same method, path and
parameters that go on the wire.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from talenttui.api.errors import ApiError

log = logging.getLogger(__name__)

T = TypeVar("T")

UploadFile = tuple[str, bytes, str]
"""One multipart file: (filename, content, content type)."""

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Call(Generic[T]):
    method: str
    path: str
    parse: Callable[[Any], T] = field(repr=False)
    params: Mapping[str, Any] | None = None
    json: Any = field(default=None, repr=False)
    read: bool | None = None
    """True for requests that change nothing though not GETs (skilldeo's POST lists)."""
    idempotency_key: str | None = None
    patient: bool = True
    """Wait out 429/503 and retry; False raises at once (login forms show the cooldown)."""
    files: Mapping[str, UploadFile] | None = field(default=None, repr=False)
    """Multipart form files by field name (photo uploads); sent instead of ``json``."""

    @property
    def is_read(self) -> bool:
        return self.method.upper() in READ_METHODS if self.read is None else self.read


def drop_none(values: Mapping[str, Any]) -> dict[str, Any]:
    """Query parameters or a body without the options the caller left out."""
    return {key: value for key, value in values.items() if value is not None}


def parse_payload(call: Call[T], payload: Any) -> T:
    """The call's model from an unwrapped payload; a shape we cannot read is an ApiError.

    Here, not beside the transport: a cached answer is read without the network stack
    (pydantic's ``ValidationError`` is a ``ValueError``)."""
    try:
        return call.parse(payload)
    except (KeyError, TypeError, ValueError) as exc:
        log.debug("%s %s: unreadable answer: %s", call.method, call.path, type(exc).__name__)
        raise ApiError(
            200,
            "INVALID_RESPONSE",
            f"The server's answer to {call.method} {call.path} has an unexpected shape",
        ) from None
