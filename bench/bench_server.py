"""Load the real server on loopback and print requests/s with p50/p99 latency.

Usage: .venv/bin/python bench/bench_server.py [--seconds 5] [--concurrency 16]
           [--postgres URL] [--only sqlite,pg1,pg2] [--endpoints healthz,matches,messages]
           [--write]

Configurations: one process on SQLite, and with `--postgres` (a maintenance database
URL; see bench/serverproc.py) one and two processes (`--workers 2`) on a fresh
PostgreSQL database. Servers run as their own processes (`talenttui server --demo
--dev`) so the load generator (httpx, asyncio) does not share their interpreter. Every
endpoint is driven with the same concurrency for the same time; `GET /healthz` (the
process answering, nothing else) is the baseline the others are compared with in the
same run. The caller is the demo's Umbrella Labs recruiter, whose organization is on the
Custom plan, so rate limits do not cap it. Its sends all go to one person, into one
conversation: the writer's worst case (the group commit writes the sends that wait
together in one transaction). Besides req/s and latency, each row gives the
server's CPU time per request (its processes' user + system time over the run, its
threads included, divided by the requests served): on a shared machine it moves less
than req/s, and a ratio of the trivial endpoint's CPU per request to an endpoint's is
what that endpoint's req/s ratio would be if the server's core were the bottleneck. The
machine is shared: the load average is printed beside the figures. `--only` and
`--endpoints` run parts (A/B runs of one configuration).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import httpx
from serverproc import (
    cpu_seconds,
    load_average,
    login,
    main,
    pct,
    postgres_database,
    start,
    stop,
)

from talenttui.server.runner import free_port

USER = "alice.abernathy@umbrella.example"
CONFIGURATIONS = ("sqlite", "pg1", "pg2")
ENDPOINTS = {
    "healthz": "GET /healthz (baseline)",
    "matches": "GET /v1/matches/{userId}",
    "messages": "POST /v1/messages",
}


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


async def measure(base: str, label: str, pid: int, args: argparse.Namespace) -> list[str]:
    token = login(base, USER)
    auth = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=base, headers=auth) as client:
        feed = client.get("/v1/matches/me", params={"min_score": 0}).json()["data"]
        recipient = feed["matches"][0]["user_id"]
    cases: dict[str, Callable[[httpx.AsyncClient], object]] = {
        "healthz": lambda c: c.get("/healthz"),
        "matches": lambda c: c.get("/v1/matches/me", headers=auth),
        "messages": lambda c: c.post(
            "/v1/messages",
            json={"recipient_id": recipient, "message": "benchmark hello"},
            headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
        ),
    }
    rows = []
    baseline = 0.0
    gc.collect()
    gc.freeze()  # the load generator's own full collections would be counted as latency
    for name in args.endpoints:
        make = cases[name]
        await drive(base, make, 1.0, args.concurrency)  # warm-up
        load = load_average()
        cpu_before = cpu_seconds(pid)
        rps, lat, errors = await drive(base, make, args.seconds, args.concurrency)
        cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / max(1, len(lat))
        baseline = baseline or rps
        rows.append(
            f"| {label} | {ENDPOINTS[name]} | {rps:,.0f} | {statistics.median(lat):.1f} | "
            f"{pct(lat, 0.99):.1f} | {max(lat):.1f} | {rps / baseline:.2f} | {cpu_ms:.2f} | "
            f"{errors} | {load} |"
        )
        print(rows[-1], flush=True)
    return rows


async def main_async(args: argparse.Namespace) -> str:
    rows: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        if "sqlite" in args.only and not args.no_sqlite:
            port = free_port()
            proc = start(Path(tmp) / "sqlite", port)
            try:
                rows += await measure(
                    f"http://127.0.0.1:{port}", "SQLite, 1 process", proc.pid, args
                )
            finally:
                stop(proc)
        if args.postgres:
            for workers in (w for w in (1, 2) if f"pg{w}" in args.only):
                with postgres_database(args.postgres) as url:
                    port = free_port()
                    extra = ("--workers", str(workers)) if workers > 1 else ()
                    proc = start(Path(tmp) / f"pg{workers}", port, *extra, database_url=url)
                    try:
                        label = f"PostgreSQL, {workers} process{'es' if workers > 1 else ''}"
                        rows += await measure(f"http://127.0.0.1:{port}", label, proc.pid, args)
                    finally:
                        stop(proc)
    header = (
        f"## Server under load\n\n`bench/bench_server.py`, {datetime.now(UTC):%Y-%m-%d}, "
        f"{os.cpu_count()} cores (shared with other work; load average 1/5/15 min beside each "
        f"row), {args.concurrency} concurrent clients for {args.seconds:g} s each, servers and "
        "load generator on the same machine. Ratio: req/s over the same run's `/healthz`. "
        "CPU: the server's CPU time per request.\n\n"
        "| server | endpoint | req/s | p50 ms | p99 ms | max ms | ratio | CPU ms | errors | load |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--postgres", metavar="URL", help="a PostgreSQL maintenance database URL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL rows only")
    parser.add_argument(
        "--only",
        type=_choices(CONFIGURATIONS),
        default=CONFIGURATIONS,
        help="comma-separated configurations to run (default all; pg* need --postgres)",
    )
    parser.add_argument(
        "--endpoints",
        type=_choices(tuple(ENDPOINTS)),
        default=tuple(ENDPOINTS),
        help="comma-separated endpoints (default all; the ratio is to the first one run)",
    )


def _choices(allowed: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    def parse(value: str) -> tuple[str, ...]:
        picked = tuple(part.strip() for part in value.split(",") if part.strip())
        unknown = set(picked) - set(allowed)
        if unknown or not picked:
            raise argparse.ArgumentTypeError(f"choose from {', '.join(allowed)}")
        return picked

    return parse


if __name__ == "__main__":
    main(__doc__ or "", main_async, _options)
