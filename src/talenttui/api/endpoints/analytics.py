"""SkillSync ``/v1/analytics``: your own figures, and the platform's (Enterprise plans)."""

from __future__ import annotations

from urllib.parse import quote

from talenttui.api.call import Call
from talenttui.api.models.analytics import PlatformAnalytics, UserAnalytics


def user_analytics(user_id: str = "me") -> Call[UserAnalytics]:
    """``GET /v1/analytics/users/{userId}``; only your own (``me`` or your id)."""
    return Call(
        "GET", f"/v1/analytics/users/{quote(user_id, safe='')}", UserAnalytics.model_validate
    )


def platform_analytics() -> Call[PlatformAnalytics]:
    """``GET /v1/analytics/platform``; other plans get PermissionDenied."""
    return Call("GET", "/v1/analytics/platform", PlatformAnalytics.model_validate)
