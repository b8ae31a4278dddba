"""The one type for free-form JSON a client may store (`metadata` of messages and match actions).

Whatever is stored is read again by both people's lists, pages, realtime replays and
webhook payloads, so a value that cannot be answered breaks every later read (a
`metadata` nested 254 levels deep once made two users' conversation lists answer 500
for good). An object of at most `MAX_KEYS` keys, `MAX_DEPTH` levels and `MAX_BYTES`
bytes as JSON is small enough to travel with every page that shows it.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from talenttui.server.web.json_guard import first_problem

MAX_DEPTH = 4
MAX_BYTES = 4096
MAX_KEYS = 20


def json_size(value: Any) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())


def _bounded(value: dict[str, Any]) -> dict[str, Any]:
    problem = first_problem(value, max_depth=MAX_DEPTH)
    if problem is not None:
        raise PydanticCustomError(
            problem.issue, problem.message, {"expected_text": problem.expected}
        )
    if json_size(value) > MAX_BYTES:
        raise PydanticCustomError(
            "metadata_too_large",
            "Metadata is too large",
            {"expected_text": f"An object of at most {MAX_BYTES} bytes as JSON"},
        )
    return value


FreeFormObject = Annotated[
    dict[str, Any],
    Field(
        max_length=MAX_KEYS,
        description=f"Free-form JSON object: at most {MAX_KEYS} keys, {MAX_DEPTH} levels deep "
        f"and {MAX_BYTES} bytes as JSON.",
    ),
    AfterValidator(_bounded),
]
