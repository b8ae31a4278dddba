"""Kill the server mid-triage and mid-conversation with the app open, restart it: nothing lost or doubled.

Usage: .venv/bin/python bench/bench_faults.py [--actions 15] [--messages 24] [--write]

The server runs as its own process (`talenttui server --demo --dev`, SQLite) and is
killed with SIGKILL, twice: once while Jane triages her feed in the real app (saves,
rejects and accepts with a first message; keys pressed without waiting, so requests
are in flight when it dies; the app keeps going offline into its outbox), and once
while the app shows her conversation with Sarah and Sarah writes to her over REST
(each send retried with its Idempotency-Key until the server takes it). Each time the
server is started again on the same port and data. The figures come from the server's
own database (match statuses, match actions, messages) and from what the app shows.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from talenttui.server.demo.constants import JANE_EMAIL, JANE_USER_ID
from talenttui.server.models import Match, MatchAction, Message
from talenttui.server.runner import free_port

sys.path.insert(0, str(Path(__file__).parent))
from serverproc import login, report

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from talenttui.tui.app import TalentApp

SARAH = "sarah.johnson@example.com"
SARAH_PUBLIC_ID = "user_123"
JANE_PUBLIC_ID = "user_456"


class Server:
    def __init__(self, data: Path, port: int) -> None:
        self.data, self.port = data, port
        self.proc: subprocess.Popen[bytes] | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> float:
        started = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "talenttui",
                "server",
                "--demo",
                "--dev",
                "--port",
                str(self.port),
                "--data-dir",
                str(self.data),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        while True:
            try:
                httpx.get(f"{self.url}/healthz", timeout=1)
                return time.perf_counter() - started
            except httpx.TransportError:
                time.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait()

    def db(self) -> Session:
        return Session(create_engine(f"sqlite:///{self.data / 'talenttui.db'}"))


async def sign_in_app(url: str) -> None:
    from talenttui.api.client import TalentClient
    from talenttui.api.config import ClientConfig

    client = TalentClient(ClientConfig.load(server=url))
    try:
        sent = await client.request_login_code(JANE_EMAIL)
        async with httpx.AsyncClient(base_url=url) as http:
            mails = (await http.get("/api/v1/dev/outbox", params={"email": JANE_EMAIL})).json()
        code = next(m["code"] for m in mails["records"] if m["code"])
        await client.login_with_code(JANE_EMAIL, sent.session_id, code)
    finally:
        await client.aclose()


async def until(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except Exception:
            pass
        await pilot.pause(0.1)
    return False


async def triage(
    pilot: Pilot[None], app: TalentApp, server: Server, actions: int
) -> dict[str, float]:
    from talenttui.tui.widgets.match_list import MatchList

    feed = app.screen.query_one(MatchList)
    assert await until(pilot, lambda: len(feed.matches) > 1)
    actions = min(actions, len(feed.matches) - 1)  # Jane's feed holds 19 under its default filters
    done: list[tuple[str, str, str | None]] = []  # (match id, status, first message)
    down_for = 0.0
    for step in range(actions):
        match = feed.current
        assert match is not None
        if step % 5 == 4:
            text = f"fault bench hello {step}"
            await pilot.press("a")
            await pilot.pause(0.05)
            await pilot.press(*text, "enter")
            done.append((match.id, "accepted", text))
        else:
            key, status = ("s", "saved") if step % 2 else ("r", "rejected")
            await pilot.press(key)
            done.append((match.id, status, None))
        if step == actions // 3:
            server.kill()
            killed = time.perf_counter()
        if step == 2 * actions // 3:
            await pilot.pause(0.5)
            queued_at_restart = app.queued
            server.start()
            down_for = time.perf_counter() - killed
    assert await until(pilot, lambda: app.queued == 0, timeout=120)
    await pilot.pause(1.0)
    lost = doubled = 0
    with server.db() as db:
        for public_id, status, first in done:
            row = db.scalars(select(Match).where(Match.public_id == public_id)).one()
            lost += row.status != status
            actions_taken = db.scalar(
                select(func.count())
                .select_from(MatchAction)
                .where(MatchAction.match_id == row.id, MatchAction.status == status)
            )
            doubled += (actions_taken or 0) > 1
            if first is not None:
                sent = db.scalar(
                    select(func.count())
                    .select_from(Message)
                    .where(Message.sender_id == JANE_USER_ID, Message.body == first)
                )
                lost += sent == 0
                doubled += (sent or 0) > 1
    return {
        "actions": len(done),
        "queued": queued_at_restart,
        "lost": lost,
        "doubled": doubled,
        "down": down_for,
    }


async def conversation(
    pilot: Pilot[None], app: TalentApp, server: Server, count: int
) -> dict[str, int]:
    from talenttui.tui.panes.conversations import ConversationsPane
    from talenttui.tui.widgets.message_log import MessageLog

    await pilot.press("2")
    pane = app.screen.query_one(ConversationsPane)
    assert await until(pilot, lambda: bool(pane.conversations))
    index = next(
        i
        for i, c in enumerate(pane.conversations)
        if any(p.id == SARAH_PUBLIC_ID for p in c.participants)
    )
    await pilot.press(*["j"] * (index + 1))
    assert await until(pilot, lambda: pane.open_id is not None)
    sarah = await asyncio.to_thread(login, server.url, SARAH)
    texts = [f"fault bench message {n:03d}" for n in range(count)]

    def restart_later() -> None:
        time.sleep(2)
        server.start()

    async def write_all() -> int:
        retries = 0
        restarting: asyncio.Future[None] | None = None
        async with httpx.AsyncClient(base_url=server.url, timeout=5) as http:
            for n, text in enumerate(texts):
                if n == count // 3:
                    server.kill()  # the sends go on, and fail, until it is back
                    restarting = asyncio.ensure_future(asyncio.to_thread(restart_later))
                while True:
                    try:
                        resp = await http.post(
                            "/v1/messages",
                            json={"recipient_id": JANE_PUBLIC_ID, "message": text},
                            headers={
                                "Authorization": f"Bearer {sarah}",
                                "Idempotency-Key": f"fault-{n}",
                            },
                        )
                        if resp.status_code == 201:
                            break
                    except httpx.TransportError:
                        pass
                    retries += 1
                    await asyncio.sleep(0.2)
                await asyncio.sleep(0.25)
        if restarting is not None:
            await restarting
        return retries

    retries = await write_all()
    log = pane.query_one(MessageLog)  # a line view: the messages' text, one line each here
    await until(pilot, lambda: set(texts) <= {line.strip() for line in log.plain_lines()}, 60)
    on_screen = [t for line in log.plain_lines() for t in texts if line.strip() == t]
    with server.db() as db:
        stored = list(db.scalars(select(Message.body).where(Message.body.in_(texts))))
    lost = len(set(texts) - set(stored)) + len(set(texts) - set(on_screen))
    doubled = (len(stored) - len(set(stored))) + (len(on_screen) - len(set(on_screen)))
    return {
        "messages": count,
        "retries": retries,
        "lost": lost,
        "doubled": doubled,
        "stored": len(stored),
        "shown": len(on_screen),
    }


async def main_async(args: argparse.Namespace) -> str:
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TALENTTUI_HOME"] = str(Path(tmp) / "home")
        server = Server(Path(tmp) / "server", free_port())
        first_start = server.start()
        from talenttui.api.config import ClientConfig
        from talenttui.tui.app import TalentApp

        await sign_in_app(server.url)
        app = TalentApp(ClientConfig.load(server=server.url))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                feed = await triage(pilot, app, server, args.actions)
                talk = await conversation(pilot, app, server, args.messages)
        finally:
            server.kill()
    rows = [
        f"| triage: actions made / queued while down / lost / doubled | {feed['actions']} / "
        f"{feed['queued']} / {feed['lost']} / {feed['doubled']} |",
        f"| triage: server down for | {feed['down']:.1f} s |",
        f"| conversation: messages sent / stored / shown by the app | {talk['messages']} / "
        f"{talk['stored']} / {talk['shown']} |",
        f"| conversation: lost / doubled (server and screen) | {talk['lost']} / {talk['doubled']} |",
        f"| conversation: sends retried while the server was down | {talk['retries']} |",
        f"| server start (demo data seeded) | {first_start:.1f} s |",
    ]
    for row in rows:
        print(row, flush=True)
    header = (
        f"## Faults: server killed with the app open\n\n`bench/bench_faults.py --actions "
        f"{args.actions} --messages {args.messages}`, {datetime.now(UTC):%Y-%m-%d}, "
        f"{os.cpu_count()} cores shared with other work (load average {load_before:.2f} at "
        "start), SQLite, SIGKILL then restart on the same port and data.\n\n"
        "| figure | value |\n|---|---|\n"
    )
    return header + "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=15)
    parser.add_argument("--messages", type=int, default=24)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    report(asyncio.run(main_async(args)), args.write)


if __name__ == "__main__":
    main()
