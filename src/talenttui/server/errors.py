"""One error type for handlers; rendered in the envelope of the API the path belongs to."""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """An answer that is not a success: status, machine code, words for people."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        suggestion: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.suggestion = suggestion
        self.headers = headers or {}


def not_found(what: str) -> ApiError:
    return ApiError(
        404,
        "RESOURCE_NOT_FOUND",
        f"{what} not found",
        suggestion="Check the id; you can only see resources of your own account or organization.",
    )


def unauthorized(message: str = "Missing or invalid token") -> ApiError:
    return ApiError(
        401,
        "UNAUTHORIZED",
        message,
        suggestion="Send 'Authorization: Bearer <token>' with a token from loginVerify.",
        headers={"WWW-Authenticate": "Bearer"},
    )


def validation_error(field: str, issue: str, message: str | None = None, **extra: Any) -> ApiError:
    return ApiError(
        422,
        "VALIDATION_ERROR",
        message or f"Invalid value for '{field}': {issue}",
        details={"field": field, "issue": issue, **extra},
        suggestion=f"Fix the field '{field}' and retry.",
    )
