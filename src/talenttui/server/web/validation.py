"""The one translator of validation errors (request parameters, bodies) into the API's own error.

The reference's VALIDATION_ERROR shape: `details {field, issue, provided, expected}`
for the first problem, and `details.errors` listing every one. A body that is not
JSON at all is 400 INVALID_JSON.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from talenttui.server.errors import ApiError

MAX_PROVIDED_CHARS = 200
REQUEST_PARTS = frozenset({"body", "query", "path", "header", "cookie"})
SECRET_FIELDS = frozenset({"verification_code", "session_id", "secret", "token", "password"})
REDACTED = "[redacted]"

_EXPECTED_BY_TYPE: Mapping[str, str] = {
    "missing": "A value for this required field",
    "extra_forbidden": "No such field (remove it)",
    "string_type": "A string",
    "int_type": "An integer",
    "int_parsing": "An integer",
    "float_type": "A number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "An array",
    "dict_type": "An object",
    "model_type": "An object",
    "model_attributes_type": "An object",
    "int_from_float": "A whole number",
    "value_error": "A valid value",
}


def field_path(loc: Sequence[int | str]) -> str:
    """`("body", "skills", 0, "level")` -> `skills[0].level`; the request part is dropped."""
    parts = list(loc[1:]) if loc and loc[0] in REQUEST_PARTS else list(loc)
    out = ""
    for part in parts:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or (str(loc[0]) if loc else "body")


def expected(err: Mapping[str, Any]) -> str:
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    kind = str(err.get("type", ""))
    if "expected_text" in ctx:
        return str(ctx["expected_text"])
    if kind == "literal_error":
        return f"One of {ctx.get('expected', '')}"
    if kind in ("string_too_short", "too_short"):
        return f"At least {ctx.get('min_length')} characters or items"
    if kind in ("string_too_long", "too_long"):
        return f"At most {ctx.get('max_length')} characters or items"
    if kind == "string_pattern_mismatch":
        return f"Text matching {ctx.get('pattern')}"
    for bound, words in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
        if bound in ctx:
            return f"A number {words} {ctx[bound]}"
    return _EXPECTED_BY_TYPE.get(kind, str(err.get("msg", "A valid value")))


def provided(value: Any) -> Any:
    """The offending value, echoed back small: big inputs are cut, not mirrored whole."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= MAX_PROVIDED_CHARS else text[:MAX_PROVIDED_CHARS] + "…"


def _provided(err: Mapping[str, Any]) -> Any:
    """Nothing for a missing field (its input is the whole object), never a secret's value."""
    if err.get("type") == "missing":
        return None
    names = [part for part in err.get("loc", ()) if isinstance(part, str)]
    if names and names[-1] in SECRET_FIELDS:
        return REDACTED
    return provided(err.get("input"))


def describe_errors(errors: Sequence[Mapping[str, Any]]) -> ApiError:
    """The first error decides the message; every error is listed in `details.errors`."""
    if any(e.get("type") == "json_invalid" for e in errors):
        return ApiError(
            400,
            "INVALID_JSON",
            "Malformed JSON body",
            details={"issue": "json_invalid"},
            suggestion="Send a valid JSON object with 'Content-Type: application/json'.",
        )
    first: Mapping[str, Any] = errors[0] if errors else {"loc": ("body",), "type": "invalid"}
    field = field_path(first.get("loc", ("body",)))
    want = expected(first)
    return ApiError(
        422,
        "VALIDATION_ERROR",
        f"Invalid value for '{field}': {first.get('msg', 'invalid')}",
        details={
            "field": field,
            "issue": str(first.get("type", "invalid")),
            "provided": _provided(first),
            "expected": want,
            "errors": [
                {
                    "field": field_path(e.get("loc", ())),
                    "issue": str(e.get("type")),
                    "message": str(e.get("msg")),
                    "expected": expected(e),
                }
                for e in errors
            ],
        },
        suggestion=f"Fix '{field}': expected {want[0].lower() + want[1:]}.",
    )
