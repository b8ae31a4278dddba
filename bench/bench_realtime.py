"""200 realtime clients and 50 writes/s on loopback: lost, doubled, misrouted, delivery latency, RSS.

Usage: .venv/bin/python bench/bench_realtime.py [--clients 200] [--rate 50,20] [--seconds 60] [--write]

The server runs as its own process (`talenttui server --dev`, SQLite). Each of N
recipients holds one WebSocket; each has its own sender, who already shares a
conversation with them (written to the database before the run, with login sessions
and tokens minted with the server's secret). Messages go out at a steady rate, spread
over the pairs; each carries a unique tag, so a frame tells exactly which send it
belongs to. Delivery latency runs from the start of the POST to the frame's arrival
(both clocks are this process's). Afterwards: revoking an API key with a socket open,
the time until the server closes that socket.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import websockets
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from talenttui.server.models import Conversation, ConversationParticipant, LoginSession, User
from talenttui.server.runner import free_port
from talenttui.server.secret_store import load_secret
from talenttui.server.settings import ServerSettings
from talenttui.server.tokens import TokenService, new_jti

sys.path.insert(0, str(Path(__file__).parent))
from serverproc import pct, report, start


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Pair:
    sender_token: str
    recipient_token: str
    recipient_public: str


async def seed_pairs(data_dir: Path, database_url: str, count: int) -> list[Pair]:
    """Users, one conversation per pair and login sessions, straight into the server's database."""
    engine = create_async_engine(database_url)
    settings = ServerSettings(data_dir=data_dir, database_url=database_url)
    tokens = TokenService(await load_secret(settings, async_sessionmaker(engine)), 3600)
    now = datetime.now(UTC)
    pairs: list[Pair] = []
    run = secrets.token_hex(3)  # runs may share one database
    async with AsyncSession(engine) as db:
        users = [
            User(
                email=f"bench{run}.{i}.{side}@example.com",
                first_name=f"B{i}",
                last_name=side,
                created_at=now,
            )
            for i in range(count)
            for side in ("sender", "recipient")
        ]
        db.add_all(users)
        await db.flush()
        minted: dict[int, str] = {}
        for user in users:
            jti = new_jti()
            db.add(
                LoginSession(
                    public_id=f"ses_{secrets.token_hex(8)}",
                    jti=jti,
                    user_id=user.id,
                    created_at=now,
                    expires_at=now + timedelta(hours=1),
                )
            )
            minted[user.id] = tokens.issue(user.id, None, 1, now.timestamp(), jti)
        for i in range(count):
            sender, recipient = users[2 * i], users[2 * i + 1]
            conv = Conversation(
                public_id=f"conv_{secrets.token_hex(8)}",
                pair_key=f"{min(sender.id, recipient.id)}:{max(sender.id, recipient.id)}",
                created_at=now,
                updated_at=now,
            )
            db.add(conv)
            await db.flush()
            db.add_all(
                ConversationParticipant(conversation_id=conv.id, user_id=u.id)
                for u in (sender, recipient)
            )
            pairs.append(Pair(minted[sender.id], minted[recipient.id], recipient.public_id))
        await db.commit()
    await engine.dispose()
    return pairs


@dataclass
class Tally:
    sent_at: dict[str, tuple[int, float]] = field(default_factory=dict)  # tag -> (pair, t)
    accepted: set[str] = field(default_factory=set)
    answered_at: dict[str, float] = field(default_factory=dict)  # tag -> when the 201 came
    refused: int = 0
    received: list[tuple[int, str, float]] = field(default_factory=list)  # (pair, tag, t)
    started: float = 0.0
    retried: int = 0


async def listen(ws: websockets.ClientConnection, index: int, tally: Tally) -> None:
    async for raw in ws:
        frame = json.loads(raw)
        if frame.get("event") == "message.received":
            tally.received.append((index, frame["data"]["message"].split()[0], time.perf_counter()))


async def run_load(base: str, pairs: list[Pair], rate: float, seconds: float) -> Tally:
    tally = Tally()
    ws_url = base.replace("http://", "ws://") + "/v1/realtime"
    sockets = [
        await websockets.connect(
            ws_url, additional_headers={"Authorization": f"Bearer {p.recipient_token}"}
        )
        for p in pairs
    ]
    for ws in sockets:
        assert json.loads(await ws.recv())["event"] == "session.ready"
    listeners = [asyncio.create_task(listen(ws, i, tally)) for i, ws in enumerate(sockets)]
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:

        async def send(n: int) -> None:
            index = n % len(pairs)
            tag = f"m{n:07d}"
            tally.sent_at[tag] = (index, time.perf_counter())
            while True:  # a dropped connection is retried with the same key, as the client does
                try:
                    resp = await client.post(
                        "/v1/messages",
                        json={
                            "recipient_id": pairs[index].recipient_public,
                            "message": f"{tag} load test",
                        },
                        headers={
                            "Authorization": f"Bearer {pairs[index].sender_token}",
                            "Idempotency-Key": tag,
                        },
                    )
                    break
                except httpx.TransportError:
                    tally.retried += 1
            if resp.status_code == 201:
                tally.accepted.add(tag)
                tally.answered_at[tag] = time.perf_counter()
            else:
                tally.refused += 1

        started = tally.started = time.perf_counter()
        pending: list[asyncio.Task[None]] = []
        for n in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, started + n / rate - time.perf_counter()))
            pending.append(asyncio.create_task(send(n)))
        await asyncio.gather(*pending)
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and len({t for _, t, _ in tally.received}) < len(
            tally.accepted
        ):
            await asyncio.sleep(0.1)
    for task in listeners:
        task.cancel()
    for ws in sockets:
        await ws.close()
    return tally


async def revocation_closes(base: str, pair: Pair, runs: int) -> list[float]:
    """ms from the DELETE of an API key to the close of a socket opened with it."""
    auth = {"Authorization": f"Bearer {pair.recipient_token}"}
    ws_url = base.replace("http://", "ws://") + "/v1/realtime"
    out: list[float] = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        for _ in range(runs):
            key = (
                await client.post(
                    "/v1/auth/api-keys",
                    json={"name": "r", "scopes": ["messages:read"]},
                    headers=auth,
                )
            ).json()["data"]
            async with websockets.connect(
                ws_url, additional_headers={"Authorization": f"Bearer {key['key']}"}
            ) as ws:
                await ws.recv()
                started = time.perf_counter()
                await client.delete(f"/v1/auth/api-keys/{key['id']}", headers=auth)
                try:
                    await asyncio.wait_for(ws.wait_closed(), 10)
                except TimeoutError:
                    out.append(float("inf"))
                    continue
                out.append((time.perf_counter() - started) * 1000)
    return out


async def one_run(args: argparse.Namespace, rate: float) -> dict[str, str]:
    """One fresh server, `args.clients` sockets, `rate` writes a second: figure -> value."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "server"
        port = free_port()
        url = args.database_url or f"sqlite+aiosqlite:///{data / 'talenttui.db'}"
        proc = start(Path(tmp), port, "--data-dir", str(data), database_url=url, demo=False)
        base = f"http://127.0.0.1:{port}"
        try:
            pairs = await seed_pairs(data, url, args.clients)
            rss_start = rss_mib(proc.pid)
            peak = [rss_start]

            async def sample() -> None:
                while True:
                    peak.append(rss_mib(proc.pid))
                    await asyncio.sleep(1)

            sampler = asyncio.create_task(sample())
            began = time.perf_counter()
            tally = await run_load(base, pairs, rate, args.seconds)
            elapsed = time.perf_counter() - began
            sampler.cancel()
            rss_end = rss_mib(proc.pid)
            closes = await revocation_closes(base, pairs[0], 20)
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    by_tag: dict[str, list[int]] = {}
    latencies: list[float] = []
    after_answer: list[float] = []
    for index, tag, at in tally.received:
        by_tag.setdefault(tag, []).append(index)
        if tag in tally.sent_at and tally.sent_at[tag][0] == index:
            latencies.append((at - tally.sent_at[tag][1]) * 1000)
            if tag in tally.answered_at:
                after_answer.append((at - tally.answered_at[tag]) * 1000)
    lost = sum(1 for tag in tally.accepted if tally.sent_at[tag][0] not in by_tag.get(tag, []))
    doubled = sum(1 for tag, seen in by_tag.items() if seen.count(tally.sent_at[tag][0]) > 1)
    misrouted = sum(1 for tag, seen in by_tag.items() for i in seen if i != tally.sent_at[tag][0])
    last_answer = max(tally.answered_at.values(), default=tally.started + args.seconds)
    achieved = len(tally.accepted) / max(args.seconds, last_answer - tally.started)
    return {
        "realtime clients": str(args.clients),
        "messages sent / accepted / refused": f"{len(tally.sent_at)} / {len(tally.accepted)} / "
        f"{tally.refused}",
        "write rate asked / achieved (accepted over the time to the last answer)": f"{rate:g}/s / "
        f"{achieved:.1f}/s",
        "lost / doubled / misrouted": f"{lost} / {doubled} / {misrouted}",
        "sends retried after a dropped connection (same Idempotency-Key)": str(tally.retried),
        "delivery from the send's start, p50 / p99 / max": f"{statistics.median(latencies):.0f} / "
        f"{pct(latencies, 0.99):.0f} / {max(latencies):.0f} ms",
        "delivery after the 201 answer, p50 / p99 (negative: the frame came first)": (
            f"{statistics.median(after_answer):.0f} / {pct(after_answer, 0.99):.0f} ms"
        ),
        "server RSS start / peak / end": f"{rss_start:.0f} / {max(peak):.0f} / {rss_end:.0f} MiB",
        "revoked key's socket closed after (20 runs) p50 / max": (
            f"{statistics.median(closes):.0f} / {max(closes):.0f} ms"
        ),
        "run took": f"{elapsed:.0f} s",
    }


async def main_async(args: argparse.Namespace) -> str:
    load_before = os.getloadavg()[0]
    rates = [float(r) for r in args.rate.split(",")]
    runs = []
    for rate in rates:
        runs.append(await one_run(args, rate))
        for figure, value in runs[-1].items():
            print(f"{rate:g}/s  {figure}: {value}", flush=True)
    columns = " | ".join(f"{r:g} writes/s" for r in rates)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    rows = [f"| {figure} | " + " | ".join(run[figure] for run in runs) + " |" for figure in runs[0]]
    header = (
        f"## Realtime under load ({backend})\n\n`bench/bench_realtime.py --clients {args.clients} --rate "
        f"{args.rate} --seconds {args.seconds:g}`, {datetime.now(UTC):%Y-%m-%d}, "
        f"{os.cpu_count()} cores shared with other work (load average {load_before:.2f} at start), "
        f"{backend}, server and clients on the same machine, a fresh server for each rate.\n\n"
        f"| figure | {columns} |\n|---|{'---|' * len(rates)}\n"
    )
    return header + "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rate", default="50,20", help="writes a second; several: one run each")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--database-url", help="an empty database instead of SQLite (PostgreSQL)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    report(asyncio.run(main_async(args)), args.write)


if __name__ == "__main__":
    main()
