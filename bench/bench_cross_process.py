"""Realtime latency across server processes on one PostgreSQL database.

Usage: .venv/bin/python bench/bench_cross_process.py --postgres URL [--messages 300] [--write]

Two `talenttui server` processes, A and B, on one fresh database (see bench/serverproc.py).
Sarah (the demo candidate) keeps a WebSocket open on B and another on A; Jane (the demo
recruiter) sends her messages through A, one every 20 ms. For each message: the time
from sending the POST to the frame arriving on B's socket (another process: the
transaction's NOTIFY, B's listener, a read of the event log), and on A's (the same
process: the hub), and from the POST's answer (the commit is done by then) to the frame
on B. The goal is p99 under 50 ms for the cross-process case on loopback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import websockets
from serverproc import load_average, login, main, pct, postgres_database, start, stop

from talenttui.server.runner import free_port

JANE = "jane.doe@acme.example"
SARAH = "sarah.johnson@example.com"


async def _frames(ws: Any, arrivals: dict[str, float]) -> None:
    async for raw in ws:
        frame = json.loads(raw)
        if frame.get("event") == "message.received":
            arrivals.setdefault(frame["data"]["message"], time.perf_counter())


def _row(name: str, values: list[float]) -> str:
    return (
        f"| {name} | {len(values)} | {statistics.median(values):.1f} | {pct(values, 0.99):.1f} "
        f"| {max(values):.1f} |"
    )


async def run(a: str, b: str, count: int) -> list[str]:
    sarah = {"Authorization": f"Bearer {login(b, SARAH)}"}
    jane = {"Authorization": f"Bearer {login(a, JANE)}"}
    on_b: dict[str, float] = {}
    on_a: dict[str, float] = {}
    sent: dict[str, tuple[float, float]] = {}
    async with (
        websockets.connect(
            b.replace("http", "ws") + "/v1/realtime", additional_headers=sarah
        ) as wb,
        websockets.connect(
            a.replace("http", "ws") + "/v1/realtime", additional_headers=sarah
        ) as wa,
        httpx.AsyncClient(base_url=a, timeout=30) as client,
    ):
        await wb.recv()
        await wa.recv()  # session.ready
        readers = [asyncio.create_task(_frames(wb, on_b)), asyncio.create_task(_frames(wa, on_a))]
        for n in range(count):
            text = f"latency probe {n}"
            began = time.perf_counter()
            resp = await client.post(
                "/v1/messages", json={"recipient_id": "user_123", "message": text}, headers=jane
            )
            assert resp.status_code == 201, resp.text
            sent[text] = (began, time.perf_counter())
            await asyncio.sleep(0.02)
        deadline = time.perf_counter() + 10
        while (len(on_b) < count or len(on_a) < count) and time.perf_counter() < deadline:
            await asyncio.sleep(0.05)
        for task in readers:
            task.cancel()
    missing = count - len(on_b)
    cross = [(on_b[t] - s[0]) * 1000 for t, s in sent.items() if t in on_b]
    after = [(on_b[t] - s[1]) * 1000 for t, s in sent.items() if t in on_b]
    local = [(on_a[t] - s[0]) * 1000 for t, s in sent.items() if t in on_a]
    return [
        _row("POST sent -> frame on the other process (B)", cross),
        _row("POST answered -> frame on B (negative: the frame came first)", after),
        _row("POST sent -> frame on the same process (A)", local),
        f"| frames missing on B | {missing} | | | |",
    ]


async def main_async(args: argparse.Namespace) -> str:
    with tempfile.TemporaryDirectory() as tmp, postgres_database(args.postgres) as url:
        pa, pb = free_port(), free_port()
        proc_a = start(Path(tmp) / "a", pa, database_url=url)
        proc_b = start(Path(tmp) / "b", pb, database_url=url)
        try:
            load = load_average()
            rows = await run(f"http://127.0.0.1:{pa}", f"http://127.0.0.1:{pb}", args.messages)
        finally:
            stop(proc_a, proc_b)
    header = (
        f"## Realtime across processes\n\n`bench/bench_cross_process.py --messages {args.messages}`, "
        f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} cores, two server processes on one "
        f"PostgreSQL database on loopback, load average {load} at start.\n\n"
        "| latency | messages | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def _options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--postgres", metavar="URL", required=True)
    parser.add_argument("--messages", type=int, default=300)


if __name__ == "__main__":
    main(__doc__ or "", main_async, _options)
