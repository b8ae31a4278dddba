"""skilldeo auth answers: a code was sent (with its session), or a session token."""

from __future__ import annotations

from talenttui.api.models.base import Model

CANDIDATE_ROLE = 1
RECRUITER_ROLE = 2


class OtpSent(Model):
    session_id: str
    message: str = ""


class Session(Model):
    """A verified login or signup. ``token`` is a secret: never log or display it."""

    token: str
    user_id: int | None = None
    org_id: int | None = None
    message: str = ""

    def __repr__(self) -> str:
        return f"Session(user_id={self.user_id!r}, org_id={self.org_id!r})"

    __str__ = __repr__
