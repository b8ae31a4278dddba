"""Run `talenttui server outbox` as the installed console script, the way an operator does:
the database is the server's, named by `TALENTTUI_DATABASE_URL` when it is not SQLite."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from talenttui.server.settings import ServerSettings

TALENTTUI = Path(sys.executable).with_name("talenttui")


def run_outbox(settings: ServerSettings, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TALENTTUI_DATABASE")}
    if settings.database_url:
        env["TALENTTUI_DATABASE_URL"] = settings.database_url
    return subprocess.run(
        [str(TALENTTUI), "server", "outbox", "--data-dir", str(settings.data_dir), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=env,
    )


def outbox_json(settings: ServerSettings, *extra: str) -> list[dict[str, Any]]:
    lines = run_outbox(settings, "--json", *extra).stdout.splitlines()
    return [json.loads(line) for line in lines]
