"""A key in a real terminal: talenttui's feed against a DataTable, to the last byte on screen.

Usage: .venv/bin/python bench/bench_terminal_keys.py [--keys 200] [--demo-size 3] [--write]

What is measured: both apps run in one tmux server (a socket of the bench's own), each in
a 120x40 window; a tmux control-mode client sends the keys (`send-keys`) and receives
every byte each pane writes (`%output`), stamped as it arrives. Keys alternate between
the apps (one to talenttui, one to the DataTable, ...), cycles of 30 `Down` then 30 `Up`,
and after each key the bench waits until that pane has been quiet for 80 ms: the figure
is the time from sending the key to the last byte of the repaint it caused, so a frame
that comes late (a detail pane drawn after the cursor) counts for its key and not the
next. CPU per key is each process's CPU time (utime + stime from /proc) over its keys,
less what it spends idle over as long (measured before the keys).

- talenttui: `talenttui --server URL` signed in as Jane, on the Matches tab, against a
  `talenttui server --demo --demo-size N` of its own (so the feed has more rows than a
  screen).
- baseline: `bench/datatable_app.py`, Textual's `DataTable` with 1,000 rows (the
  reference a Textual user knows: a cursor row and nothing beside it).

Both run from compiled bytecode, as in `bench_startup.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import serverproc
from bench_startup import FEED_MARKER, compile_sources, percentile, sign_in
from results_file import write_section

from talenttui.server.runner import free_port

HERE = Path(__file__).parent
SOCKET = "talenttui-bench-keys"
SESSION = "keys"
QUIET = 0.08
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
                        self.last[line.split(b" ", 2)[1].decode()] = now

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


def run(keys: int, demo_size: int) -> tuple[dict[str, list[float]], dict[str, float], int]:
    compile_sources()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server = serverproc.start(Path(tmp) / "server", port, f"--demo-size={demo_size}")
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
                    f"{sys.executable} {HERE / 'datatable_app.py'} 1000", base, first=False
                ),
            }
            wait_for_text(apps["talenttui"][0], FEED_MARKER)
            wait_for_text(apps["DataTable"][0], "datatable ready")
            time.sleep(2.0)
            return measure(apps, keys)
        finally:
            tmux("kill-server")
            serverproc.stop(server)


def measure(
    apps: dict[str, tuple[str, int]], keys: int
) -> tuple[dict[str, list[float]], dict[str, float], int]:
    control = Control()
    try:
        idle_span = 3.0
        idle = {name: cpu_seconds(pid) for name, (_, pid) in apps.items()}
        time.sleep(idle_span)
        idle_rate = {n: (cpu_seconds(p) - idle[n]) / idle_span for n, (_, p) in apps.items()}
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
        return latencies, cpu_per_key, missed
    finally:
        control.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keys", type=int, default=200, help="keys to each app")
    parser.add_argument("--demo-size", type=int, default=3, help="the server's demo scale")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    load = os.getloadavg()[0]
    latencies, cpu, missed = run(args.keys, args.demo_size)
    base_p50 = statistics.median(latencies["DataTable"])
    base_p99 = percentile(latencies["DataTable"], 0.99)
    lines = [
        "| app | last byte p50 ms | p99 ms | CPU per key ms | p50 vs DataTable | CPU vs DataTable |",
        "|---|---|---|---|---|---|",
    ]
    for name, values in latencies.items():
        p50, p99 = statistics.median(values), percentile(values, 0.99)
        lines.append(
            f"| {name} | {p50:.1f} | {p99:.1f} | {cpu[name]:.1f} | {p50 / base_p50:.2f}x"
            f" | {cpu[name] / cpu['DataTable']:.2f}x |"
        )
    p99_gap = percentile(latencies["talenttui"], 0.99) - base_p99
    summary = (
        f"{args.keys} keys to each app, alternating; {missed} keys drew nothing within 3 s. "
        f"talenttui's p99 is {p99_gap:+.1f} ms from the DataTable's (issue #15: within 16.7 ms); "
        f"its CPU per key {cpu['talenttui'] / cpu['DataTable']:.2f}x (issue #15: at most 1.2x)."
    )
    print("\n".join(lines))
    print(summary)
    if args.write:
        section = (
            f"{SECTION}\n\n`.venv/bin/python bench/bench_terminal_keys.py --keys {args.keys} "
            f"--demo-size {args.demo_size} --write`, {datetime.now(UTC):%Y-%m-%d}, "
            f"{os.cpu_count()} CPUs, load average {load:.2f} at start; tmux control mode, "
            "key sent to the last byte before 80 ms of quiet, as the script's docstring says."
            "\n\n" + "\n".join(lines) + f"\n\n{summary}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
