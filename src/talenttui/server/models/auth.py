"""One-time-code sessions, the wrong codes tried, and the rows that serialize the limits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class OtpSession(Base):
    """One code sent to one email for one requester (client address); `code_hash` is an HMAC."""

    __tablename__ = "otp_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    requester: Mapped[str] = mapped_column(String(64), index=True, default="")
    purpose: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    consumed_at: Mapped[datetime | None]
    signup_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OtpFailure(Base):
    """A wrong code, by whom and for which email; `real` when it hit a session of that email.

    Counted over a rolling day per requester (every guess, made-up sessions too) and
    per account (real sessions only).
    """

    __tablename__ = "otp_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    requester: Mapped[str] = mapped_column(String(64), index=True, default="")
    real: Mapped[bool] = mapped_column(default=False)
    at: Mapped[datetime] = mapped_column(index=True)


class OtpLock(Base):
    """One row per limit key (a requester, an account): updating it first serializes the
    transactions that count against that key, on SQLite and PostgreSQL alike."""

    __tablename__ = "otp_locks"

    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    touched_at: Mapped[datetime] = mapped_column(index=True)


class LoginSession(Base):
    """One issued login token (its `jti`): listed to its user, revoked at logout or by them."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    jti: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
