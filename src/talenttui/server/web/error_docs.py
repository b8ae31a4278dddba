"""The error answers routes document in `/openapi.json`, in the envelopes the server really sends.

Each router names the statuses its routes can answer (`responses=skillsync_errors(401, …)`);
a route adds its own (a body's 400 and 413, an action's 409). The descriptions list the
machine codes each status carries.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from talenttui.server.web.envelopes import SkilldeoError, SkillSyncError

Responses = dict[int | str, dict[str, Any]]

_SKILLSYNC = {
    400: "INVALID_JSON: the body is not valid JSON.",
    401: "INVALID_API_KEY: no credential, or an invalid, expired or revoked one.",
    403: "INSUFFICIENT_PERMISSIONS: the credential lacks a scope (`details.required_scope`), "
    "the resource belongs to someone else, or the plan does not include it.",
    404: "RESOURCE_NOT_FOUND: no such resource among those the caller may see.",
    409: "CONFLICT: the resource changed while the request was handled; retry.",
    413: "PAYLOAD_TOO_LARGE: the body is over the size limit (`details.limit_bytes`).",
    422: "VALIDATION_ERROR: `details` names the `field`, the `issue`, what was `provided` "
    "and what is `expected`; `details.errors` lists every problem found.",
    429: "RATE_LIMIT_EXCEEDED: the plan's `details.limit` (burst, minute, day, concurrent) "
    "is used up; honour `Retry-After`.",
}
_SKILLDEO = {
    400: "INVALID_JSON: the body is not valid JSON; ACCOUNT_EXISTS, CAMPAIGN_NOT_ACTIVE.",
    401: "UNAUTHORIZED: no login token, or an invalid or expired one; OTP_INVALID "
    "(`details.tries_left`), OTP_USED, OTP_EXPIRED, OTP_SESSION_LOCKED.",
    404: "RESOURCE_NOT_FOUND: no such organization, user, campaign or interview in the "
    "caller's organization.",
    413: "PAYLOAD_TOO_LARGE: the body is over the size limit (`details.limit_bytes`).",
    422: "VALIDATION_ERROR: `details` names the `field`, the `issue`, what was `provided` "
    "and what is `expected`; `details.errors` lists every problem found.",
    429: "OTP_RESEND_COOLDOWN, OTP_SEND_LIMIT, OTP_TOO_MANY_TRIES, OTP_ACCOUNT_LOCKED, "
    "RATE_LIMIT_EXCEEDED: wait `details.retry_after` seconds (also `Retry-After`).",
}


def _errors(model: type[BaseModel], why: dict[int, str], statuses: tuple[int, ...]) -> Responses:
    return {status: {"model": model, "description": why[status]} for status in statuses}


def skillsync_errors(*statuses: int) -> Responses:
    return _errors(SkillSyncError, _SKILLSYNC, statuses)


def skilldeo_errors(*statuses: int) -> Responses:
    return _errors(SkilldeoError, _SKILLDEO, statuses)
