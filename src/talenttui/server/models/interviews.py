"""skilldeo campaigns (agents) and the interviews they run."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.clock import utcnow
from talenttui.server.db import Base


class CampaignStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"
    CLOSED = "closed"


class InterviewStatus(enum.StrEnum):
    INVITED = "invited"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXPIRED = "expired"


class Campaign(Base):
    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default=CampaignStatus.ACTIVE.value)
    skill: Mapped[str | None] = mapped_column(String(100))
    location: Mapped[str | None] = mapped_column(String(100))
    agent_type: Mapped[str] = mapped_column(String(40), default="walk-in")
    job_expiry_date: Mapped[datetime | None]
    start_date: Mapped[datetime | None]
    end_date: Mapped[datetime | None]
    link_token: Mapped[str] = mapped_column(String(40), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interview(Base):
    __tablename__ = "interviews"
    __table_args__ = (UniqueConstraint("campaign_id", "candidate_email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), index=True)
    candidate_email: Mapped[str] = mapped_column(String(320), index=True)
    status: Mapped[str] = mapped_column(String(20), default=InterviewStatus.INVITED.value)
    invited_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    invited_from: Mapped[str] = mapped_column(String(40), default="api")
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]
    overall_decision: Mapped[str | None] = mapped_column(String(40))
    job_stability_score: Mapped[int | None]
    role_fitment: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    soft_skills: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    tech_skills: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
