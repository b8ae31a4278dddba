"""SQLite: one server per data dir. A second refuses to start and says who has it; the app
uses the server already running on its data dir instead of starting one. These run on
SQLite whatever the run's backend: they are about the data dir's own database."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from talenttui.embedded import EmbeddedServer
from talenttui.server.data_lock import DataDirBusy, running_server
from talenttui.server.runner import BackgroundServer
from tests.conftest import Live
from tests.database import sqlite_url


@pytest.fixture
def sqlite_live(start_server: Callable[..., Live], tmp_path: Path) -> Live:
    data_dir = tmp_path / "server"
    return start_server(data_dir=data_dir, database_url=sqlite_url(data_dir))


def test_a_second_server_on_the_data_dir_refuses_to_start(sqlite_live: Live) -> None:
    second = BackgroundServer(sqlite_live.settings)
    with pytest.raises(DataDirBusy) as refused:
        second.start()
    assert sqlite_live.url in str(refused.value) and str(os.getpid()) in str(refused.value)
    assert sqlite_live.client.get("/readyz").json()["status"] == "ready"


def test_the_command_says_who_holds_the_data_dir(sqlite_live: Live) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTTUI_DATABASE")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "talenttui",
            "server",
            f"--data-dir={sqlite_live.settings.data_dir}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "another talenttui server" in result.stderr and sqlite_live.url in result.stderr
    assert "Traceback" not in result.stderr


async def test_the_app_uses_the_server_running_on_its_data_dir(sqlite_live: Live) -> None:
    data_dir = sqlite_live.settings.data_dir
    holder = running_server(data_dir)
    assert holder is not None and holder.url == sqlite_live.url
    bundled = EmbeddedServer(data_dir)
    assert bundled.url == sqlite_live.url
    bundled.start()
    await bundled.wait_ready()
    assert bundled.process is None, "no second server was started"


def test_the_lock_goes_with_the_server(sqlite_live: Live) -> None:
    data_dir = sqlite_live.settings.data_dir
    sqlite_live.close()
    assert running_server(data_dir) is None
    sqlite_live.restart()
    assert running_server(data_dir) is not None
    assert EmbeddedServer(data_dir).url == sqlite_live.url


def test_readyz_checks_the_database(sqlite_live: Live) -> None:
    ready = sqlite_live.client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "database": "ok", "realtime": "local"}


def test_workers_need_postgresql(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTTUI_DATABASE")}
    result = subprocess.run(
        [sys.executable, "-m", "talenttui", "server", "--workers=2", f"--data-dir={tmp_path}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--workers needs a PostgreSQL" in result.stderr
