"""Chat latency: a message typed in one app, painted in the other's open conversation, beside
a raw WebSocket on the same path; and key-to-screen in a 10,000-message conversation.

Usage: .venv/bin/python bench/bench_chat.py [--messages 200] [--split] [--write]

1. Baseline. The server runs as its own process (`talenttui server --demo --dev`,
   SQLite, loopback); both demo users are put on the `custom` plan first, so the rate
   limit (60 a minute on the free plan) does not pace the run, and signed in by a client,
   each in a home of their own. The POST made directly with httpx as Sarah, and the frame
   read from a raw WebSocket on `/v1/realtime` as Jane: the server's part of the path
   without either app.
2. App to app, as people run it: Sarah's and Jane's apps as two `talenttui --server URL`
   processes (from compiled bytecode, as in `bench_startup.py`), each in a 120x40 window
   of one tmux server of the bench's own, each with the conversation open (Messages,
   the newest conversation, enter: the composer focused). A tmux control-mode client
   (``bench_terminal_keys.Control``) types each message into Sarah's pane (`send-keys
   -l`), waits until both panes are quiet (Jane shows "Sarah Johnson is typing…"), and
   sends Enter: the clock runs from sending Enter to the last byte of Jane's pane's
   repaint that shows the message (its unique marker on her screen, and then 80 ms
   without a byte, as ``bench_terminal_keys.py`` waits). That covers Sarah's key, her
   outbox's commit, the POST, the server's transaction and frame, Jane's realtime
   client, her pane and log, her screen update, and tmux reading it from the terminal.
   One message at a time; the first 10 are a warm-up. CPU per message is each app's
   process CPU time from Enter until both panes are quiet again.
3. ``--split``: the same again with both apps run by ``bench/chat_probe.py``, which
   stamps each step of the way with the system's monotonic clock (Sarah's key, composer,
   outbox commit, POST leaving; Jane's frame, pane, log, screen update): the median time
   of each after Enter.
4. Key-to-screen in a 10,000-message conversation: the real ``MessageLog`` and
   ``Composer`` in a headless app, the composer focused; ``pgup``/``pgdn`` (history), a
   typed letter, and a new message arriving (put in the log), each 33 ms after the last
   one's frame (a key repeat's pace), from the key (or the arrival) to the next finished
   screen update, as ``bench_feed_keys.py`` measures, with the event loop thread's CPU
   time over the same span (the composer's cursor does not blink: its frames would be
   taken for a key's). The
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
import shutil
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bench_terminal_keys as terminal
import httpx
import websockets
from bench_startup import compile_sources, percentile
from bench_terminal_keys import QUIET, REPEAT, Control, cpu_seconds, window
from results_file import write_section
from serverproc import start, stop
from textual.app import App, ComposeResult

from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.api.endpoints import dev
from talenttui.paths import Paths
from talenttui.server.runner import free_port
from talenttui.tui.chat import ChatMessage
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.widgets.composer import Composer
from talenttui.tui.widgets.message_log import MessageLog

HERE = Path(__file__).parent
terminal.SOCKET = f"talenttui-bench-chat-{os.getpid()}"
"""A tmux server of this run's own (``Control`` and ``window`` use the module's names)."""
terminal.SESSION = "chat"
SECTION = "## Chat"
SARAH, JANE, JANE_ID = "sarah.johnson@example.com", "jane.doe@acme.example", "user_456"
WARMUP = 10
BURST = 0.005
"""Chunks of one repaint come closer together than this (a frame is one write)."""
READING = """Reading it: the goal (app to app p50 ≤ 20 ms, p99 ≤ 50 ms) is not met. The apps
now run as people run them (two processes in tmux; the figure used to be two headless apps
in this script's one event loop, each waiting on the other's rendering: 53 ms p50 on a
quiet machine, not comparable with this one, which also counts tmux and the terminal
output). `--split` says where the time goes (median after enter, 2026-12-01, load about
2): Sarah's key reaches the composer in 3 ms; the outbox's commit itself takes 0.6 ms in
its thread, but the POST leaves only at 15 ms, because the event loop meanwhile paints
Sarah's cleared composer (8 ms of CPU for that frame); the server's part to Jane's frame is
the raw path's 15 ms; Jane's event reaches the log 2 ms later; her one frame (the list's
row, the log, its scrollbar) takes 10-20 ms to render, and tmux has it 6 ms after. What
changed (issue #11): an arrival is one frame, not two (the log's new extent laid out the
screen, and its scrollbar was repainted in a frame of its own 25-35 ms later), and the
typing line no longer lays out the screen; the read mark's request goes after that frame;
the log keeps each drawn line until it is laid out again (an arrival scrolls a few lines
and the rest are not drawn again) and draws a line as one padded strip. The "quiet" row
counts Jane's follow-ups: the status bar's rate figure after the read mark's answer and
the composer's cursor blink. In the 10,000-message log, keys are now sent 33 ms apart (a
key repeat's pace): back to back, each waited for Textual's 60 fps timer (up to 16.7 ms)
after the frame before, which the old figures counted. A page key costs 8 ms of CPU, of
which the log's own lines are a small part: Textual's styles and compositor for the log's
37 lines and the scrollbar's 37 are most of it."""


def figures(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} | {percentile(values, 0.99):.1f} | {max(values):.1f}"


async def sign_in(base: str, email: str, home: Path) -> str:
    """``email`` signed in in ``home`` (as ``TALENTTUI_HOME``), by a client: its token."""
    config = ClientConfig.load(
        server=base, paths=Paths(home / "config", home / "data", home / "cache")
    )
    client = TalentClient(config)
    try:
        sent = await client.request_login_code(email)
        code = (await client.send(dev.dev_outbox(email))).latest_code()
        assert code is not None, f"no code in the dev outbox for {email}"
        await client.login_with_code(email, sent.session_id, code)
        creds = client.credentials.current
        assert creds is not None and creds.token is not None
        return creds.token
    finally:
        await client.aclose()


def wait_quiet(control: Control, panes: list[str], since: float) -> None:
    """Until every pane has written nothing for ``QUIET`` seconds (counted from ``since``
    at the earliest)."""
    while True:
        time.sleep(0.002)
        now = time.perf_counter()
        if all(now - max(control.last_output(pane), since) >= QUIET for pane in panes):
            return


class PaneTap:
    """What a pane writes, as tmux reads it from the app (``pipe-pane`` into a FIFO), in
    chunks stamped as they come: where ``Control`` says when a pane wrote, this says what."""

    def __init__(self, pane: str, fifo: Path) -> None:
        os.mkfifo(fifo)
        self.chunks: list[tuple[float, bytes]] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._read, args=(fifo,), daemon=True).start()
        terminal.tmux("pipe-pane", "-O", "-t", pane, f"exec cat > {fifo}")

    def _read(self, fifo: Path) -> None:
        with fifo.open("rb", buffering=0) as pipe:
            while chunk := pipe.read(1 << 16):
                now = time.perf_counter()
                with self._lock:
                    self.chunks.append((now, chunk))

    def repaint(self, marker: bytes, since: float) -> float | None:
        """When the last byte of the repaint that wrote ``marker`` after ``since`` came (its
        chunks follow each other less than ``BURST`` apart); None until it is over."""
        with self._lock:
            chunks = [(at, data) for at, data in self.chunks if at >= since]
        written = b""
        for index, (at, data) in enumerate(chunks):
            written = written[-len(marker) :] + data
            if marker in written:
                end = at
                for later, _ in chunks[index + 1 :]:
                    if later - end >= BURST:
                        return end
                    end = later
                return end if time.perf_counter() - end >= BURST else None
        return None


def painted(control: Control, tap: PaneTap, pane: str, marker: str, started: float) -> Shown:
    """Seconds from ``started`` to the last byte of ``pane``'s repaint that shows
    ``marker``, and to its last byte before ``QUIET`` of silence; None after 10 s."""
    shown = None
    while time.perf_counter() - started < 10:
        time.sleep(0.002)
        if shown is None:
            shown = tap.repaint(marker.encode(), started)
            continue
        last = control.last_output(pane)
        if time.perf_counter() - last >= QUIET:
            return shown - started, max(last, shown) - started
    return None


Shown = tuple[float, float] | None


def open_chat(pane: str, shown: str) -> None:
    """Messages (``2``), the first conversation (Sarah and Jane's, the newest) opened with
    the composer focused; until ``shown`` (its newest message) is on screen."""
    deadline = time.monotonic() + 60
    while "enter to write" not in terminal.tmux("capture-pane", "-p", "-t", pane):
        if time.monotonic() > deadline:
            raise TimeoutError("the Messages tab did not show")
        terminal.tmux("send-keys", "-t", pane, "2")
        time.sleep(0.5)
    pressed = 0.0
    while terminal.tmux("capture-pane", "-p", "-t", pane).count(shown) < 2:  # list and log
        if time.monotonic() > deadline:
            screen = terminal.tmux("capture-pane", "-p", "-t", pane)
            raise TimeoutError(f"the conversation did not open:\n{screen}")
        if time.monotonic() - pressed > 3:  # again if the list was not loaded yet
            terminal.tmux("send-keys", "-t", pane, "j", "Enter")
            pressed = time.monotonic()
        time.sleep(0.1)
    time.sleep(1.0)  # its read mark, the other's "read"


Stamps = list[tuple[str, float]]


def read_stamps(path: Path) -> Stamps:
    if not path.exists():
        return []
    return [(step, float(at)) for step, at in (line.split() for line in path.open())]


def app_to_app(base: str, homes: dict[str, Path], count: int, last_raw: str,
               probe: Path | None) -> Measured:  # fmt: skip
    """Sarah's and Jane's apps in two windows; each message typed in Sarah's, then enter:
    the seconds to the last byte of Jane's repaint that shows it, and the send times."""
    env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}
    panes: dict[str, tuple[str, int]] = {}
    for first, name in enumerate(("jane", "sarah")):
        if probe is None:
            command = f"{sys.executable} -m talenttui --server {base}"
        else:
            command = f"{sys.executable} {HERE / 'chat_probe.py'} {probe / name} --server {base}"
        panes[name] = window(command, {**env, "TALENTTUI_HOME": str(homes[name])}, first == 0)
    try:
        for pane, _pid in panes.values():
            open_chat(pane, last_raw)
        control = Control()
        try:
            fifo = homes["jane"].parent / ("tap-probed" if probe else "tap")
            return send_all(control, panes, count, fifo)
        finally:
            control.close()
    finally:
        terminal.tmux("kill-server")
        time.sleep(1.0)  # a new server on the socket right away may find this one exiting


Measured = tuple[list[float], list[float], list[float], dict[str, float]]
"""Enter to the last byte of Jane's repaint showing the message, and to her pane's quiet
(ms); when each enter was sent; CPU per message by app (ms)."""


def send_all(
    control: Control, panes: dict[str, tuple[str, int]], count: int, fifo: Path
) -> Measured:
    sarah, jane = panes["sarah"][0], panes["jane"][0]
    tap = PaneTap(jane, fifo)
    latencies: list[float] = []
    quiet: list[float] = []
    sent: list[float] = []
    busy = dict.fromkeys(panes, 0.0)
    wait_quiet(control, [sarah, jane], time.perf_counter())
    for n in range(count + WARMUP):
        marker = f"m{n:04d}x{secrets.token_hex(4)}"
        control.send(f"send-keys -t {sarah} -l 'bench {marker}'")
        wait_quiet(control, [sarah, jane], time.perf_counter())  # typed; Jane sees "typing"
        cpu = {name: cpu_seconds(pid) for name, (_, pid) in panes.items()}
        started = time.perf_counter()
        control.send(f"send-keys -t {sarah} Enter")
        elapsed = painted(control, tap, jane, marker, started)
        wait_quiet(control, [sarah, jane], started)
        if elapsed is None:
            raise RuntimeError(f"message {n} did not show in Jane's app")
        if n >= WARMUP:
            latencies.append(elapsed[0] * 1000)
            quiet.append(elapsed[1] * 1000)
            sent.append(started)
            for name, (_, pid) in panes.items():
                busy[name] += (cpu_seconds(pid) - cpu[name]) * 1000 / count
    return latencies, quiet, sent, busy


SARAH_STEPS = ("key", "composer", "stored", "post")
JANE_STEPS = ("frame", "pane", "log", "display")


def split(probe: Path, sent: list[float], latencies: list[float]) -> list[str]:
    """Median time of each step after enter, and from the step before (table rows)."""
    stamps = {name: read_stamps(probe / name) for name in ("sarah", "jane")}
    steps = [("sarah", s) for s in SARAH_STEPS] + [("jane", s) for s in JANE_STEPS]
    since_enter: dict[str, list[float]] = {step: [] for _, step in steps}
    since_enter["answer"] = []
    for started, total in zip(sent, latencies, strict=True):
        at = started
        for app, step in steps:
            at = next(t for s, t in stamps[app] if s == step and t >= at)
            since_enter[step].append((at - started) * 1000)
        post = started + since_enter["post"][-1] / 1000
        answer = next(t for s, t in stamps["sarah"] if s == "answer" and t >= post)
        since_enter["answer"].append((answer - started) * 1000)
        since_enter.setdefault("repaint's last byte", []).append(total)
    rows = []
    before = 0.0
    for step in (*SARAH_STEPS, *JANE_STEPS, "repaint's last byte"):
        median = statistics.median(since_enter[step])
        rows.append(f"| {step} | {median:.1f} | {median - before:+.1f} |")
        before = median
    rows.append(f"| answer (Sarah's) | {statistics.median(since_enter['answer']):.1f} | |")
    return rows


async def raw_path(base: str, count: int, sarah: str, jane: str) -> tuple[list[float], str]:
    """The POST as Sarah and the frame on Jane's socket, each message after the last's
    frame: the latencies, and the last message's text."""
    url = base.replace("http://", "ws://") + "/v1/realtime"
    latencies: list[float] = []
    tag = ""
    async with (
        websockets.connect(url, additional_headers={"Authorization": f"Bearer {jane}"}) as ws,
        httpx.AsyncClient(base_url=base, headers={"Authorization": f"Bearer {sarah}"}) as http,
    ):
        await ws.recv()  # session.ready
        for n in range(count + WARMUP):
            tag = f"raw{n:04d}x{secrets.token_hex(4)}"
            started = time.perf_counter()
            sent = await http.post("/v1/messages", json={"recipient_id": JANE_ID, "message": tag})
            sent.raise_for_status()
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("data", {}).get("message") == tag:
                    break
            if n >= WARMUP:
                latencies.append((time.perf_counter() - started) * 1000)
    return latencies, tag


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
    """Key (or arrival) to the next frame, ms, by group; and ``<group> cpu``: the event
    loop thread's CPU time over the same span."""
    app = LogApp()
    messages = conversation(count)
    frames: list[tuple[float, float]] = []
    out: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            frames.append((time.perf_counter(), time.thread_time()))

        app._display = display  # type: ignore[method-assign]
        log = app.query_one(MessageLog)
        log.show(messages, {"her": "Jane Doe"}, "me")
        settle_loaded_rows()  # as the conversation view does after each page it loads
        composer = app.query_one(Composer)
        composer.cursor_blink = False  # its frames would be taken for a key's
        composer.focus()
        await pilot.pause(0.2)

        async def timed(group: str, cycle: int, act: Any) -> None:
            await asyncio.sleep(REPEAT)  # a key repeat's pace: each key after a frame's time
            seen = len(frames)
            started, cpu = time.perf_counter(), time.thread_time()
            await act()
            while len(frames) == seen:
                await asyncio.sleep(0)
            if cycle:
                out.setdefault(group, []).append((frames[seen][0] - started) * 1000)
                out.setdefault(f"{group} cpu", []).append((frames[seen][1] - cpu) * 1000)

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


def chat(args: argparse.Namespace, root: Path) -> tuple[list[float], Measured, list[str]]:
    """The server, both people signed in; the raw path, then the apps (and the split)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start(root / "server", port)
    try:
        custom_plans(root / "server")
        homes = {"sarah": root / "sarah", "jane": root / "jane"}
        sarah = asyncio.run(sign_in(base, SARAH, homes["sarah"]))
        jane = asyncio.run(sign_in(base, JANE, homes["jane"]))
        raw, last = asyncio.run(raw_path(base, args.messages, sarah, jane))
        apps = app_to_app(base, homes, args.messages, last, None)
        steps: list[str] = []
        if args.split:
            probe = root / "probe"
            probe.mkdir()
            probed = app_to_app(
                base, homes, args.messages, f"bench m{args.messages + WARMUP - 1:04d}x", probe
            )
            steps = split(probe, probed[2], probed[0])
        return raw, apps, steps
    finally:
        stop(proc)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--split", action="store_true", help="time each step (again, probed)")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    compile_sources()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        raw, (apps, quiet, _sent, cpu), steps = chat(args, Path(tmp))
    keys = asyncio.run(log_keys(10_000, args.cycles))
    loads = ", ".join(f"{x:.2f}" for x in (*load, *os.getloadavg()))
    table = [
        "| path | n | p50 ms | p99 ms | max ms |",
        "|---|---|---|---|---|",
        f"| raw: httpx POST → WebSocket frame (baseline) | {len(raw)} | {figures(raw)} |",
        f"| app → app: enter in Sarah's pane → Jane's repaint showing it | {len(apps)}"
        f" | {figures(apps)} |",
        f"| … → Jane's pane quiet for 80 ms (her follow-ups too) | {len(quiet)}"
        f" | {figures(quiet)} |",
        "",
        "| 10,000 messages, to the next frame | n | p50 ms | p99 ms | max ms"
        " | loop CPU p50 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for group, label in (("history", "pgup/pgdn"), ("letter", "a letter typed"),
                         ("arrival", "one arriving")):  # fmt: skip
        values, cpu_ms = keys[group], keys[f"{group} cpu"]
        table.append(
            f"| {label} | {len(values)} | {figures(values)} | {statistics.median(cpu_ms):.1f}"
            f" | {percentile(cpu_ms, 0.99):.1f} |"
        )
    ratio = statistics.median(apps) / statistics.median(raw)
    summary = (
        f"App to app p50 is {ratio:.1f}x the raw path's p50 (goal: p50 ≤ 20 ms, p99 ≤ 50 ms). "
        f"CPU per message, enter to both panes quiet: Sarah's app {cpu['sarah']:.1f} ms, "
        f"Jane's {cpu['jane']:.1f} ms."
    )
    if steps:
        steps = [
            "| step (`--split`, probed apps) | median ms after enter | from the step before |",
            "|---|---|---|",
            *steps,
        ]
    print("\n".join(table))
    print(summary)
    print("\n".join(steps))
    print(f"load average (1, 5, 15 min) before, after: {loads}")
    if args.write:
        section = (
            f"{SECTION}\n\n"
            f"`.venv/bin/python bench/bench_chat.py --messages {args.messages} --write`, "
            f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average (1, 5, 15 min) before and after: "
            f"{loads}; what each row measures is in the script's docstring.\n\n"
            + "\n".join(table)
            + f"\n\n{summary}\n\n"
            + ("\n".join(steps) + "\n\n" if steps else "")
            + f"{READING}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
