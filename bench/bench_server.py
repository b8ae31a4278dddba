"""Load the real server on loopback and print requests/s with p50/p99 latency.

Usage: .venv/bin/python bench/bench_server.py [--seconds 5] [--concurrency 16]
           [--postgres URL] [--write]

Configurations: one process on SQLite, and with `--postgres` (a maintenance database
URL; see bench/serverproc.py) one and two processes (`--workers 2`) on a fresh
PostgreSQL database. Servers run as their own processes (`talenttui server --demo
--dev`) so the load generator (httpx, asyncio) does not share their interpreter. Every
endpoint is driven with the same concurrency for the same time; `GET /healthz` (the
process answering, nothing else) is the baseline the others are compared with in the
same run. The caller is the demo's Umbrella Labs recruiter, whose organization is on the
Custom plan, so rate limits do not cap it. The machine is shared: the load average is
printed beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from serverproc import load_average, login, main, pct, postgres_database, start, stop

from talenttui.server.runner import free_port

USER = "alice.abernathy@umbrella.example"


async def drive(
    base: str, make: Callable[[httpx.AsyncClient], object], seconds: float, concurrency: int
) -> tuple[float, list[float], int]:
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.perf_counter() < stop_at:
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


async def measure(base: str, label: str, args: argparse.Namespace) -> list[str]:
    token = login(base, USER)
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
        load = load_average()
        rps, lat, errors = await drive(base, make, args.seconds, args.concurrency)
        baseline = baseline or rps
        rows.append(
            f"| {label} | {name} | {rps:,.0f} | {statistics.median(lat):.1f} | "
            f"{pct(lat, 0.99):.1f} | {max(lat):.1f} | {rps / baseline:.2f} | {errors} | {load} |"
        )
        print(rows[-1], flush=True)
    return rows


async def main_async(args: argparse.Namespace) -> str:
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_sqlite:
            port = free_port()
            proc = start(Path(tmp) / "sqlite", port)
            try:
                rows += await measure(f"http://127.0.0.1:{port}", "SQLite, 1 process", args)
            finally:
                stop(proc)
        if args.postgres:
            for workers in (1, 2):
                with postgres_database(args.postgres) as url:
                    port = free_port()
                    extra = ("--workers", str(workers)) if workers > 1 else ()
                    proc = start(Path(tmp) / f"pg{workers}", port, *extra, database_url=url)
                    try:
                        label = f"PostgreSQL, {workers} process{'es' if workers > 1 else ''}"
                        rows += await measure(f"http://127.0.0.1:{port}", label, args)
                    finally:
                        stop(proc)
    header = (
        f"## Server under load\n\n`bench/bench_server.py`, {datetime.now(UTC):%Y-%m-%d}, "
        f"{os.cpu_count()} cores (shared with other work; load average 1/5/15 min beside each "
        f"row), {args.concurrency} concurrent clients for {args.seconds:g} s each, servers and "
        "load generator on the same machine. Ratio: req/s over the same run's `/healthz`.\n\n"
        "| server | endpoint | req/s | p50 ms | p99 ms | max ms | ratio | errors | load |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL maintenance database URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL rows only")


if __name__ == "__main__":
    main(__doc__ or "", main_async, _options)
