"""Turn the framework's validation errors into ours, naming the field at fault."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi.exceptions import RequestValidationError

from talenttui.server.errors import ApiError, validation_error


def field_path(loc: Sequence[Any]) -> str:
    """`("body", "emails", 1)` -> `emails[1]`; the request part is dropped."""
    parts = list(loc[1:]) if loc and loc[0] in ("body", "query", "path", "header") else list(loc)
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or (str(loc[0]) if loc else "body")


def describe_validation_error(exc: RequestValidationError) -> ApiError:
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return ApiError(
            400,
            "INVALID_JSON",
            "Malformed JSON body",
            details={"issue": "json_invalid"},
            suggestion="Send a valid JSON object with 'Content-Type: application/json'.",
        )
    first = errors[0] if errors else {"loc": ("body",), "msg": "invalid", "type": "invalid"}
    field = field_path(first.get("loc", ("body",)))
    issue = str(first.get("type", "invalid"))
    err = validation_error(
        field, issue, f"Invalid value for '{field}': {first.get('msg', 'invalid')}"
    )
    assert err.details is not None
    err.details["errors"] = [
        {
            "field": field_path(e.get("loc", ())),
            "issue": str(e.get("type")),
            "message": str(e.get("msg")),
        }
        for e in errors
    ]
    return err
