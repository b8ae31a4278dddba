"""The two APIs' envelopes as models. SkillSync (`/v1`) and skilldeo (`/api/v1`) wrap answers differently.

Routes return these models; their fields, in order, are the JSON the server sends,
and `/openapi.json` documents them from the same classes.
"""

from __future__ import annotations

from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from talenttui.server.clock import isoformat_z, utcnow
from talenttui.server.errors import ApiError
from talenttui.server.request_context import current_request_id

API_VERSION = "v1.0"
SKILLSYNC_PREFIX = "/v1"
SKILLDEO_PREFIX = "/api/v1"

DataT = TypeVar("DataT")


def is_skillsync_path(path: str) -> bool:
    return path == SKILLSYNC_PREFIX or path.startswith(SKILLSYNC_PREFIX + "/")


def is_api_path(path: str) -> bool:
    """Either API's paths (not the health probe or `/openapi.json`)."""
    return (
        is_skillsync_path(path) or path == SKILLDEO_PREFIX or path.startswith(SKILLDEO_PREFIX + "/")
    )


class Meta(BaseModel):
    timestamp: str
    version: str
    request_id: str


class SkillSyncOk(BaseModel, Generic[DataT]):
    """Every `/v1` success."""

    success: Literal[True] = True
    data: DataT
    message: str
    meta: Meta


class ErrorMeta(Meta):
    documentation: str


class SkillSyncErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any]
    suggestion: str


class SkillSyncError(BaseModel):
    """Every `/v1` answer that is not a success."""

    success: Literal[False] = False
    error: SkillSyncErrorBody
    meta: ErrorMeta


class SkilldeoError(BaseModel):
    """Every `/api/v1` answer that is not a success; `details` and `suggestion` only when there are any."""

    message: str
    status_code: int
    error: Literal[True] = True
    error_code: str
    request_id: str
    details: dict[str, Any] = Field(default_factory=dict, exclude_if=lambda value: not value)
    suggestion: str = Field(default="", exclude_if=lambda value: not value)


def skillsync_meta() -> Meta:
    return Meta(
        timestamp=isoformat_z(utcnow()), version=API_VERSION, request_id=current_request_id()
    )


def skillsync_ok(
    data: DataT, message: str = "Operation completed successfully"
) -> SkillSyncOk[DataT]:
    return SkillSyncOk(data=data, message=message, meta=skillsync_meta())


def render_error(path: str, err: ApiError) -> SkillSyncError | SkilldeoError:
    """The error envelope of the API that `path` belongs to."""
    if is_skillsync_path(path):
        meta = skillsync_meta()
        return SkillSyncError(
            error=SkillSyncErrorBody(
                code=err.code,
                message=err.message,
                details=err.details or {},
                suggestion=err.suggestion or "",
            ),
            meta=ErrorMeta(
                **meta.model_dump(),
                documentation=f"https://docs.skillsync.ai/errors#{err.code.lower()}",
            ),
        )
    return SkilldeoError(
        message=err.message,
        status_code=err.status,
        error_code=err.code,
        request_id=current_request_id(),
        details=err.details or {},
        suggestion=err.suggestion or "",
    )
