"""Our server's dev outbox: login codes, readable only from a server started with ``--dev``."""

from __future__ import annotations

from talenttui.api.models.base import Model


class DevMail(Model):
    email: str
    purpose: str = ""
    code: str | None = None
    sent_at: str | None = None


class DevOutbox(Model):
    records: list[DevMail]
    """Newest first."""

    def latest_code(self) -> str | None:
        return next((mail.code for mail in self.records if mail.code), None)
