"""examples/client_quickstart.py, run as a script against the live demo server, prints what
the server says: who signed in and the top of that user's feed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import Live
from tests.server.otp_helpers import login

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "client_quickstart.py"
SARAH = "sarah.johnson@example.com"


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=60,
    )


def _top_of_feed(live: Live, email: str, limit: int) -> tuple[int, list[str]]:
    token = login(live.client, email)["token"]
    resp = live.client.get(
        "/v1/matches/me", params={"limit": limit}, headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status_code == 200, resp.text
    data = resp.json()["data"]
    return data["pagination"]["total"], [
        f"{m['match_score']:3d}  {m['profile']['name']}" for m in data["matches"]
    ]


def test_quickstart_signs_in_and_prints_the_top_matches(demo_live: Live) -> None:
    done = _run("--limit", "2", env={"TALENTTUI_SERVER": demo_live.url})
    assert done.returncode == 0, done.stderr

    total, top = _top_of_feed(demo_live, SARAH, 2)
    lines = done.stdout.splitlines()
    assert lines[0] == f"Signed in as {SARAH} (user_123) on {demo_live.url}"
    assert lines[1] == f"Top 2 of {total} matches:"
    assert total > 2 and len(top) == 2 and len(lines) == 4
    for line, expected in zip(lines[2:], top, strict=True):
        assert line.strip().startswith(expected.strip()), (line, expected)
    assert done.stderr == ""
    assert not any(p.is_file() for p in Path(os.environ["TALENTTUI_HOME"]).rglob("*"))


def test_quickstart_says_why_when_the_server_shows_no_codes(live: Live) -> None:
    live.restart(dev=False)
    done = _run("--server", live.url, "--email", SARAH)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == f"No login code for {SARAH}: is the server running with --dev?\n"
