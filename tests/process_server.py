"""`talenttui server` in a process of its own, for what a thread cannot do: hang it
(SIGSTOP) and let it go on (SIGCONT), as a stuck server or a suspended VM would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from talenttui.server.runner import free_port

ROOT = Path(__file__).resolve().parents[1]


class ProcessServer:
    """Quacks like ``tests.conftest.Live`` where the tui helpers need it (url, client)."""

    def __init__(self, data_dir: Path, *, demo: bool = True) -> None:
        self.port = free_port()
        self.data_dir = data_dir
        args = ["server", "--port", str(self.port), "--data-dir", str(data_dir), "--dev"]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "talenttui", *args, *(["--demo"] if demo else [])],
            cwd=ROOT,
            env={**os.environ, "TALENTTUI_HOME": str(data_dir / "home")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.client = httpx.Client(base_url=self.url, timeout=30)
        self._wait_up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _wait_up(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.client.get("/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server process did not come up")
            time.sleep(0.2)

    def hang(self) -> None:
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.process.pid, signal.SIGCONT)

    def close(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
