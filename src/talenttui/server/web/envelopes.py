"""The two APIs' envelopes. SkillSync (`/v1`) and skilldeo (`/api/v1`) wrap answers differently."""

from __future__ import annotations

from typing import Any

from talenttui.server.clock import isoformat_z, utcnow
from talenttui.server.errors import ApiError
from talenttui.server.request_context import current_request_id

API_VERSION = "v1.0"
SKILLSYNC_PREFIX = "/v1"
SKILLDEO_PREFIX = "/api/v1"


def is_skillsync_path(path: str) -> bool:
    return path == SKILLSYNC_PREFIX or path.startswith(SKILLSYNC_PREFIX + "/")


def skillsync_meta() -> dict[str, Any]:
    return {
        "timestamp": isoformat_z(utcnow()),
        "version": API_VERSION,
        "request_id": current_request_id(),
    }


def skillsync_ok(data: Any, message: str = "Operation completed successfully") -> dict[str, Any]:
    return {"success": True, "data": data, "message": message, "meta": skillsync_meta()}


def skilldeo_ok(message: str = "Success", **fields: Any) -> dict[str, Any]:
    return {"message": message, **fields, "status_code": 200, "error": False}


def render_error(path: str, err: ApiError) -> dict[str, Any]:
    if is_skillsync_path(path):
        meta = skillsync_meta()
        meta["documentation"] = f"https://docs.skillsync.ai/errors#{err.code.lower()}"
        return {
            "success": False,
            "error": {
                "code": err.code,
                "message": err.message,
                "details": err.details or {},
                "suggestion": err.suggestion or "",
            },
            "meta": meta,
        }
    body: dict[str, Any] = {
        "message": err.message,
        "status_code": err.status,
        "error": True,
        "error_code": err.code,
        "request_id": current_request_id(),
    }
    if err.details:
        body["details"] = err.details
    if err.suggestion:
        body["suggestion"] = err.suggestion
    return body
