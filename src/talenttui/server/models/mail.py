"""The mail outbox: every mail the server sends, and the operator's mailbox without SMTP."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class OutboxMail(Base):
    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    purpose: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(12))
    sent_at: Mapped[datetime] = mapped_column(index=True)
    delivered_at: Mapped[datetime | None]
    delivery_error: Mapped[str | None] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    lease_until: Mapped[datetime | None]
    lease_owner: Mapped[str | None] = mapped_column(String(40))
