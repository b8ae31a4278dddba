"""Organizations and users: one account serves both APIs."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.clock import utcnow
from talenttui.server.db import Base


class Plan(enum.StrEnum):
    FREE = "free"
    PRO = "pro"
    ENTERPRISE = "enterprise"
    CUSTOM = "custom"


class Role(enum.IntEnum):
    """skilldeo `role_id` values."""

    CANDIDATE = 1
    RECRUITER = 2


def new_public_user_id() -> str:
    return f"user_{secrets.token_hex(8)}"


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    org_type_id: Mapped[int | None]
    plan: Mapped[str] = mapped_column(String(20), default=Plan.FREE.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True, default=new_public_user_id)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100), default="")
    phone_number: Mapped[str | None] = mapped_column(String(40))
    role_id: Mapped[int] = mapped_column(default=Role.CANDIDATE.value)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    event_seq: Mapped[int] = mapped_column(default=0)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()
