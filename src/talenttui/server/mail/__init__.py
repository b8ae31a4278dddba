"""Mail: the outbox and its delivery loop (`outbox`), and how one mail is built and sent (`smtp`)."""

from talenttui.server.mail.outbox import Mailer

__all__ = ["Mailer"]
