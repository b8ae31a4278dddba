"""Server logging: every line carries the request id, and secrets are scrubbed.

The handlers never log tokens, keys or codes on purpose; redaction is the second
line of defence for what a library or an exception message might print. It runs
on the formatted line, so a secret inside a traceback is caught as well.
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from talenttui.server.request_context import current_request_id

_SECRET_PATTERNS = [
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), "[jwt]"),
    (re.compile(r"\bsk_(live|test)_[A-Za-z0-9]+"), r"sk_\1_[redacted]"),
    (re.compile(r"\bwhsec_[A-Za-z0-9_-]+"), "whsec_[redacted]"),
    (
        re.compile(
            r"(?i)\b(token|access_token|api_key|secret|password|code|verification_code)"
            r"([\"']?\s*[=:]\s*[\"']?)[^\s&\"',}]+"
        ),
        r"\1\2[redacted]",
    ),
    (re.compile(r"(?i)(bearer\s+)[^\s\"',]+"), r"\1[redacted]"),
]

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def redact(text: str) -> str:
    for pattern, replacement in _SECRET_PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RequestContextFilter(logging.Filter):
    """Stamps the request id on the record; `-` outside a request (start-up, background tasks)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def server_handler(stream: TextIO | None = None) -> logging.Handler:
    """The one handler the server logs through (tests attach it to capture what ships)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(LOG_FORMAT))
    handler.addFilter(RequestContextFilter())
    return handler


def configure_logging(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    handler = server_handler(stream)
    root = logging.getLogger("talenttui")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False
    for name in ("uvicorn", "uvicorn.error"):
        lg = logging.getLogger(name)
        lg.handlers[:] = [handler]
        lg.setLevel(level)
        lg.propagate = False


@dataclass
class _Allowance:
    tokens: float
    updated: float
    suppressed: int = 0


class TracebackBudget:
    """How many tracebacks one client may put in the log: `burst` at once, `per_hour` after.

    A traceback is about 8 KB; a client that keeps causing errors would otherwise grow
    the log by gigabytes. Past its budget a client's errors are counted, not logged,
    and the next traceback let through says how many were left out.
    """

    def __init__(
        self,
        burst: int = 5,
        per_hour: float = 12.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.burst = burst
        self.rate = per_hour / 3600.0
        self.max_clients = max_clients
        self._clock = clock
        self._clients: OrderedDict[str, _Allowance] = OrderedDict()

    def take(self, client: str) -> tuple[bool, int]:
        """Whether to log this traceback, and how many of the client's were suppressed before it."""
        now = self._clock()
        allowance = self._clients.pop(client, None) or _Allowance(float(self.burst), now)
        self._clients[client] = allowance
        if len(self._clients) > self.max_clients:
            self._clients.popitem(last=False)
        allowance.tokens = min(
            float(self.burst), allowance.tokens + (now - allowance.updated) * self.rate
        )
        allowance.updated = now
        if allowance.tokens < 1.0:
            allowance.suppressed += 1
            return False, allowance.suppressed
        allowance.tokens -= 1.0
        suppressed, allowance.suppressed = allowance.suppressed, 0
        return True, suppressed
