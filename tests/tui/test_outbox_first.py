"""Actions are durable before they are shown as done: the app killed (SIGKILL) right after
the key loses nothing and doubles nothing, whether the server was up or down."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy import select as sql_select
from tests.conftest import Live
from tests.server.skillsync_people import db
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.test_feed import server_status

from talenttui.api.config import ClientConfig
from talenttui.api.outbox import OUTBOX_FILE
from talenttui.server.models import Match, MatchAction, Message

ROOT = Path(__file__).resolve().parents[2]


def start_child(server: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.tui.app_child", server, MESSAGE],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


MESSAGE = "Hello from a terminal about to close"


def read_line(child: subprocess.Popen[str], prefix: str, timeout: float = 60.0) -> str:
    assert child.stdout is not None
    ready, _, _ = select.select([child.stdout], [], [], timeout)
    line = child.stdout.readline() if ready else ""
    if not line.startswith(prefix):
        child.kill()
        raise AssertionError(f"child said {line!r}; {child.stderr.read() if child.stderr else ''}")
    return line.strip()


def outbox_states(match_id: str) -> list[str]:
    path = ClientConfig.load().paths.data_dir / OUTBOX_FILE
    with closing(sqlite3.connect(path)) as conn:
        rows = conn.execute(
            "SELECT state FROM outbox WHERE path = ?", (f"/v1/matches/{match_id}/action",)
        ).fetchall()
    return [state for (state,) in rows]


def written(live: Live, match_id: str) -> tuple[int, int]:
    """Accept actions Jane's side recorded for the match, and copies of the message."""
    with db(live) as session:
        match = session.scalars(sql_select(Match).where(Match.public_id == match_id)).one()
        actions = session.scalar(
            sql_select(func.count())
            .select_from(MatchAction)
            .where(MatchAction.match_id == match.id, MatchAction.action == "accept")
        )
        copies = session.scalar(
            sql_select(func.count()).select_from(Message).where(Message.body == MESSAGE)
        )
    return int(actions or 0), int(copies or 0)


@pytest.mark.parametrize(
    ("server_down", "kill_after"),
    [(True, 0.0), (False, 0.0), (False, 0.3)],
    ids=["server-down", "server-up-at-once", "server-up-a-moment-later"],
)
async def test_a_kill_9_right_after_the_key_loses_and_doubles_nothing(
    start_server: Callable[..., Live], tmp_path: Path, server_down: bool, kill_after: float
) -> None:
    live = start_server(demo=True, data_dir=tmp_path / "demo")
    await sign_in(live, JANE)
    child = start_child(live.url)
    match_id = read_line(child, "READY").split()[1]
    if server_down:
        live.server.stop()
    assert child.stdin is not None
    child.stdin.write("go\n")
    child.stdin.flush()
    read_line(child, "PRESSED")
    time.sleep(kill_after)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    states = outbox_states(match_id)
    assert states in (["pending"], ["done"], []), states  # done rows are dropped once seen
    if server_down:
        assert states == ["pending"], "stored before it was shown, with nothing to send it to"
        live.restart()

    app = app_for(live)  # the next start sends what the killed one left
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: app.connection == "online")
        await wait_for(
            pilot,
            lambda: app.queued == 0 and outbox_states(match_id) in ([], ["done"]),
            timeout=30,
        )
        assert server_status(live, app, match_id) == "accepted"
    assert written(live, match_id) == (1, 1)
