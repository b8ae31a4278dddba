"""Shared by the server benchmarks: `talenttui server` processes on SQLite or PostgreSQL,
a fresh PostgreSQL database per run, demo logins, percentiles and RESULTS.md sections.

PostgreSQL comes from `--postgres URL`, a maintenance database URL (for example the
`TALENTTUI_TEST_DATABASE_URL` that `.ci/run` uses, or a cluster made with
`.ci/postgres.sh`); each run creates its own database and drops it afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
from results_file import write_section
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process `pid` and its descendants (`--workers` children),
    from /proc; their threads (SQLite's) included."""
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rpartition(")")[2].split()
            child = int(stat.parent.name)
            parents[child] = int(fields[1])
            times[child] = (int(fields[11]) + int(fields[12])) / tick
    family = {pid}
    grew = True
    while grew:
        found = {child for child, parent in parents.items() if parent in family} - family
        family |= found
        grew = bool(found)
    return sum(times.get(member, 0.0) for member in family)


def pct(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextlib.contextmanager
def postgres_database(admin: str) -> Iterator[str]:
    """A new empty database on the cluster of `admin`, dropped afterwards."""
    name = f"bench_{os.getpid()}_{secrets.token_hex(3)}"
    url = make_url(admin)
    engine = create_engine(
        url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",
    )
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def start(
    home: Path,
    port: int,
    *extra: str,
    database_url: str | None = None,
    demo: bool = True,
    timeout: float = 900,
) -> subprocess.Popen[bytes]:
    """`talenttui server --demo --dev` (without `--demo` when `demo` is false) on `port`, once
    it answers /readyz; its log goes to `server.log` in `home`."""
    env = {**os.environ, "TALENTTUI_HOME": str(home)}
    env.pop("TALENTTUI_DATABASE_URL", None)
    if database_url:
        env["TALENTTUI_DATABASE_URL"] = database_url
    home.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "talenttui", "server", "--dev", f"--port={port}"]
    if demo:
        argv.append("--demo")
    with (home / "server.log").open("ab") as log:
        proc = subprocess.Popen([*argv, *extra], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


def stop(*procs: subprocess.Popen[bytes]) -> None:
    for proc in procs:
        proc.terminate()
    for proc in procs:
        proc.wait(60)


def login(base: str, email: str) -> str:
    with httpx.Client(base_url=base, timeout=30) as client:
        session = client.post("/api/v1/auth/loginOTP", json={"email": email}).json()["session_id"]
        mails = client.get("/api/v1/dev/outbox", params={"email": email}).json()["records"]
        code = next(m["code"] for m in mails if m["code"])  # the outbox is newest first
        body = {"email": email, "session_id": session, "verification_code": code}
        return str(client.post("/api/v1/auth/loginVerify", json=body).json()["token"])


def report(section: str, write: bool) -> None:
    """Print a results section; with `write`, it replaces its own in bench/RESULTS.md."""
    print(section)
    if write:
        write_section(section.splitlines()[0], section)


def main(
    doc: str,
    measure: Callable[[argparse.Namespace], Coroutine[Any, Any, str]],
    configure: Callable[[argparse.ArgumentParser], None],
) -> None:
    """A benchmark's command line: its own options, then `--write` to update RESULTS.md."""
    parser = argparse.ArgumentParser(description=doc)
    configure(parser)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    report(asyncio.run(measure(args)), args.write)
