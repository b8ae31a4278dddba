"""SkillSync ``/v1/matches``: a user's feed, one match, an action on a match."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, unquote

from talenttui.api.call import Call, drop_none
from talenttui.api.models.match_rows import MatchRowPage, parse_row_page
from talenttui.api.models.matches import (
    ExperienceLevel,
    Match,
    MatchActionName,
    MatchActionResult,
    MatchPage,
    MatchStatus,
)

ACTION_STATUS: dict[MatchActionName, MatchStatus] = {
    "accept": "accepted",
    "reject": "rejected",
    "save": "saved",
    "reset": "new",
}
"""The status each action leaves a match in."""
_ACTION_PATH = re.compile(r"/v1/matches/([^/]+)/action")


def list_matches(
    user_id: str = "me",
    *,
    limit: int = 20,
    page: int = 1,
    min_score: int | None = None,
    skills: Sequence[str] = (),
    location: str | None = None,
    experience_level: ExperienceLevel | None = None,
    status: MatchStatus | None = None,
    contact_email: str | None = None,
) -> Call[MatchPage]:
    """``GET /v1/matches/{userId}``; ``me`` is the signed-in user. ``contact_email`` (our
    server's extension) keeps the matches that reveal that address."""
    params = drop_none(
        {
            "contact_email": contact_email,
            "limit": limit,
            "page": page,
            "min_score": min_score,
            "location": location,
            "experience_level": experience_level,
            "status": status,
        }
    )
    if skills:
        params["skills[]"] = list(skills)
    return Call("GET", f"/v1/matches/{quote(user_id, safe='')}", MatchPage.model_validate, params)


def as_rows(call: Call[MatchPage]) -> Call[MatchRowPage]:
    """A ``list_matches`` call read into the feed's compact rows (``models.match_rows``):
    the same request and cache entry."""
    return Call(call.method, call.path, parse_row_page, call.params)


def get_match(match_id: str) -> Call[Match]:
    """``GET /v1/matches/{matchId}``: one match with insights."""
    return Call("GET", f"/v1/matches/{quote(match_id, safe='')}", Match.model_validate)


def act_on_match(
    match_id: str,
    action: MatchActionName,
    *,
    message: str | None = None,
    metadata: Mapping[str, Any] | None = None,
    idempotency_key: str | None = None,
) -> Call[MatchActionResult]:
    """``POST /v1/matches/{matchId}/action``; ``reset`` (our extension) puts it back to new."""
    body: dict[str, Any] = {"action": action}
    if message is not None:
        body["message"] = message
    if metadata:
        body["metadata"] = dict(metadata)
    return Call(
        "POST",
        f"/v1/matches/{quote(match_id, safe='')}/action",
        MatchActionResult.model_validate,
        json=body,
        idempotency_key=idempotency_key,
    )


def queued_status(method: str, path: str, body: Any) -> tuple[str, MatchStatus] | None:
    """The match and the status a stored ``act_on_match`` write sets (None for any other
    write): a feed painted while it waits in the outbox shows it as made."""
    found = _ACTION_PATH.fullmatch(path)
    action = body.get("action") if isinstance(body, dict) else None
    if method != "POST" or found is None or action not in ACTION_STATUS:
        return None
    return unquote(found.group(1)), ACTION_STATUS[action]
