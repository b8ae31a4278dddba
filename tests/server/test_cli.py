"""`talenttui server` as people run it: a real process, flags as documented."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from talenttui.server.runner import free_port


def test_server_command_serves_demo_data_until_stopped(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "TALENTTUI_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "talenttui", "server", "--port", str(port), "--demo", "--dev"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
                assert time.monotonic() < deadline, "server did not come up"
                time.sleep(0.2)
        assert health.json() == {"status": "ok", "version": health.json()["version"], "dev": True}
        resp = httpx.post(
            f"http://127.0.0.1:{port}/api/v1/auth/loginOTP", json={"email": "jane.doe@acme.example"}
        )
        assert resp.status_code == 200
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0
    assert "Application shutdown complete" in output
    assert (tmp_path / "home" / "data" / "server" / "talenttui.db").exists()
    assert "POST /api/v1/auth/loginOTP 200" in output
    assert "[req_" in output
    outbox = subprocess.run(
        [
            sys.executable,
            "-m",
            "talenttui",
            "server",
            "outbox",
            "--json",
            "--email",
            "jane.doe@acme.example",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert '"purpose": "login"' in outbox.stdout and '"code": "' in outbox.stdout
