"""skilldeo ``/api/v1/svc/interview``: invite candidates, list interviews, read a result."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from talenttui.api.call import Call, drop_none
from talenttui.api.models.interviews import (
    InterviewPage,
    InterviewResult,
    InterviewStatus,
    InviteResult,
)

BASE = "/api/v1/svc/interview"


def invite(
    emails: Sequence[str],
    campaign_id: int,
    user_id: int,
    *,
    invited_from: str = "api",
    idempotency_key: str | None = None,
) -> Call[InviteResult]:
    """``POST interview/invite``: a write. ``user_id`` is the inviter (the caller or a
    colleague). Our server skips addresses already invited, so a replay mails no one twice."""
    body = {
        "emails": list(emails),
        "campaign_id": campaign_id,
        "user_id": user_id,
        "invited_from": invited_from,
    }
    return Call(
        "POST",
        f"{BASE}/invite",
        InviteResult.model_validate,
        json=body,
        idempotency_key=idempotency_key,
    )


def list_interviews(
    *,
    campaign_id: int | None = None,
    org_id: int | None = None,
    status: InterviewStatus | None = None,
    search_param: str | None = None,
    top: int = 20,
    skip: int = 0,
) -> Call[InterviewPage]:
    """``POST interview/list``: a POST that changes nothing, so it is marked a read."""
    body = drop_none(
        {
            "campaign_id": campaign_id,
            "org_id": org_id,
            "status": status,
            "search_param": search_param,
            "top": top,
            "skip": skip,
        }
    )
    return Call("POST", f"{BASE}/list", InterviewPage.model_validate, json=body, read=True)


def _records(payload: Any) -> Any:
    return payload["records"]


def get_result(interview_id: int) -> Call[InterviewResult]:
    """``GET interview/getResult``: the evaluation, without scores until it is completed."""
    return Call(
        "GET",
        f"{BASE}/getResult",
        lambda payload: InterviewResult.model_validate(_records(payload)),
        params={"interviewId": interview_id},
    )
