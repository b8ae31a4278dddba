"""Chat latency: a message typed in one app, painted in the other's open conversation, beside
a raw WebSocket on the same path; and key-to-screen in a 10,000-message conversation.

Usage: .venv/bin/python bench/bench_chat.py [--messages 200] [--write]

1. App to app. The server runs as its own process (`talenttui server --demo --dev`,
   SQLite, loopback); both demo users are put on the `custom` plan first, so the rate limit
   (60 a minute on the free plan) does not pace the run. Sarah's app and Jane's app
   (real ``TalentApp`` s, headless 120x40, each with its own home) run in this process,
   both with their conversation open. For each message the text is put in Sarah's
   composer and the clock starts as ``enter`` is handed to her app; it stops when Jane's
   app hands its next finished screen update to its output (``App._display``) after her
   message log was given the message. That covers the outbox (a SQLite commit), the POST,
   the server's transaction and realtime frame, Jane's realtime client, the event's way
   through her shell and pane, the log's layout and the compositor. One message at a
   time; the first 10 are a warm-up.
2. Baseline, measured in the same run: the same POST made directly with httpx as Sarah,
   and the frame read from a raw WebSocket on `/v1/realtime` as Jane: the server's part
   of the path without either app.
3. Key-to-screen in a 10,000-message conversation: the real ``MessageLog`` and
   ``Composer`` in a headless app, the composer focused; ``pgup``/``pgdn`` (history), a
   typed letter, and a new message arriving (put in the log), from the key (or the
   arrival) to the next finished screen update, as ``bench_feed_keys.py`` measures. The
   10,000 messages are frozen out of the collector's full passes once shown, as the
   conversation view does after each page it loads (``tui/gc_policy.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import websockets
from results_file import write_section
from textual.app import App, ComposeResult

from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.paths import Paths
from talenttui.server.runner import free_port
from talenttui.tui.app import TalentApp
from talenttui.tui.chat import ChatMessage
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.widgets.composer import Composer
from talenttui.tui.widgets.message_log import MessageLog

sys.path.insert(0, str(Path(__file__).parent))
from serverproc import start, stop

SECTION = "## Chat"
SARAH, JANE, JANE_ID = "sarah.johnson@example.com", "jane.doe@acme.example", "user_456"
WARMUP = 10
READING = """Reading it: the goal (app to app p50 ≤ 20 ms, p99 ≤ 50 ms) is still not met, on a
machine shared with other engineers' runs (load average above). What changed (issue #11,
the last figures were p50 314 ms, p99 1051 ms at load 4.3): the outbox commits once
before the POST (the entry; the try is counted with its outcome in the one commit after
the answer, and the file is in WAL mode: a rollback-journal commit took up to 17 ms
here), and no read of the file stands between that commit and the request; both lists
move the conversation's row from the realtime event instead of refetching the list; the
reader's read mark is a one-message read of the conversation, not the newest page again;
the app's status figures no longer repaint the whole screen on every request (they were
reactives on the app); the typing line is not laid out again when it is already empty.
A probe of 30 sends (load about 3.5) split the rest: enter to the POST leaving Sarah's
app 31 ms (the key, her log showing "sending", the entry's commit in a thread), the POST
and Jane's frame about 50 ms (the raw path's own 17-22 ms, plus the event loop that
both apps and this script share, busy painting), the frame to the log 10 ms, and the log
to Jane's next frame 45 ms: a screen update waits for Textual's 60 fps timer (up to
16.7 ms) and then renders behind Sarah's. Most of what is left is rendering in one
process for two apps; in separate processes (as people run them) the apps do not wait
for each other. In the 10,000-message log, a full garbage collection of the app's heap
took 300-480 ms here and was most of the keys' p99: pages are now frozen out of it after
they load, as the feed's rows are; a page key costs about 8 ms of CPU, a letter 4 ms and
an arrival 8 ms (measured with the thread's CPU clock), the rest of the wall time is the
60 fps timer and the machine's load (it rose to 7 during this run): the p99s above are
still over 16.7 ms here (they were 153, 62 and 246 ms). An arrival lays out only its own
lines (the first one after a long conversation opened laid out all 10,000 again: the
scrollbar took a column after the first layout, which also cut the widest lines' last
cell)."""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def figures(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} | {percentile(values, 0.99):.1f} | {max(values):.1f}"


def code_for(base: str, email: str) -> str:
    mails = httpx.get(f"{base}/api/v1/dev/outbox", params={"email": email}).json()["records"]
    return str([m["code"] for m in mails if m["code"]][-1])


async def app_for(base: str, email: str, home: Path) -> TalentApp:
    config = ClientConfig.load(
        server=base, paths=Paths(home / "config", home / "data", home / "cache")
    )
    client = TalentClient(config)
    sent = await client.request_login_code(email)
    await client.login_with_code(email, sent.session_id, code_for(base, email))
    await client.aclose()
    return TalentApp(config)


async def settle(pilot: Any, condition: Any) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError("timed out")
        await pilot.pause(0.02)


async def open_chat(pilot: Any) -> ConversationsPane:
    app = pilot.app
    await settle(pilot, lambda: app.connection == "online")
    await pilot.press("2")
    pane: ConversationsPane = app.screen.query_one(ConversationsPane)
    await settle(pilot, lambda: bool(pane.conversations))
    await pilot.press("j", "enter")
    await settle(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
    return pane


def token(app: TalentApp) -> str:
    creds = app.credentials.current
    assert creds is not None and creds.token is not None
    return creds.token


async def both_paths(base: str, count: int, home: Path) -> tuple[list[float], list[float]]:
    """The raw path, then the apps', with the same two logins (the OTP resend cooldown)."""
    sarah = await app_for(base, SARAH, home / "sarah")
    jane = await app_for(base, JANE, home / "jane")
    raw = await raw_path(base, count, token(sarah), token(jane))
    return raw, await app_to_app(sarah, jane, count)


async def app_to_app(sarah: TalentApp, jane: TalentApp, count: int) -> list[float]:
    latencies: list[float] = []
    async with sarah.run_test(size=(120, 40)) as sp, jane.run_test(size=(120, 40)) as jp:
        sending = await open_chat(sp)
        reading = await open_chat(jp)
        frames: list[float] = []
        arrived: dict[str, int] = {}
        original_display = jane._display
        log = reading.view.messages
        original_show = log.show

        def display(screen: Any, renderable: Any) -> None:
            frames.append(time.perf_counter())
            original_display(screen, renderable)

        def show(messages: Any, *args: Any, **kwargs: Any) -> None:
            original_show(messages, *args, **kwargs)
            for message in messages[-3:]:
                arrived.setdefault(message.text, len(frames))

        jane._display = display  # type: ignore[method-assign]
        log.show = show  # type: ignore[method-assign]
        composer = sending.view.composer
        for n in range(count + WARMUP):
            tag = f"bench {n:04d} {secrets.token_hex(4)}"
            composer.load_text(tag)
            started = time.perf_counter()
            await sp.press("enter")
            await settle(jp, lambda: tag in arrived and len(frames) > arrived[tag])  # noqa: B023
            if n >= WARMUP:
                latencies.append((frames[arrived[tag]] - started) * 1000)
    return latencies


async def raw_path(base: str, count: int, sarah: str, jane: str) -> list[float]:
    url = base.replace("http://", "ws://") + "/v1/realtime"
    latencies: list[float] = []
    async with (
        websockets.connect(url, additional_headers={"Authorization": f"Bearer {jane}"}) as ws,
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {sarah}"}) as http,
    ):
        await ws.recv()  # session.ready
        for n in range(count + WARMUP):
            tag = f"raw {n:04d} {secrets.token_hex(4)}"
            started = time.perf_counter()
            sent = await http.post("/v1/messages", json={"recipient_id": JANE_ID, "message": tag})
            sent.raise_for_status()
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("data", {}).get("message") == tag:
                    break
            if n >= WARMUP:
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies


class LogApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MessageLog(id="log")
        yield Composer(id="composer")

    def on_composer_history(self, event: Composer.History) -> None:
        self.query_one(MessageLog).scroll_page(event.step)


def conversation(count: int) -> list[ChatMessage]:
    return [
        ChatMessage(
            key=f"msg_{n:06d}",
            sender_id="me" if n % 3 else "her",
            text=f"Message {n}: " + "words that wrap over the width of the view " * (1 + n % 3),
            created_at=f"2026-{1 + n // 2000:02d}-{1 + n % 28:02d}T10:{n % 60:02d}:00Z",
            state="read" if n % 3 else "",
        )
        for n in range(count)
    ]


async def log_keys(count: int, cycles: int) -> dict[str, list[float]]:
    app = LogApp()
    messages = conversation(count)
    frames: list[float] = []
    out: dict[str, list[float]] = {"history": [], "letter": [], "arrival": []}
    async with app.run_test(size=(120, 40)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            frames.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        log = app.query_one(MessageLog)
        log.show(messages, {"her": "Jane Doe"}, "me")
        settle_loaded_rows()  # as the conversation view does after each page it loads
        app.query_one(Composer).focus()
        await pilot.pause(0.2)

        async def timed(group: str, cycle: int, act: Any) -> None:
            seen = len(frames)
            started = time.perf_counter()
            await act()
            while len(frames) == seen:
                await asyncio.sleep(0)
            if cycle:
                out[group].append((frames[seen] - started) * 1000)

        for cycle in range(cycles + 1):
            for key in ("pageup",) * 10 + ("pagedown",) * 10:
                await timed("history", cycle, lambda k=key: pilot.press(k))
            for _ in range(20):
                await timed("letter", cycle, lambda: pilot.press("x"))
            for n in range(5):
                new = ChatMessage(key=f"new_{cycle}_{n}", sender_id="her", text=f"new {n}")
                messages.append(new)

                async def arrive() -> None:
                    log.show(messages, {"her": "Jane Doe"}, "me")

                await timed("arrival", cycle, arrive)
    gc.unfreeze()
    return out


def custom_plans(data_dir: Path) -> None:
    """Both demo users on the unlimited plan: Jane's organization, and one made for Sarah
    (a candidate has none, and so the free plan's 60 requests a minute)."""
    db = sqlite3.connect(data_dir / "data" / "server" / "talenttui.db")
    with db:
        made = db.execute(
            "INSERT INTO organizations (name, plan, created_at) VALUES ('bench', 'custom', ?)",
            (datetime.now(UTC).replace(tzinfo=None).isoformat(" "),),
        )
        db.execute(
            "UPDATE users SET org_id = ? WHERE email = ? AND org_id IS NULL",
            (made.lastrowid, SARAH),
        )
        db.execute(
            "UPDATE organizations SET plan = 'custom' WHERE id IN"
            " (SELECT org_id FROM users WHERE email IN (?, ?))",
            (SARAH, JANE),
        )
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start(root / "server", port)
        try:
            custom_plans(root / "server")
            raw, apps = asyncio.run(both_paths(base, args.messages, root))
        finally:
            stop(proc)
    keys = asyncio.run(log_keys(10_000, args.cycles))
    table = [
        "| path | n | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|",
        f"| raw: httpx POST → WebSocket frame (baseline) | {len(raw)} | {figures(raw)} |",
        f"| app → app: enter in Sarah's app → painted in Jane's | {len(apps)} | {figures(apps)} |",
        f"| 10,000 messages: pgup/pgdn | {len(keys['history'])} | {figures(keys['history'])} |",
        f"| 10,000 messages: a letter typed | {len(keys['letter'])} | {figures(keys['letter'])} |",
        f"| 10,000 messages: one arriving | {len(keys['arrival'])} | {figures(keys['arrival'])} |",
    ]
    ratio = statistics.median(apps) / statistics.median(raw)
    summary = f"App to app p50 is {ratio:.1f}x the raw path's p50."
    print("\n".join(table))
    print(summary)
    if args.write:
        section = (
            f"{SECTION}\n\n"
            f"`.venv/bin/python bench/bench_chat.py --messages {args.messages} --write`, "
            f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average {load:.2f} at start; what each row "
            "measures is in the script's docstring.\n\n"
            + "\n".join(table)
            + f"\n\n{summary}\n\n{READING}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
