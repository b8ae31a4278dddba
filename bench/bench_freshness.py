"""How soon the status bar tells the truth: a server hung with SIGSTOP until the app says
offline, and the same server let go with SIGCONT until it says online again.

Usage: .venv/bin/python bench/bench_freshness.py [--rounds 5] [--write]

What is measured: ``talenttui server --demo --dev`` in a process of its own (so it can be
stopped), and the real app, headless (``App.run_test``), signed in as the demo recruiter
through the OTP flow, on its feed. Each round waits until the app is online, stops the
server, times until ``app.connection`` is "offline", waits a moment, lets the server go
on and times until it is "online". The clock is polled every 20 ms. Before this change
the first figure was about 30 s and the second 18-20 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from results_file import write_section

SECTION = "## Freshness"
JANE = "jane.doe@acme.example"
HUNG_FOR = 3.0
"""Seconds the server stays stopped after the app has said offline."""
READING = """Reading it: a hung server is noticed by the realtime link's keepalive (a ping every
1.5 s, a pong awaited 2 s, then 0.5 s for a close frame that never comes), so the
figure lies between 2.5 and 4 s depending on where in the ping cycle the server stopped.
Coming back is quick because a reconnect is always under way (at most 1 s apart): the
handshake that was waiting on the stopped server completes as soon as it runs again."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    args = ["server", "--port", str(port), "--data-dir", str(home / "server"), "--demo", "--dev"]
    process = subprocess.Popen(
        [sys.executable, "-m", "talenttui", *args],
        env={**os.environ, "TALENTTUI_HOME": str(home / "server-home")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the server did not start")


async def sign_in(url: str) -> None:
    from talenttui.api.client import TalentClient
    from talenttui.api.config import ClientConfig
    from talenttui.api.endpoints import dev

    client = TalentClient(ClientConfig.load(server=url))
    try:
        sent = await client.request_login_code(JANE)
        code = (await client.send(dev.dev_outbox(JANE))).latest_code()
        assert code is not None
        await client.login_with_code(JANE, sent.session_id, code)
    finally:
        await client.aclose()


async def measure(url: str, pid: int, rounds: int) -> tuple[list[float], list[float]]:
    from talenttui.api.config import ClientConfig
    from talenttui.tui.app import TalentApp

    app = TalentApp(ClientConfig.load(server=url))
    offline: list[float] = []
    online: list[float] = []

    async def until(state: str) -> float:
        started = time.monotonic()
        while app.connection != state:
            if time.monotonic() - started > 60:
                raise SystemExit(f"never {state}")
            await asyncio.sleep(0.02)
        return time.monotonic() - started

    async with app.run_test(size=(120, 40)):
        await until("online")
        await asyncio.sleep(2)
        for _ in range(rounds):
            os.kill(pid, signal.SIGSTOP)
            offline.append(await until("offline"))
            await asyncio.sleep(HUNG_FOR)
            os.kill(pid, signal.SIGCONT)
            online.append(await until("online"))
            await asyncio.sleep(1 + len(online) % 2 * 0.7)  # vary where in the ping cycle
    return offline, online


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["TALENTTUI_HOME"] = str(home / "app-home")
        port = free_port()
        process = start_server(home, port)
        url = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(sign_in(url))
            offline, online = asyncio.run(measure(url, process.pid, args.rounds))
        finally:
            os.kill(process.pid, signal.SIGCONT)
            process.terminate()
            process.wait(20)
    lines = [
        "| from | to | median s | max s | rounds |",
        "|---|---|---|---|---|",
        f"| server hung (SIGSTOP) | status bar offline | {statistics.median(offline):.2f}"
        f" | {max(offline):.2f} | {len(offline)} |",
        f"| server back (SIGCONT) | status bar online | {statistics.median(online):.2f}"
        f" | {max(online):.2f} | {len(online)} |",
    ]
    print("\n".join(lines))
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        section = (
            f"{SECTION}\n\n`.venv/bin/python bench/bench_freshness.py --rounds {args.rounds}`,"
            f" {stamp}, {os.cpu_count()} CPUs.\n\n" + "\n".join(lines) + "\n\n" + READING + "\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
