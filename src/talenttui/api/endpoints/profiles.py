"""SkillSync ``/v1/profiles``: read one, change your own, upload your photo."""

from __future__ import annotations

from urllib.parse import quote

from talenttui.api.call import Call
from talenttui.api.models.profiles import PhotoUploaded, Profile, ProfileChanges, UpdatedProfile


def _path(user_id: str) -> str:
    return f"/v1/profiles/{quote(user_id, safe='')}"


def get_profile(user_id: str = "me") -> Call[Profile]:
    """``GET /v1/profiles/{userId}``: your own, or someone you share a match or conversation with."""
    return Call("GET", _path(user_id), Profile.model_validate)


def update_profile(changes: ProfileChanges, user_id: str = "me") -> Call[UpdatedProfile]:
    """``PUT /v1/profiles/{userId}``: a partial update; only the fields set in ``changes`` go."""
    return Call("PUT", _path(user_id), UpdatedProfile.model_validate, json=changes.body())


def upload_photo(
    content: bytes,
    *,
    filename: str = "photo",
    content_type: str = "application/octet-stream",
    user_id: str = "me",
) -> Call[PhotoUploaded]:
    """``POST /v1/profiles/{userId}/photo`` as multipart field ``photo``.

    The server recognises PNG, JPEG and WebP by their bytes, so name and type are only labels.
    """
    return Call(
        "POST",
        f"{_path(user_id)}/photo",
        PhotoUploaded.model_validate,
        files={"photo": (filename, content, content_type)},
    )
