"""SkillSync matches: one row per direction of a candidate/company pair, and the actions taken on them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class MatchStatus(enum.StrEnum):
    NEW = "new"
    SAVED = "saved"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Match(Base):
    """Each side owns its row (and its status); both rows share `pair_key` and the score.

    The `matched_*` and `skills_key` columns copy what the list filters need from the
    other side's profile, so a user's feed of 100k matches filters and pages in SQL
    along the (user_id, status, score) indexes. A recompute refreshes them.
    """

    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("user_id", "matched_user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    pair_key: Mapped[str] = mapped_column(String(60), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    matched_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=MatchStatus.NEW.value)
    score: Mapped[int]
    technical: Mapped[int]
    cultural: Mapped[int]
    experience: Mapped[int]
    match_reasons: Mapped[list[str]] = mapped_column(JSON)
    skills_matched: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    skills_key: Mapped[str] = mapped_column(String(2000), default="|")
    matched_location: Mapped[str] = mapped_column(String(200), default="")
    matched_remote: Mapped[bool] = mapped_column(default=False)
    matched_experience_level: Mapped[str] = mapped_column(String(20), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    updated_at: Mapped[datetime]


Index("ix_matches_user_score", Match.user_id, Match.score.desc(), Match.id)
Index("ix_matches_user_status_score", Match.user_id, Match.status, Match.score.desc(), Match.id)


class MatchAction(Base):
    """An accept, reject or save by the row's owner; a repeat of the current action reuses the last one."""

    __tablename__ = "match_actions"
    __table_args__ = (Index("ix_match_actions_match_action", "match_id", "action", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    message: Mapped[str | None] = mapped_column(Text)
    action_metadata: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)
    conversation_id: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
