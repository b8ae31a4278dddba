"""State every server process on one database shares: the signing secret, rate-limit buckets."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from talenttui.server.db import Base


class ServerSecret(Base):
    """A key all processes must agree on (the token signing key), written once by the first."""

    __tablename__ = "server_secrets"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class RateBucket(Base):
    """One caller's token bucket and day counter, updated by one atomic statement a request."""

    __tablename__ = "rate_buckets"

    caller: Mapped[str] = mapped_column(String(100), primary_key=True)
    tokens: Mapped[float]
    updated: Mapped[float]
    day: Mapped[int]
    day_count: Mapped[int]
    admitted: Mapped[bool]
