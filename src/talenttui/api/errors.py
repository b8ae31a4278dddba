"""One exception hierarchy for both APIs, built from whatever error body a server sends.

SkillSync wraps errors as ``{"success": false, "error": {...}, "meta": {...}}``, skilldeo as
``{"message", "status_code", "error": true, ...}``, and proxies send HTML. Callers catch one
family of types either way. ``str(exc)`` is built from the server's own words plus the code
and status only: the request (its Authorization header, its body with an OTP code or key)
is never part of an error, and token- or key-shaped text is masked as a last line of defence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from talenttui.api.sanitize import sanitize, sanitize_text

_SECRET_SHAPES = re.compile(
    r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"  # JWT
    r"|\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]+"  # API keys
    r"|\bBearer\s+\S+",
    re.IGNORECASE,
)
_DEFAULT_CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "INSUFFICIENT_PERMISSIONS",
    404: "RESOURCE_NOT_FOUND",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMIT_EXCEEDED",
}


def mask_secrets(text: str) -> str:
    """Hide anything shaped like a token or API key."""
    return _SECRET_SHAPES.sub("[redacted]", text)


class ApiError(Exception):
    """A request that did not succeed; ``status`` is 0 when no HTTP answer arrived."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: Mapping[str, Any] | None = None,
        suggestion: str | None = None,
        request_id: str | None = None,
    ) -> None:
        self.status = status
        self.code = code
        self.message = mask_secrets(sanitize_text(message))
        self.details: dict[str, Any] = dict(details or {})
        self.suggestion = mask_secrets(sanitize_text(suggestion)) if suggestion else None
        self.request_id = request_id
        super().__init__(self.message)

    def __str__(self) -> str:
        where = f"HTTP {self.status}" if self.status else "no response"
        text = f"{self.message} ({self.code}, {where})"
        return f"{text} [request {self.request_id}]" if self.request_id else text

    def __repr__(self) -> str:
        return f"{type(self).__name__}(status={self.status}, code={self.code!r}, message={self.message!r})"


class AuthError(ApiError):
    """401: missing, invalid or expired token or API key; the session is over."""


class PermissionDenied(ApiError):
    """403: the credential is valid but lacks a scope or the resource is someone else's."""


class NotFound(ApiError):
    """404."""


class ValidationFailed(ApiError):
    """400/422: the request was refused before anything was stored."""

    @property
    def field(self) -> str | None:
        value = self.details.get("field")
        return value if isinstance(value, str) else None


class RateLimited(ApiError):
    """429, with the wait the server asked for when it said so."""

    def __init__(self, *args: Any, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.retry_after = retry_after


class ServerError(ApiError):
    """5xx: the server failed; the request may be retried later."""


class NetworkError(ApiError):
    """No HTTP answer at all: connection refused, DNS failure, timeout, dropped connection."""

    def __init__(self, message: str, *, timeout: bool = False) -> None:
        super().__init__(0, "TIMEOUT" if timeout else "NETWORK_ERROR", message)
        self.timeout = timeout


Offline = NetworkError
"""The name the UI speaks: a NetworkError means the app is working offline."""


def _class_for(status: int) -> type[ApiError]:
    if status == 401:
        return AuthError
    if status == 403:
        return PermissionDenied
    if status == 404:
        return NotFound
    if status in (400, 422):
        return ValidationFailed
    if status == 429:
        return RateLimited
    if status >= 500:
        return ServerError
    return ApiError


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unexpected answer"


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def _mapping(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def error_from_response(
    status: int,
    body: bytes | str,
    *,
    request_id: str | None = None,
    retry_after: float | None = None,
) -> ApiError:
    """Build the typed error for a non-2xx answer from either API, or from a non-JSON body."""
    try:
        payload: Any = json.loads(body) if body else None
    except (ValueError, UnicodeDecodeError):
        payload = None
    code: str | None = None
    message: str | None = None
    details: dict[str, Any] = {}
    suggestion: str | None = None
    if isinstance(payload, dict):
        error = payload.get("error")
        if isinstance(error, dict):  # SkillSync envelope
            code = _text(error.get("code"))
            message = _text(error.get("message"))
            details = _mapping(error.get("details"))
            suggestion = _text(error.get("suggestion"))
            request_id = _text(_mapping(payload.get("meta")).get("request_id")) or request_id
        else:  # skilldeo envelope, or a framework's {"detail": ...}
            code = _text(payload.get("error_code"))
            message = _text(payload.get("message")) or _text(payload.get("detail"))
            details = _mapping(payload.get("details"))
            suggestion = _text(payload.get("suggestion"))
            request_id = _text(payload.get("request_id")) or request_id
    cls = _class_for(status)
    fields: dict[str, Any] = {
        "details": sanitize(details),
        "suggestion": suggestion,
        "request_id": request_id,
    }
    if cls is RateLimited:
        fields["retry_after"] = retry_after
    return cls(
        status,
        code or _DEFAULT_CODES.get(status, "SERVER_ERROR" if status >= 500 else "HTTP_ERROR"),
        message or f"Server answered {status} {_reason(status)}",
        **fields,
    )
