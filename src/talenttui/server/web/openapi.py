"""`/openapi.json` as the server answers: FastAPI's own 422 shape, which it never sends, is taken out.

FastAPI documents a `HTTPValidationError` 422 on every operation with parameters that
does not document its own. Operations that can fail validation document ours (the
VALIDATION_ERROR envelope); on the others (a plain string in the path) no 422 can
happen, so the framework's entry is dropped rather than replaced.
"""

from __future__ import annotations

from typing import Any

FRAMEWORK_SCHEMAS = ("HTTPValidationError", "ValidationError")


def _is_framework_422(answer: dict[str, Any]) -> bool:
    ref = answer.get("content", {}).get("application/json", {}).get("schema", {}).get("$ref", "")
    return str(ref).endswith("/HTTPValidationError")


def drop_framework_422(schema: dict[str, Any]) -> dict[str, Any]:
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            answers = operation.get("responses", {})
            if _is_framework_422(answers.get("422", {})):
                del answers["422"]
    components = schema.get("components", {}).get("schemas", {})
    for name in FRAMEWORK_SCHEMAS:
        components.pop(name, None)
    return schema
