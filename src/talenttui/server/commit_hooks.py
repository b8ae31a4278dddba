"""Run callbacks after a session's transaction commits (and drop them on rollback).

Whatever others must see of a write (a mail to deliver, an event to publish) is
announced only once it is durable.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

CALLBACKS_KEY = "talenttui.after_commit"


def on_commit(db: AsyncSession, callback: Callable[[], None]) -> None:
    db.info.setdefault(CALLBACKS_KEY, []).append(callback)


def bind_commit_hooks(session_class: type[Session]) -> None:
    def after_commit(session: Session) -> None:
        for callback in session.info.pop(CALLBACKS_KEY, ()):
            callback()

    def after_rollback(session: Session) -> None:
        session.info.pop(CALLBACKS_KEY, None)

    event.listen(session_class, "after_commit", after_commit)
    event.listen(session_class, "after_rollback", after_rollback)
