"""Pydantic errors in the reference's VALIDATION_ERROR shape: {field, issue, provided, expected}."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from talenttui.server.errors import ApiError

_MAX_PROVIDED_CHARS = 200

_EXPECTED_BY_TYPE: Mapping[str, str] = {
    "missing": "A value for this required field",
    "extra_forbidden": "No such field (remove it)",
    "string_type": "A string",
    "int_type": "An integer",
    "float_type": "A number",
    "bool_type": "true or false",
    "list_type": "An array",
    "dict_type": "An object",
    "model_type": "An object",
    "model_attributes_type": "An object",
    "int_from_float": "A whole number",
}


def field_path(loc: Sequence[int | str]) -> str:
    """`("skills", 0, "level")` -> `skills[0].level`."""
    out = ""
    for part in loc:
        if part == "[key]":
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "body"


def _expected(err: ErrorDetails) -> str:
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    kind = err["type"]
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
    return _EXPECTED_BY_TYPE.get(kind, err["msg"])


def provided(value: Any) -> Any:
    """The offending value, echoed back small: big inputs are cut, not mirrored whole."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= _MAX_PROVIDED_CHARS else text[:_MAX_PROVIDED_CHARS] + "…"


def describe(exc: ValidationError) -> ApiError:
    """The first error decides the message; every error is listed in `details.errors`."""
    errors = exc.errors(include_url=False)
    first = errors[0]
    field = field_path(first["loc"])
    expected = _expected(first)
    return ApiError(
        422,
        "VALIDATION_ERROR",
        "The request contains invalid parameters",
        details={
            "field": field,
            "issue": first["type"],
            "provided": provided(first.get("input")),
            "expected": expected,
            "errors": [
                {"field": field_path(e["loc"]), "issue": e["type"], "expected": _expected(e)}
                for e in errors
            ],
        },
        suggestion=f"Fix '{field}': expected {expected[0].lower() + expected[1:]}.",
    )
