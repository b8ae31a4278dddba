"""Wait for a server (or a proxy in front of one) that a test started as a process."""

from __future__ import annotations

import subprocess
import time
from typing import Any

import httpx


def wait_until_ready(url: str, proc: subprocess.Popen[Any], seconds: float, what: str) -> None:
    """Until `url`/readyz answers 200; fails with the process's output if it exits first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            output = proc.communicate()[0] if proc.stdout else ""
            errors = proc.stderr.read() if proc.stderr else ""
            raise AssertionError(f"{what} exited: {output}{errors}")
        assert time.monotonic() < deadline, f"{what} did not come up"
        time.sleep(0.1)
