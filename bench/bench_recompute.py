"""A profile edit that re-scores 10,000 pairs, and what other clients see meanwhile.

Usage: .venv/bin/python bench/bench_recompute.py [--demo-size 50] [--postgres URL] [--write]

The server runs `--demo --demo-size 50` (10,000 candidates). The demo's TechStart
recruiter then changes the opening's required skills to ones every candidate lists
something of, so the re-score touches every candidate; meanwhile 4 clients keep sending
`POST /v1/messages` and one polls `GET /healthz`. Printed: how long the edit took, how
many match rows it wrote, and the latency of the other writes and of /healthz during it
(the goal: no write waits behind the re-score; each of its batches holds the write lock
for about 30 ms, at most 100).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
from serverproc import load_average, login, main, pct, postgres_database, start, stop

from talenttui.server.runner import free_port

RECRUITER = "talent@techstart.example"
WRITER = "alice.abernathy@umbrella.example"
OPENING = {
    "required_skills": [
        {"name": "JavaScript", "importance": 1.0, "min_level": "beginner", "min_years": 0},
        {"name": "Python", "importance": 0.8, "min_level": "beginner", "min_years": 0},
        {"name": "React", "importance": 0.8, "min_level": "beginner", "min_years": 0},
        {"name": "SQL", "importance": 0.5, "min_level": "beginner", "min_years": 0},
    ]
}


async def _meanwhile(base: str, stop_at: asyncio.Event) -> tuple[list[float], list[float], int]:
    auth = {"Authorization": f"Bearer {login(base, WRITER)}"}
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        feed = (await client.get("/v1/matches/me", params={"min_score": 0}, headers=auth)).json()
        recipient = feed["data"]["matches"][0]["user_id"]
        writes: list[float] = []
        probes: list[float] = []
        errors = 0

        async def writer() -> None:
            nonlocal errors
            while not stop_at.is_set():
                began = time.perf_counter()
                resp = await client.post(
                    "/v1/messages",
                    json={"recipient_id": recipient, "message": "meanwhile"},
                    headers={**auth, "Idempotency-Key": uuid.uuid4().hex},
                )
                writes.append((time.perf_counter() - began) * 1000)
                errors += resp.status_code >= 400

        async def prober() -> None:
            while not stop_at.is_set():
                began = time.perf_counter()
                await client.get("/healthz")
                probes.append((time.perf_counter() - began) * 1000)
                await asyncio.sleep(0.02)

        await asyncio.gather(*(writer() for _ in range(4)), prober())
    return writes, probes, errors


async def run(base: str) -> tuple[float, int, list[float], list[float], int]:
    auth = {"Authorization": f"Bearer {login(base, RECRUITER)}"}
    done = asyncio.Event()
    others = asyncio.create_task(_meanwhile(base, done))
    await asyncio.sleep(2.0)  # the other clients are going
    async with httpx.AsyncClient(base_url=base, timeout=600) as client:
        feed = {"limit": 1, "min_score": 0}
        before = (await client.get("/v1/matches/me", params=feed, headers=auth)).json()
        began = time.perf_counter()
        resp = await client.put("/v1/profiles/me", json=OPENING, headers=auth)
        took = time.perf_counter() - began
        assert resp.status_code == 200, resp.text
        after = (await client.get("/v1/matches/me", params=feed, headers=auth)).json()
    done.set()
    writes, probes, errors = await others
    grown = after["data"]["pagination"]["total"] - before["data"]["pagination"]["total"]
    return took, grown, writes, probes, errors


@contextlib.contextmanager
def _database(args: argparse.Namespace) -> Iterator[str | None]:
    if args.postgres:
        with postgres_database(args.postgres) as url:
            yield url
    else:
        yield None


async def main_async(args: argparse.Namespace) -> str:
    backend = "PostgreSQL" if args.postgres else "SQLite"
    with tempfile.TemporaryDirectory() as tmp, _database(args) as url:
        port = free_port()
        seeding = time.perf_counter()
        proc = start(Path(tmp), port, "--demo-size", str(args.demo_size), database_url=url)
        seeded = time.perf_counter() - seeding
        try:
            load = load_average()
            took, grown, writes, probes, errors = await run(f"http://127.0.0.1:{port}")
        finally:
            stop(proc)
        rescored = [
            line.split("] ", 1)[-1]
            for line in (Path(tmp) / "server.log").read_text().splitlines()
            if "re-scored user" in line
        ]
    rows = [
        f"| the edit (`PUT /v1/profiles/me`, re-score included) | {took:.2f} s |",
        f"| the recruiter's matches (any score) afterwards, minus before | {grown:,} |",
        f"| `POST /v1/messages` meanwhile (4 clients): n, p50, p99, max | {len(writes)}, "
        f"{statistics.median(writes):.0f} ms, {pct(writes, 0.99):.0f} ms, {max(writes):.0f} ms |",
        f"| `GET /healthz` meanwhile: p50, p99, max | {statistics.median(probes):.1f} ms, "
        f"{pct(probes, 0.99):.1f} ms, {max(probes):.1f} ms |",
        f"| errors | {errors} |",
        *(f"| server log | {line} |" for line in rescored),
    ]
    header = (
        f"## Re-score at demo size {args.demo_size} ({backend})\n\n`bench/bench_recompute.py"
        f"{' --postgres URL' if args.postgres else ''}`, {datetime.now(UTC):%Y-%m-%d}, "
        f"{os.cpu_count()} cores, load average {load} at start; server start with the demo "
        f"seed took {seeded:.0f} s.\n\n| measure | value |\n|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--demo-size", type=int, default=50)
    parser.add_argument("--postgres", metavar="URL")


if __name__ == "__main__":
    main(__doc__ or "", main_async, _options)
