"""What happens to a failure nobody planned for: a notice, and its traceback in a log file.

A worker that raises (a bug, not a refusal from the server) used to end silently, leaving
its pane on "Loading…". Now its traceback goes to ``talenttui.log`` in the data dir
(0600; nothing is written in kiosk mode) and the person sees a notice naming the log.
The notice gives only the error's type: its text may quote data, and the log is private.
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.worker import Worker, WorkerState

from talenttui.paths import ensure_private_dir

if TYPE_CHECKING:
    from textual.widget import Widget

    from talenttui.tui.session import Session

    _Mixin = Widget
else:
    _Mixin = object

LOG_FILE = "talenttui.log"
NOTICE_SECONDS = 10


class FailureLog:
    """Appends tracebacks to ``talenttui.log``; ``data_dir=None`` (kiosk) keeps nothing."""

    def __init__(self, data_dir: Path | None) -> None:
        self.path = data_dir / LOG_FILE if data_dir is not None else None
        self._noticed: tuple[str, float] = ("", 0.0)

    def report(self, error: BaseException, where: str) -> str | None:
        """Logs ``error``; the notice to show, or None while the same one is still on
        screen (a tab's cached answer and its refresh meeting one bug gave two)."""
        self.record(error, where)
        text, now = self.notice(error), time.monotonic()
        if self._noticed[0] == text and now - self._noticed[1] < NOTICE_SECONDS:
            return None
        self._noticed = (text, now)
        return text

    def record(self, error: BaseException, where: str) -> None:
        if self.path is None:
            return
        stamp = time.strftime("%Y-%m-%d %H:%M:%S")
        lines = traceback.format_exception(type(error), error, error.__traceback__)
        text = f"{stamp} {where}\n{''.join(lines)}\n"
        ensure_private_dir(self.path.parent)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as fh:
            fh.write(text)

    def notice(self, error: BaseException) -> str:
        where = f" Details are in {self.path}." if self.path is not None else ""
        return f"Something went wrong in the app ({type(error).__name__}).{where}"


def report_worker(session: Session, worker: Worker[Any]) -> None:
    """A worker that raised: to the app's one policy (``Session.report_failure``)."""
    if worker.error is not None:
        session.report_failure(worker.error, f"worker {worker.name or worker.group}")


class ReportsFailures(_Mixin):
    """Mixed into every widget or screen that runs workers: ``Worker.StateChanged`` goes to
    the node that started the worker and does not bubble, so each node hands a failed
    worker to the app's one policy. Not a ``Widget`` at run time, so it can go before any
    container or screen class; the class sets ``session``."""

    session: Session

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            report_worker(self.session, event.worker)
