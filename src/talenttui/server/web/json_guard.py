"""Strict JSON for every request body, checked once before any route parses it.

Python's `json` accepts what no field of either API can store or answer: `NaN` and
`Infinity` (also `1e400`, which reads as infinity), integers of any size (the
databases hold 64 bits), lone UTF-16 surrogates (`"\\ud800"`, which no UTF-8 database
or answer can encode) and nesting deep enough to exhaust the interpreter's stack.
Each of those is refused here with a 422 naming the field, in the API's own envelope
(through the one validation translator); a body that is not JSON at all is left to
the framework's 400 INVALID_JSON.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from talenttui.server.errors import ApiError
from talenttui.server.web.middleware import replaying, send_json
from talenttui.server.web.numbers import INT64_MAX, INT64_MIN
from talenttui.server.web.validation import describe_errors

MAX_BODY_DEPTH = 32
_SURROGATE = re.compile(r"[\ud800-\udfff]")

Path = tuple[int | str, ...]


@dataclass(frozen=True)
class _Refused:
    """What the decoder put where a value it cannot accept stood, so the walk can name the field."""

    text: str
    issue: str
    expected: str


def _number(text: str) -> float | _Refused:
    value = float(text)
    if math.isfinite(value):
        return value
    return _Refused(text, "non_finite_number", "A finite number")


def _integer(text: str) -> int | _Refused:
    value = int(text)
    if INT64_MIN <= value <= INT64_MAX:
        return value
    return _Refused(
        text[:40], "integer_out_of_range", f"An integer from {INT64_MIN} to {INT64_MAX}"
    )


def _constant(text: str) -> _Refused:
    return _Refused(text, "non_finite_number", "A finite number (NaN and Infinity are not JSON)")


def _shown(text: str) -> str:
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class Problem:
    path: Path
    issue: str
    message: str
    expected: str
    provided: Any = None

    def as_error(self) -> ApiError:
        return describe_errors(
            [
                {
                    "loc": ("body", *self.path),
                    "type": self.issue,
                    "msg": self.message,
                    "input": self.provided,
                    "ctx": {"expected_text": self.expected},
                }
            ]
        )


def _children(value: Any, path: Path) -> Iterator[tuple[Path, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield (*path, key), key
            yield (*path, key), item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield (*path, index), item


def first_problem(value: Any, max_depth: int = MAX_BODY_DEPTH) -> Problem | None:
    """The first value no field can hold, depth first, without recursion."""
    stack: list[tuple[Path, Any, int]] = [((), value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if isinstance(item, _Refused):
            return Problem(
                path, item.issue, f"{item.text} is not accepted", item.expected, item.text
            )
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return Problem(
                    path,
                    "lone_surrogate",
                    "Text contains a lone UTF-16 surrogate",
                    "Valid Unicode text",
                    _shown(item),
                )
            continue
        if isinstance(item, dict | list):
            if depth >= max_depth:
                return Problem(
                    path[:1],  # the top-level field: the path below it is all brackets
                    "too_deeply_nested",
                    f"Nested deeper than {max_depth} levels",
                    f"At most {max_depth} levels of arrays and objects",
                )
            stack.extend(
                (p, child, depth + 1) for p, child in reversed(list(_children(item, path)))
            )
    return None


def parse_strict(raw: bytes) -> Any:
    """The decoded body, or raise: ApiError for a value no field can hold, ValueError for non-JSON."""
    try:
        value = json.loads(raw, parse_float=_number, parse_int=_integer, parse_constant=_constant)
    except RecursionError:
        raise Problem(
            (),
            "too_deeply_nested",
            "Nested too deeply to read",
            f"At most {MAX_BODY_DEPTH} levels of arrays and objects",
        ).as_error() from None
    problem = first_problem(value)
    if problem is not None:
        raise problem.as_error()
    return value


def _is_json(scope: Scope) -> bool:
    content_type = dict(scope.get("headers") or []).get(b"content-type", b"").decode("latin-1")
    media: str = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


class JsonGuardMiddleware:
    """Reads a JSON body (already capped by the size limit), checks it, then hands it on unchanged."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        try:
            if body:
                parse_strict(body)
        except ApiError as err:
            await send_json(send, scope["path"], err)
            return
        except ValueError:
            pass  # not JSON: the framework answers 400 INVALID_JSON
        await self.app(scope, replaying(body, receive), send)
