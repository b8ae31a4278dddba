"""Load the real server on loopback and print requests/s with p50/p99 latency.

Usage: .venv/bin/python bench/bench_server.py [--seconds 5] [--concurrency 16] [--write]

The server runs as its own process (`talenttui server --demo --dev`) so the load
generator (httpx, asyncio) does not share its interpreter. Every endpoint is driven
with the same concurrency for the same time; `GET /healthz` (one `SELECT 1`) is the
baseline the others are compared with. The caller is the demo's Umbrella Labs
recruiter, whose organization is on the Custom plan, so rate limits do not cap it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx

from talenttui.server.runner import free_port

RESULTS = Path(__file__).with_name("RESULTS.md")
USER = "alice.abernathy@umbrella.example"


def start_server(
    data_dir: Path, port: int, flags: tuple[str, ...] = ("--demo", "--dev")
) -> subprocess.Popen[bytes]:
    """`talenttui server FLAGS` on `port` with TALENTTUI_HOME=data_dir, once it answers."""
    env = {**os.environ, "TALENTTUI_HOME": str(data_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "talenttui", "server", *flags, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return proc
        except httpx.TransportError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def login(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        session = client.post("/api/v1/auth/loginOTP", json={"email": USER}).json()["session_id"]
        mails = client.get("/api/v1/dev/outbox", params={"email": USER}).json()["records"]
        code = next(m["code"] for m in mails if m["code"])
        body = {"email": USER, "session_id": session, "verification_code": code}
        return str(client.post("/api/v1/auth/loginVerify", json=body).json()["token"])


async def drive(
    base: str, make: Callable[[httpx.AsyncClient], object], seconds: float, concurrency: int
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop:
            started = time.perf_counter()
            resp = await make(client)  # type: ignore[misc]
            latencies.append((time.perf_counter() - started) * 1000)
            if resp.status_code >= 400:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        began = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies, errors


def p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def main_async(args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = start_server(Path(tmp), port)
        base = f"http://127.0.0.1:{port}"
        try:
            token = login(base)
            auth = {"Authorization": f"Bearer {token}"}
            with httpx.Client(base_url=base, headers=auth) as client:
                feed = client.get("/v1/matches/me", params={"min_score": 0}).json()["data"]
                recipient = feed["matches"][0]["user_id"]
            cases: dict[str, Callable[[httpx.AsyncClient], object]] = {
                "GET /healthz (baseline)": lambda c: c.get("/healthz"),
                "GET /v1/matches/{userId}": lambda c: c.get("/v1/matches/me", headers=auth),
                "POST /v1/messages": lambda c: c.post(
                    "/v1/messages",
                    json={"recipient_id": recipient, "message": "benchmark hello"},
                    headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
                ),
            }
            rows = []
            baseline = 0.0
            for name, make in cases.items():
                await drive(base, make, 1.0, args.concurrency)  # warm-up
                rps, lat, errors = await drive(base, make, args.seconds, args.concurrency)
                baseline = baseline or rps
                rows.append(
                    f"| {name} | {rps:,.0f} | {statistics.median(lat):.1f} | {p(lat, 0.99):.1f} "
                    f"| {rps / baseline:.2f} | {errors} |"
                )
                print(rows[-1], flush=True)
        finally:
            proc.terminate()
            proc.wait(30)
    header = (
        f"## Server under load\n\n{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, SQLite, "
        f"{args.concurrency} concurrent clients for {args.seconds:g} s each, server and load "
        "generator on the same machine.\n\n"
        "| endpoint | req/s | p50 ms | p99 ms | ratio to baseline | errors |\n|---|---|---|---|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def write_section(section: str) -> None:
    title = section.splitlines()[0]
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    if title in text:
        start = text.index(title)
        end = text.find("\n## ", start + 1)
        text = text[:start] + section + (text[end + 1 :] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text)


def report(section: str, write: bool) -> None:
    """Print a results section; with `--write`, record it in bench/RESULTS.md too."""
    print(section)
    if write:
        write_section(section)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    report(asyncio.run(main_async(args)), args.write)


if __name__ == "__main__":
    main()
