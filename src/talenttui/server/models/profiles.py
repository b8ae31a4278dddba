"""SkillSync profiles (a candidate's, or a recruiter's company with its opening) and who viewed them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class ProfileKind(enum.StrEnum):
    CANDIDATE = "candidate"
    COMPANY = "company"


DEFAULT_ROLE: dict[str, Any] = {
    "title": "",
    "experience_level": "mid",
    "role_type": "full-time",
    "remote": False,
    "location": None,
    "salary_range": None,
    "required_skills": [],
}


class Profile(Base):
    """One per user. The reference's nested shapes (skills, preferences, links) stay JSON:
    they are read and written whole, and matching reads them through the engine's parsers."""

    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200), default="")
    avatar: Mapped[str | None] = mapped_column(String(500))
    bio: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(String(200), default="")
    remote_work: Mapped[bool] = mapped_column(default=False)
    experience_years: Mapped[int] = mapped_column(default=0)
    skills: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    social_links: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    verification: Mapped[dict[str, bool]] = mapped_column(JSON, default=dict)
    company_type: Mapped[str | None] = mapped_column(String(40))
    logo: Mapped[str | None] = mapped_column(String(500))
    company_size: Mapped[str | None] = mapped_column(String(20))
    industry: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    photo_file: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    def role_with_defaults(self) -> dict[str, Any]:
        """A company's opening with every field present (those never set at their defaults)."""
        return {**DEFAULT_ROLE, **(self.role or {})}


class ProfileView(Base):
    """Someone other than the owner read a profile; analytics counts these."""

    __tablename__ = "profile_views"
    __table_args__ = (
        Index("ix_profile_views_profile_user_viewed", "profile_user_id", "viewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    profile_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    viewer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    viewed_at: Mapped[datetime]
