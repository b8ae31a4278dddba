"""One-time-code sessions and the failures that count against an account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class OtpSession(Base):
    """One code sent to one email; `code_hash` is an HMAC, never the code."""

    __tablename__ = "otp_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    purpose: Mapped[str] = mapped_column(String(10))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(index=True)
    expires_at: Mapped[datetime]
    failed_attempts: Mapped[int] = mapped_column(default=0)
    consumed_at: Mapped[datetime | None]
    signup_data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class OtpFailure(Base):
    """A wrong code for an email; counted over a rolling day, whatever session it hit."""

    __tablename__ = "otp_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
