"""A key in a real terminal: talenttui's feed against a DataTable, to the last byte on screen.

Usage: .venv/bin/python bench/bench_terminal_keys.py [--keys 200] [--rows 1000] [--write]

What is measured: both apps run in one tmux server (a socket of the bench's own), each in
a 120x40 window; a tmux control-mode client sends the keys (`send-keys`) and receives
every byte each pane writes (`%output`), stamped as it arrives. Keys alternate between
the apps (one to talenttui, one to the DataTable, ...), cycles of 30 `Down` then 30 `Up`,
and after each key the bench waits until that pane has been quiet for 80 ms: the figure
is the time from sending the key to the last byte of the repaint it caused, so a frame
that comes late (a detail pane drawn after the cursor) counts for its key and not the
next. CPU per key is each process's CPU time (utime + stime from /proc) over its keys,
less what it spends idle over as long (measured before the keys, once each app spends
at most a clock tick a second: work left from loading the feed, read as idle, took
about 3 ms off each of talenttui's keys; the rates are printed). The cycles walk the
same 31 rows, so the feed's detail pane has each match's lines rendered after the
first cycle (a first visit renders them, `bench_feed_detail.py`).

Then the same keys held: to each app in turn, bursts of the cycle's 60 keys 33 ms apart
(a terminal's key repeat), then 80 ms of quiet; the figure per key is the time from
sending it to the pane's first byte after it (the frame showing the cursor's move; the
feed's detail pane follows once the cursor rests), CPU per key the burst's over its keys.

- talenttui: `talenttui --server URL` signed in as Jane, on the Matches tab, against a
  `talenttui server --demo` of its own, big enough to have `--rows` candidates, in which
  Jane gets a match with each (one of her demo matches copied, with a new id and that
  candidate, in its database before the server starts again for the run); the
  bench presses `G` until the feed has loaded them all (a page of 100 each time the
  cursor nears the end), then `g`; the feed's default filter (score 60 or more) leaves
  out a few of Jane's demo matches, so it holds a little under `--rows`.
- baseline: `bench/datatable_app.py`, Textual's `DataTable` with as many rows (the
  reference a Textual user knows: a cursor row and nothing beside it).

Both run from compiled bytecode, as in `bench_startup.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import os
import re
import select
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import serverproc
from bench_startup import FEED_MARKER, USER, compile_sources, percentile, sign_in
from results_file import write_section

from talenttui.server.demo.skillsync_seed import CANDIDATES_PER_SIZE
from talenttui.server.runner import free_port

HERE = Path(__file__).parent
SOCKET = "talenttui-bench-keys"
SESSION = "keys"
QUIET = 0.08
REPEAT = 0.033
CYCLE = ("Down",) * 30 + ("Up",) * 30
SECTION = "## Keys in a real terminal"
TICKS = os.sysconf("SC_CLK_TCK")


def tmux(*args: str) -> str:
    return subprocess.run(
        ["tmux", "-L", SOCKET, *args], capture_output=True, text=True, check=False
    ).stdout


class Control:
    """A tmux control-mode client: commands in, each pane's output stamped as it comes."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            ["tmux", "-L", SOCKET, "-C", "attach", "-t", SESSION],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self.last: dict[str, float] = {}
        self.stamps: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        self.send("refresh-client -C 120x40")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        pending = b""
        fd = self.proc.stdout.fileno()
        while True:
            ready, _, _ = select.select([fd], [], [], 0.5)
            if not ready:
                if self.proc.poll() is not None:
                    return
                continue
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                return
            now = time.perf_counter()
            pending += chunk
            *lines, pending = pending.split(b"\n")
            with self._lock:
                for line in lines:
                    if line.startswith(b"%output "):
                        pane = line.split(b" ", 2)[1].decode()
                        self.last[pane] = now
                        self.stamps.setdefault(pane, []).append(now)

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command.encode() + b"\n")

    def last_output(self, pane: str) -> float:
        with self._lock:
            return self.last.get(pane, 0.0)

    def key(self, pane: str, key: str) -> float | None:
        """Seconds from sending ``key`` to the pane's last byte before QUIET of silence."""
        started = time.perf_counter()
        self.send(f"send-keys -t {pane} {key}")
        while True:
            time.sleep(0.002)
            last = self.last_output(pane)
            now = time.perf_counter()
            if last > started and now - last >= QUIET:
                return last - started
            if now - started > 3:
                return None

    def held(self, pane: str, keys: tuple[str, ...]) -> list[float]:
        """``keys`` sent ``REPEAT`` apart, then quiet: seconds from each to the next byte."""
        with self._lock:
            seen = len(self.stamps.get(pane, []))
        first = time.perf_counter()
        sent = []
        for index, key in enumerate(keys):
            time.sleep(max(0.0, first + index * REPEAT - time.perf_counter()))
            sent.append(time.perf_counter())
            self.send(f"send-keys -t {pane} {key}")
        while time.perf_counter() - max(self.last_output(pane), sent[-1]) < QUIET:
            time.sleep(0.002)
        with self._lock:
            stamps = self.stamps.get(pane, [])[seen:]
        return [
            stamps[bisect.bisect_left(stamps, at)] - at
            for at in sent
            if stamps and stamps[-1] >= at
        ]

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(5)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def window(command: str, env: dict[str, str], first: bool) -> tuple[str, int]:
    """A 120x40 window running ``command``: its pane id and process id."""
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    fmt = ("-P", "-F", "#{pane_id} #{pane_pid}")
    if first:
        printed = tmux("-f", "/dev/null", "new-session", "-d", "-s", SESSION, "-x", "120",
                       "-y", "40", *fmt, *env_args, f"exec {command}")  # fmt: skip
    else:
        printed = tmux("new-window", "-d", "-t", f"{SESSION}:", *fmt, *env_args, f"exec {command}")
    pane, pid = printed.split()
    return pane, int(pid)


def wait_for_text(target: str, marker: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while marker not in tmux("capture-pane", "-p", "-t", target):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{marker!r} did not appear in {target}")
        time.sleep(0.05)


def give_jane(database: Path, rows: int) -> int:
    """A match for Jane with each demo person like those she matches, up to ``rows`` (one of
    her demo matches copied, with a new id and that person): the matches she then has."""
    with sqlite3.connect(database) as db:
        (jane,) = db.execute("SELECT id FROM users WHERE email = ?", (USER,)).fetchone()
        columns = [c[1] for c in db.execute("PRAGMA table_info(matches)") if c[1] != "id"]
        copied = ", ".join(
            f"t.{c} || '~' || u.id" if c in ("public_id", "pair_key") else
            "u.id" if c == "matched_user_id" else f"t.{c}"
            for c in columns
        )  # fmt: skip
        (have,) = db.execute("SELECT count(*) FROM matches WHERE user_id = ?", (jane,)).fetchone()
        db.execute(
            f"INSERT INTO matches ({', '.join(columns)}) SELECT {copied}"
            " FROM (SELECT * FROM matches WHERE user_id = :jane ORDER BY score DESC LIMIT 1) AS t,"
            " users AS u"
            " WHERE u.role_id = (SELECT role_id FROM users WHERE id = t.matched_user_id)"
            " AND u.id NOT IN (SELECT matched_user_id FROM matches WHERE user_id = :jane)"
            " LIMIT :limit",
            {"jane": jane, "limit": max(0, rows - have)},
        )
        (have,) = db.execute("SELECT count(*) FROM matches WHERE user_id = ?", (jane,)).fetchone()
    return int(have)


def load_all(pane: str) -> int:
    """``G`` until the feed's counter says the cursor is on the last of all its matches
    (those its default filter, score 60 or more, shows)."""
    deadline = time.monotonic() + 1200
    while time.monotonic() < deadline:
        tmux("send-keys", "-t", pane, "G")
        time.sleep(0.2)
        found = re.search(r"(\d+)/(\d+)", tmux("capture-pane", "-p", "-t", pane))
        if found and found[1] == found[2]:
            tmux("send-keys", "-t", pane, "g")
            return int(found[2])
    raise TimeoutError("the feed did not load all its rows")


def run(keys: int, rows: int) -> Figures:
    compile_sources()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server_home = Path(tmp) / "server"
        size = f"--demo-size={rows // CANDIDATES_PER_SIZE + 1}"
        serverproc.stop(serverproc.start(server_home, port, size))
        give_jane(next(server_home.rglob("talenttui.db")), rows)
        server = serverproc.start(server_home, port)
        try:
            url = f"http://127.0.0.1:{port}"
            home = Path(tmp) / "app"
            asyncio.run(sign_in(url, home))
            base = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}
            apps = {
                "talenttui": window(
                    f"{sys.executable} -m talenttui --server {url}",
                    {**base, "TALENTTUI_HOME": str(home)},
                    first=True,
                ),
                "DataTable": window(
                    f"{sys.executable} {HERE / 'datatable_app.py'} {rows}", base, first=False
                ),
            }
            wait_for_text(apps["talenttui"][0], FEED_MARKER)
            wait_for_text(apps["DataTable"][0], "datatable ready", timeout=600)
            loaded = load_all(apps["talenttui"][0])
            time.sleep(2.0)
            return measure(apps, keys), loaded
        finally:
            tmux("kill-server")
            serverproc.stop(server)


Measured = tuple[dict[str, list[float]], dict[str, float], int]
Figures = tuple[dict[str, Measured], int]
"""Per mode (pressed, held): latencies and CPU per key by app, keys that drew nothing;
and the rows the feed loaded."""


def settle(pids: list[int], timeout: float = 60) -> None:
    """Until each process spends at most a clock tick of CPU in a second: work left from
    loading (a page parsed, a collection) would count as idle and be taken off each key."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        before = [cpu_seconds(pid) for pid in pids]
        time.sleep(1.0)
        if all(
            cpu_seconds(pid) - spent <= 1 / TICKS for pid, spent in zip(pids, before, strict=True)
        ):
            return


def measure(apps: dict[str, tuple[str, int]], keys: int) -> dict[str, Measured]:
    control = Control()
    try:
        settle([pid for _, pid in apps.values()])
        idle_span = 3.0
        idle = {name: cpu_seconds(pid) for name, (_, pid) in apps.items()}
        time.sleep(idle_span)
        idle_rate = {n: (cpu_seconds(p) - idle[n]) / idle_span for n, (_, p) in apps.items()}
        idle_ms = {name: round(rate * 1000, 1) for name, rate in idle_rate.items()}
        print(f"idle CPU ms/s (taken off each key's): {idle_ms}", flush=True)
        latencies: dict[str, list[float]] = {name: [] for name in apps}
        busy = dict.fromkeys(apps, 0.0)
        missed = 0
        for index in range(keys):
            key = CYCLE[index % len(CYCLE)]
            for name, (pane, pid) in apps.items():
                cpu, started = cpu_seconds(pid), time.perf_counter()
                elapsed = control.key(pane, key)
                spent = cpu_seconds(pid) - cpu
                busy[name] += spent - idle_rate[name] * (time.perf_counter() - started)
                if elapsed is None:
                    missed += 1
                else:
                    latencies[name].append(elapsed * 1000)
        cpu_per_key = {name: busy[name] * 1000 / keys for name in apps}
        pressed = latencies, cpu_per_key, missed
        held: dict[str, list[float]] = {name: [] for name in apps}
        held_busy = dict.fromkeys(apps, 0.0)
        bursts = max(1, keys // len(CYCLE))
        for _ in range(bursts):
            for name, (pane, pid) in apps.items():
                cpu, started = cpu_seconds(pid), time.perf_counter()
                held[name] += [seconds * 1000 for seconds in control.held(pane, CYCLE)]
                spent = cpu_seconds(pid) - cpu
                held_busy[name] += spent - idle_rate[name] * (time.perf_counter() - started)
        sent = bursts * len(CYCLE)
        held_cpu = {name: held_busy[name] * 1000 / sent for name in apps}
        held_missed = sum(sent - len(values) for values in held.values())
        return {"pressed": pressed, "held": (held, held_cpu, held_missed)}
    finally:
        control.close()


def table(figures: dict[str, Measured]) -> tuple[list[str], list[str]]:
    lines = [
        "| keys | app | last byte p50 ms | p99 ms | p99 vs DataTable ms | CPU per key ms"
        " | CPU vs DataTable |",
        "|---|---|---|---|---|---|---|",
    ]
    verdicts = []
    for mode, (latencies, cpu, missed) in figures.items():
        base_p99 = percentile(latencies["DataTable"], 0.99)
        for name, values in latencies.items():
            p50, p99 = statistics.median(values), percentile(values, 0.99)
            label = mode if mode == "pressed" else "held (first byte)"
            lines.append(
                f"| {label} | {name} | {p50:.1f} | {p99:.1f} | {p99 - base_p99:+.1f}"
                f" | {cpu[name]:.1f} | {cpu[name] / cpu['DataTable']:.2f}x |"
            )
        verdicts.append(
            f"{mode}: {missed} keys drew nothing; talenttui's CPU per key "
            f"{cpu['talenttui'] / cpu['DataTable']:.2f}x the DataTable's (issue #15: at most "
            f"1.2x), its p99 {percentile(latencies['talenttui'], 0.99) - base_p99:+.1f} ms from "
            "the DataTable's (within 16.7 ms)."
        )
    return lines, verdicts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keys", type=int, default=200, help="keys to each app")
    parser.add_argument("--rows", type=int, default=1000, help="rows in both lists")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    load = os.getloadavg()[0]
    figures, loaded = run(args.keys, args.rows)
    lines, verdicts = table(figures)
    summary = f"The feed held {loaded:,} matches, the DataTable {args.rows:,} rows. " + " ".join(
        verdicts
    )
    print("\n".join(lines))
    print(summary)
    if args.write:
        section = f"{SECTION}, {args.rows:,} rows"
        text = (
            f"{section}\n\n`.venv/bin/python bench/bench_terminal_keys.py --keys {args.keys} "
            f"--rows {args.rows} --write`, {datetime.now(UTC):%Y-%m-%d}, "
            f"{os.cpu_count()} CPUs, load average {load:.2f} at start; tmux control mode, "
            "pressed: key sent to the last byte before 80 ms of quiet, keys alternating "
            "between the apps; held: a key every 33 ms, to the first byte after it; as the "
            "script's docstring says.\n\n" + "\n".join(lines) + f"\n\n{summary}\n"
        )
        write_section(section, text)


if __name__ == "__main__":
    main()
