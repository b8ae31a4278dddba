"""App start-up in a real terminal (tmux): cold start to the login screen, warm start to a painted feed.

Usage: .venv/bin/python bench/bench_startup.py [--runs 10] [--write]

What is measured: the time from asking tmux to start the command in a fresh 120x40
window until the window shows a marker text (polled every 5 ms with capture-pane).

- cold start: `talenttui` with an empty TALENTTUI_HOME (the bundled server is configured
  by default, so this is the real first-run path) until the login screen shows, against a
  minimal Textual app (one Label) started the same way in the same run, alternating so
  both see the same machine load. The ratio of medians is the figure (target <= 1.5x).
- warm start: `talenttui --server URL` with a stored session and a filled cache, until the
  feed's counters line shows (painted from the cache; the refresh follows).
- RSS at the login screen: VmRSS of the app's process once the login screen shows.

tmux's own start-up is in both sides of the ratio. Both sides start from compiled
bytecode, as an installed package does: the script compiles talenttui (and the minimal
app) first, since pip compiled Textual at install time, and an environment that sets
PYTHONDONTWRITEBYTECODE (CI sandboxes do) would otherwise have every start of talenttui
compile its own modules again (~100 ms, all on our side of the ratio).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from results_file import write_section

import talenttui
from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.server.runner import free_port

HERE = Path(__file__).parent
SESSION = "talenttui-bench"
LOGIN_MARKER = "Log in with a code"
MINIMAL_MARKER = "minimal app ready"
FEED_MARKER = "Accepted"
USER = "jane.doe@acme.example"
READING = """Reading it: both sides start from compiled bytecode (see the script's docstring).
About 200 ms of either side is importing Textual; the rest of talenttui's side is its own
first frame: the login screen's widgets (inputs, buttons, the footer's keys) composed,
styled and laid out, where the minimal app has one label. Nothing of the network stack,
pydantic, sqlite3 or the server is imported before that frame (a test keeps it so), the
login screen is the app's first screen (not pushed over a blank one, which cost ~100 ms)
and its signup and code parts mount after that frame. Medians move by about 0.1x between runs on this
2-CPU machine, so compare several runs."""


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=False).stdout


def timed_start(
    command: str, marker: str, env: dict[str, str], timeout: float = 30.0
) -> tuple[float, int]:
    """Seconds until ``marker`` is on screen, and the pane's process id."""
    tmux("kill-session", "-t", SESSION)
    env_args = [arg for key, value in env.items() for arg in ("-e", f"{key}={value}")]
    started = time.perf_counter()
    subprocess.run(
        [
            "tmux",
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            "120",
            "-y",
            "40",
            *env_args,
            f"exec {command}",
        ],
        check=True,
    )
    while True:
        if marker in tmux("capture-pane", "-p", "-t", SESSION):
            elapsed = time.perf_counter() - started
            break
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{marker!r} did not appear for {command!r}")
        time.sleep(0.005)
    pid = int(tmux("display", "-p", "-t", SESSION, "#{pane_pid}").strip() or 0)
    return elapsed, pid


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop() -> None:
    tmux("kill-session", "-t", SESSION)
    time.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def sign_in(server: str, home: Path) -> None:
    os.environ["TALENTTUI_HOME"] = str(home)
    client = TalentClient(ClientConfig.load(server=server))
    try:
        sent = await client.request_login_code(USER)
        outbox = httpx.get(f"{server}/api/v1/dev/outbox", params={"email": USER}).json()
        code = next(m["code"] for m in outbox["records"] if m["code"])
        await client.login_with_code(USER, sent.session_id, code)
    finally:
        await client.aclose()


def compile_sources() -> None:
    """Bytecode for talenttui and the minimal app, written beside the sources (gitignored)."""
    targets = [str(Path(talenttui.__file__).parent), str(HERE / "minimal_app.py")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *targets], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    compile_sources()
    app_cmd = f"{sys.executable} -m talenttui"
    minimal_cmd = f"{sys.executable} {HERE / 'minimal_app.py'}"
    base_env = {"TERM": "xterm-256color", "PATH": os.environ.get("PATH", "")}

    cold_app: list[float] = []
    cold_min: list[float] = []
    rss: list[float] = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**base_env, "TALENTTUI_HOME": home}
            elapsed, _pid = timed_start(minimal_cmd, MINIMAL_MARKER, env)
            cold_min.append(elapsed)
            stop()
            elapsed, pid = timed_start(app_cmd, LOGIN_MARKER, env)
            cold_app.append(elapsed)
            rss.append(rss_mib(pid))
            stop()

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        server_url = f"http://127.0.0.1:{port}"
        server_home = Path(tmp) / "server"
        proc = subprocess.Popen(
            [sys.executable, "-m", "talenttui", "server", "--demo", "--dev", "--port", str(port)],
            env={**os.environ, "TALENTTUI_HOME": str(server_home)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{server_url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("server did not start")
                time.sleep(0.1)
            home = Path(tmp) / "app"
            asyncio.run(sign_in(server_url, home))
            env = {**base_env, "TALENTTUI_HOME": str(home)}
            warm_cmd = f"{app_cmd} --server {server_url}"
            timed_start(warm_cmd, FEED_MARKER, env)  # fills the cache
            time.sleep(1.0)
            stop()
            warm = []
            for _ in range(args.runs):
                elapsed, _pid = timed_start(warm_cmd, FEED_MARKER, env)
                warm.append(elapsed)
                stop()
        finally:
            proc.terminate()
            proc.wait(10)

    ratio = statistics.median(cold_app) / statistics.median(cold_min)
    rows = [
        ("minimal Textual app (one Label)", cold_min),
        ("talenttui to the login screen (cold)", cold_app),
        ("talenttui to a painted feed (warm, from cache)", warm),
    ]
    lines = [
        "| start | median ms | p90 ms | min ms |",
        "|---|---|---|---|",
        *(
            f"| {name} | {statistics.median(v) * 1000:.0f} | {percentile(v, 0.9) * 1000:.0f} | {min(v) * 1000:.0f} |"
            for name, v in rows
        ),
    ]
    summary = (
        f"Cold start ratio (talenttui / minimal app, medians): {ratio:.2f}x. "
        f"RSS at the login screen: median {statistics.median(rss):.0f} MiB."
    )
    print("\n".join(lines))
    print(summary)
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        section = (
            "## App start-up\n\n"
            f"`.venv/bin/python bench/bench_startup.py --runs {args.runs}`, {stamp}, "
            f"{os.cpu_count()} CPUs, tmux 120x40, {args.runs} runs each (alternating).\n\n"
            + "\n".join(lines)
            + "\n\n"
            + summary
            + "\n\n"
            + READING
            + "\n"
        )
        write_section("## App start-up", section)


if __name__ == "__main__":
    main()
