"""App start-up in a real terminal (tmux): cold start to the login screen, warm start to a painted feed.

Usage: .venv/bin/python bench/bench_startup.py [--runs 10] [--parts cold,warm,login] [--src DIR] [--write]

``--parts`` runs only some of the measures (an A/B of one path); ``--src DIR`` runs the app
from another checkout's ``src`` (``git archive main | tar -x -C /tmp/main``, then
``--src /tmp/main/src``), with this script and its HTTP timing unchanged: run it back to
back with and without, at the same load.

What is measured: the time from asking tmux to start the command in a fresh 120x40
window until the window shows a marker text (polled every 5 ms with capture-pane).

- cold start: `talenttui` with an empty TALENTTUI_HOME (the bundled server is configured
  by default, so this is the real first-run path) until the login screen shows, against a
  minimal Textual app (one Label) started the same way in the same run, alternating so
  both see the same machine load. The ratio of medians is the figure (target <= 1.5x).
- warm start: `talenttui --server URL` with a stored session and a filled cache, until the
  feed's counters line shows (painted from the cache; the refresh follows).
- RSS at the login screen: VmRSS of the app's process once the login screen shows, and
  12 s later (the bundled server boots meanwhile, in its own process: its RSS is given
  apart, and is not the app's).
- login: `talenttui --server URL` with an empty home. Enter on the email until the code
  field's "We sent a code" shows, and the code typed with enter until the feed's counters
  line shows; each against the HTTP those steps need (POST loginOTP; loginVerify and the
  feed's first page), timed by a `TalentClient` making the same calls right after, in the
  same run. The ratios of medians are the figures (target <= 3x).

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
FEED_PAGE = 100
"""The feed's page size (``match_feed.PAGE_SIZE``)."""
SESSION = "talenttui-bench"
SOCKET = f"talenttui-bench-{os.getpid()}"
"""A tmux server of this run's own: other people's tmux sessions are left alone."""
LOGIN_MARKER = "Log in with a code"
MINIMAL_MARKER = "minimal app ready"
FEED_MARKER = "Accepted"
SENT_MARKER = "We sent a code"
RSS_AFTER = 12.0
RELAXED_OTP = {
    "TALENTTUI_OTP_RESEND_COOLDOWN_SECONDS": "0",
    "TALENTTUI_OTP_MAX_SENDS_PER_HOUR": "100000",
    "TALENTTUI_OTP_MAX_SENDS_PER_REQUESTER_PER_HOUR": "100000",
}
"""The benchmark asks for many codes for one demo user."""
USER = "jane.doe@acme.example"
PARTS = ("cold", "warm", "login")
READING = """Reading it: both sides start from compiled bytecode (see the script's docstring).
About 200 ms of either side is importing Textual; the rest of talenttui's side is its own
first frame. Nothing of the network stack, pydantic, sqlite3 or the server is imported
before the login screen's frame (a test keeps it so). Warm: the shell builds only the feed
and imports only its code (the other tabs' when first shown); the client is made and the
cache and outbox opened as the shell is built; the feed paints from the cache without
the network stack (httpx and its TLS context are made in a thread for the refresh, which
waits until the rows are painted, as do the realtime link, the outbox and Messages). What
the warm start still spends beyond the minimal app is mostly importing: pydantic and the
client models (~0.1 s, needed by the feed's rows and detail pane) and our own modules.
The cyclic garbage collector is held from the app's start to its first painted screen,
and from a login to the painted feed (`tui/gc_policy.py`): its passes had taken ~85 ms of
the warm start and ~90 ms of the code step (2.92x and 12x in the quiet run of 1 Dec).
Login: the client (httpx, TLS context) is made, the cache opened and the shell's code
imported in threads while the person types; after the code, the new user's outbox opens
before the shell is built. What the code step still spends beyond its HTTP is Textual's
mounting, styling and first layout of the shell (~0.2 s) before the rows' frame.
Medians move by 0.1-0.3x between runs under load, so compare runs made at the same time
(``--src`` runs another checkout's app for an A/B)."""


def tmux(*args: str) -> str:
    argv = ["tmux", "-L", SOCKET, *args]
    return subprocess.run(argv, capture_output=True, text=True, check=False).stdout


def until_shown(marker: str, started: float, timeout: float = 30.0) -> float:
    """Seconds from ``started`` until ``marker`` is on screen (polled every 5 ms)."""
    while True:
        if marker in tmux("capture-pane", "-p", "-t", SESSION):
            return time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise TimeoutError(f"{marker!r} did not appear")
        time.sleep(0.005)


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
            "-L",
            SOCKET,
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
    elapsed = until_shown(marker, started, timeout)
    pid = int(tmux("display", "-p", "-t", SESSION, "#{pane_pid}").strip() or 0)
    return elapsed, pid


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def stop() -> None:
    tmux("kill-session", "-t", SESSION)
    time.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latest_code(server: str) -> str:
    outbox = httpx.get(f"{server}/api/v1/dev/outbox", params={"email": USER}).json()
    return str(next(m["code"] for m in outbox["records"] if m["code"]))  # newest first


async def sign_in(server: str, home: Path) -> tuple[float, float]:
    """Signed in in ``home``; the seconds the client's own calls took: asking for a code,
    and checking it plus the feed's first page (what the app's login waits for)."""
    from talenttui.api.endpoints.matches import list_matches

    os.environ["TALENTTUI_HOME"] = str(home)
    client = TalentClient(ClientConfig.load(server=server))
    try:
        started = time.perf_counter()
        sent = await client.request_login_code(USER)
        ask = time.perf_counter() - started
        code = latest_code(server)
        started = time.perf_counter()
        await client.login_with_code(USER, sent.session_id, code)
        await client.send(list_matches(limit=FEED_PAGE))
        return ask, time.perf_counter() - started
    finally:
        await client.aclose()


def compile_sources() -> None:
    """Bytecode for talenttui and the minimal app, written beside the sources (gitignored)."""
    targets = [str(Path(talenttui.__file__).parent), str(HERE / "minimal_app.py")]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *targets], check=True)


def median_ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f}"


def measure_cold(
    runs: int, app_cmd: str, minimal_cmd: str, base_env: dict[str, str]
) -> tuple[list[float], list[float], list[float]]:
    """Cold starts of talenttui and the minimal app, alternating; the app's RSS at login."""
    cold_app: list[float] = []
    cold_min: list[float] = []
    rss: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**base_env, "TALENTTUI_HOME": home}
            elapsed, _pid = timed_start(minimal_cmd, MINIMAL_MARKER, env)
            cold_min.append(elapsed)
            stop()
            elapsed, pid = timed_start(app_cmd, LOGIN_MARKER, env)
            cold_app.append(elapsed)
            rss.append(rss_mib(pid))
            stop()
    return cold_app, cold_min, rss


def measure_rss_later(app_cmd: str, base_env: dict[str, str]) -> tuple[float, float]:
    """The app's RSS and its bundled server's, 12 s after the login screen of a first run."""
    with tempfile.TemporaryDirectory() as home:
        _elapsed, pid = timed_start(app_cmd, LOGIN_MARKER, {**base_env, "TALENTTUI_HOME": home})
        time.sleep(RSS_AFTER)
        server = sum(rss_mib(child) for child in children(pid))
        app = rss_mib(pid)
        stop()
    return app, server


def measure_login(
    runs: int, server_url: str, app_cmd: str, base_env: dict[str, str], tmp: Path
) -> dict[str, list[float]]:
    """The login's two waits in the app, each followed by the same HTTP from a client."""
    got: dict[str, list[float]] = {"ask": [], "ask_http": [], "code": [], "code_http": []}
    for run in range(runs):
        home = tmp / f"login-{run}"
        env = {**base_env, "TALENTTUI_HOME": str(home)}
        timed_start(f"{app_cmd} --server {server_url}", LOGIN_MARKER, env)
        time.sleep(0.5)  # a person reads the screen: what the app does after its paint is done
        tmux("send-keys", "-t", SESSION, "-l", USER)
        started = time.perf_counter()
        tmux("send-keys", "-t", SESSION, "Enter")
        got["ask"].append(until_shown(SENT_MARKER, started))
        code = latest_code(server_url)
        tmux("send-keys", "-t", SESSION, "-l", code[:-1])
        started = time.perf_counter()
        tmux("send-keys", "-t", SESSION, code[-1], "Enter")
        got["code"].append(until_shown(FEED_MARKER, started))
        stop()
        ask, verify = asyncio.run(sign_in(server_url, tmp / f"client-{run}"))
        got["ask_http"].append(ask)
        got["code_http"].append(verify)
    return got


def measure_warm(
    runs: int, server_url: str, commands: tuple[str, str], base_env: dict[str, str], tmp: Path
) -> tuple[list[float], list[float]]:
    """Warm starts to a painted feed, alternating with the minimal app (its own baseline:
    the machine's load moves between the parts of a run)."""
    app_cmd, minimal_cmd = commands
    home = tmp / "app"
    asyncio.run(sign_in(server_url, home))
    env = {**base_env, "TALENTTUI_HOME": str(home)}
    warm_cmd = f"{app_cmd} --server {server_url}"
    timed_start(warm_cmd, FEED_MARKER, env)  # fills the cache
    time.sleep(1.0)
    stop()
    warm: list[float] = []
    minimal: list[float] = []
    for _ in range(runs):
        elapsed, _pid = timed_start(minimal_cmd, MINIMAL_MARKER, env)
        minimal.append(elapsed)
        stop()
        elapsed, _pid = timed_start(warm_cmd, FEED_MARKER, env)
        warm.append(elapsed)
        stop()
    return warm, minimal


def start_server(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server_url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **RELAXED_OTP, "TALENTTUI_HOME": str(tmp / "server")}
    argv = [sys.executable, "-m", "talenttui", "server", "--demo", "--dev", "--port", str(port)]
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{server_url}/healthz", timeout=1).status_code == 200:
                return proc, server_url
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError("server did not start")
        time.sleep(0.1)


def compiled_src(src: Path | None) -> dict[str, str]:
    """The environment that runs the app from ``src`` (compiled as ours is), or nothing."""
    if src is None:
        return {}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(src / "talenttui")], check=True)
    return {"PYTHONPATH": str(src.resolve())}


def measure(
    parts: set[str], runs: int, commands: tuple[str, str], base_env: dict[str, str]
) -> dict[str, list[float]]:
    """The chosen parts; one list of seconds (or MiB) per row of the table."""
    app_cmd, minimal_cmd = commands
    got: dict[str, list[float]] = {}
    if "cold" in parts:
        got["cold"], got["cold_min"], got["rss"] = measure_cold(
            runs, app_cmd, minimal_cmd, base_env
        )
        rss_app, rss_server = measure_rss_later(app_cmd, base_env)
        got["rss_later"], got["rss_server"] = [rss_app], [rss_server]
    if parts & {"warm", "login"}:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            proc, server_url = start_server(tmp)
            try:
                if "warm" in parts:
                    got["warm"], got["warm_min"] = measure_warm(
                        runs, server_url, commands, base_env, tmp
                    )
                if "login" in parts:
                    got.update(measure_login(runs, server_url, app_cmd, base_env, tmp))
            finally:
                proc.terminate()
                proc.wait(10)
    return got


ROWS = (
    ("cold_min", "minimal Textual app (one Label)"),
    ("cold", "talenttui to the login screen (cold)"),
    ("warm_min", "minimal Textual app, alternating with the warm starts"),
    ("warm", "talenttui to a painted feed (warm, from cache)"),
    ("ask", "login: enter on the email to the code field"),
    ("ask_http", "  its HTTP (POST loginOTP, client timing)"),
    ("code", "login: the code to a painted feed"),
    ("code_http", "  its HTTP (loginVerify + the feed's page)"),
)


def summary(got: dict[str, list[float]]) -> str:
    def ratio(ours: str, base: str) -> float:
        return statistics.median(got[ours]) / statistics.median(got[base])

    said: list[str] = []
    if "cold" in got:
        said.append(f"cold start {ratio('cold', 'cold_min'):.2f}x the minimal app (target <= 1.5x)")
    if "warm" in got:
        said.append(f"warm start {ratio('warm', 'warm_min'):.2f}x (target <= 2x)")
    if "ask" in got:
        said.append(
            f"enter on the email {ratio('ask', 'ask_http'):.2f}x its HTTP and "
            f"the code {ratio('code', 'code_http'):.2f}x its HTTP (targets <= 3x)"
        )
    text = "Ratios of medians: " + ", ".join(said) + "."
    if "rss" in got:
        text += (
            f"\nRSS of the app: {statistics.median(got['rss']):.0f} MiB at the login screen, "
            f"{got['rss_later'][0]:.0f} MiB {RSS_AFTER:.0f} s later; the bundled server's own "
            f"process then {got['rss_server'][0]:.0f} MiB."
        )
    return text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument(
        "--parts", default=",".join(PARTS), help=f"comma-separated, of {', '.join(PARTS)}"
    )
    parser.add_argument("--src", type=Path, help="run the app from this src directory")
    args = parser.parse_args()
    parts = set(args.parts.split(","))
    if not parts <= set(PARTS):
        parser.error(f"--parts: choose from {', '.join(PARTS)}")
    if args.write and (parts != set(PARTS) or args.src):
        parser.error("--write needs every part, from this checkout")
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed for this benchmark")
    compile_sources()
    commands = (f"{sys.executable} -m talenttui", f"{sys.executable} {HERE / 'minimal_app.py'}")
    base_env = {
        "TERM": "xterm-256color",
        "PATH": os.environ.get("PATH", ""),
        **compiled_src(args.src),
    }
    load_before = os.getloadavg()
    try:
        got = measure(parts, args.runs, commands, base_env)
        load_after = os.getloadavg()
    finally:
        tmux("kill-server")

    lines = [
        "| step | median ms | p90 ms | min ms |",
        "|---|---|---|---|",
        *(
            f"| {name} | {median_ms(v)} | {percentile(v, 0.9) * 1000:.0f} | {min(v) * 1000:.0f} |"
            for key, name in ROWS
            if (v := got.get(key))
        ),
    ]
    load = ", ".join(f"{x:.2f}" for x in (*load_before, *load_after))
    print("\n".join(lines))
    print(summary(got))
    print(f"load average (1, 5, 15 min) before, after: {load}")
    if args.src:
        print(f"the app from {args.src}")
    if args.write:
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        section = (
            "## App start-up\n\n"
            f"`.venv/bin/python bench/bench_startup.py --runs {args.runs}`, {stamp}, "
            f"{os.cpu_count()} CPUs, tmux 120x40, {args.runs} runs each (alternating); "
            f"load average (1, 5, 15 min) before and after: {load}.\n\n"
            + "\n".join(lines)
            + "\n\n"
            + summary(got)
            + "\n\n"
            + READING
            + "\n"
        )
        write_section("## App start-up", section)


if __name__ == "__main__":
    main()
