"""Run callbacks once a session's transaction commits, or once it rolls back.

Whatever others must see of a write (a mail to deliver, an event to publish) is
announced only once it is durable; whatever a write left outside the database (a
stored photo) is cleaned up when the write is undone. Only the outermost transaction
counts: a SAVEPOINT released or rolled back inside it runs no callback (callbacks
registered inside a SAVEPOINT that rolls back still run with the transaction, so
such callbacks must be harmless then, like waking the mailer).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

COMMIT_KEY = "talenttui.after_commit"
ROLLBACK_KEY = "talenttui.after_rollback"


def on_commit(db: AsyncSession, callback: Callable[[], None]) -> None:
    db.info.setdefault(COMMIT_KEY, []).append(callback)


def on_rollback(db: AsyncSession, callback: Callable[[], None]) -> None:
    db.info.setdefault(ROLLBACK_KEY, []).append(callback)


def _run(session: Session, run: str, drop: str) -> None:
    if session.in_nested_transaction():
        return
    session.info.pop(drop, None)
    for callback in session.info.pop(run, ()):
        callback()


def bind_commit_hooks(session_class: type[Session]) -> None:
    def after_commit(session: Session) -> None:
        _run(session, COMMIT_KEY, ROLLBACK_KEY)

    def after_rollback(session: Session) -> None:
        _run(session, ROLLBACK_KEY, COMMIT_KEY)

    event.listen(session_class, "after_commit", after_commit)
    event.listen(session_class, "after_rollback", after_rollback)
