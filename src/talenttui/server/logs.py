"""Server logging: every line carries the request id, and secrets are scrubbed.

The handlers never log tokens, keys or codes on purpose; redaction is the second
line of defence for what a library or an exception message might print. It runs
on the formatted line, so a secret inside a traceback is caught as well.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

from talenttui.server.request_context import current_request_id

_SECRET_PATTERNS = [
    (re.compile(r"\beyJ[\w-]+\.[\w-]+\.[\w-]*"), "[jwt]"),
    (re.compile(r"\bsk_(live|test)_[A-Za-z0-9]+"), r"sk_\1_[redacted]"),
    (re.compile(r"\bwhsec_[A-Za-z0-9]+"), "whsec_[redacted]"),
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
