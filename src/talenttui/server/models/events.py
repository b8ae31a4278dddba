"""The event log: one row per event per user; realtime and webhooks both read it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("user_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # the sentinel lets a flush of many events insert them in one statement on SQLite too
    public_id: Mapped[str] = mapped_column(String(40), unique=True, insert_sentinel=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    seq: Mapped[int]
    event: Mapped[str] = mapped_column(String(40))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(index=True)
