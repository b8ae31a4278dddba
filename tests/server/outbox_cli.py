"""Run `talenttui server outbox` as the installed console script, the way an operator does."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TALENTTUI = Path(sys.executable).with_name("talenttui")


def run_outbox(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(TALENTTUI), "server", "outbox", "--data-dir", str(data_dir), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )


def outbox_json(data_dir: Path, *extra: str) -> list[dict[str, Any]]:
    lines = run_outbox(data_dir, "--json", *extra).stdout.splitlines()
    return [json.loads(line) for line in lines]
