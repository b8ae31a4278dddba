"""The bundled server runs in a child process of the app: started by it, never outliving it
(quit or killed), its log in the data dir, reused by a second app on the same data dir,
and none of its code or memory in the app's process."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from talenttui.api.config import ClientConfig
from talenttui.embedded import HOST, EmbeddedServer
from talenttui.server.data_lock import running_server

ROOT = Path(__file__).resolve().parents[2]


def gone(pid: int) -> bool:
    """Ended (a zombie that nobody has reaped yet has ended too)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "\nState:\tZ" in status


def until(condition: object, timeout: float = 30.0) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.fixture
def app_process() -> Iterator[tuple[subprocess.Popen[str], dict[str, object]]]:
    """The real app with its bundled server, in a process of its own, at the login screen."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.tui.bundled_child"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("READY "), f"the app did not get to its login screen: {line!r}"
        yield process, json.loads(line.removeprefix("READY "))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(30)


def test_the_server_is_a_child_process_with_none_of_it_in_the_app(
    app_process: tuple[subprocess.Popen[str], dict[str, object]],
) -> None:
    process, ready = app_process
    assert isinstance(ready["server"], int) and ready["server"] != ready["app"] == process.pid
    assert ready["loaded"] == [], "the app's process imported the server's stack"
    data_dir = ClientConfig.load().paths.server_data_dir
    log = data_dir / "server.log"
    assert log.exists() and log.stat().st_mode & 0o077 == 0
    assert "Application startup complete" in log.read_text()


def test_quitting_the_app_stops_its_server(
    app_process: tuple[subprocess.Popen[str], dict[str, object]],
) -> None:
    process, ready = app_process
    server = ready["server"]
    assert isinstance(server, int) and not gone(server)
    assert process.stdin is not None
    process.stdin.write("quit\n")
    process.stdin.flush()
    assert process.wait(60) == 0
    assert until(lambda: gone(server)), "the server outlived the app"
    assert running_server(ClientConfig.load().paths.server_data_dir) is None


def test_killing_the_app_stops_its_server(
    app_process: tuple[subprocess.Popen[str], dict[str, object]],
) -> None:
    """SIGKILL: no ``finally`` runs in the app; the server sees its pipe close and ends."""
    process, ready = app_process
    server = ready["server"]
    assert isinstance(server, int) and not gone(server)
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert until(lambda: gone(server)), "the server outlived the killed app"
    assert running_server(ClientConfig.load().paths.server_data_dir) is None


async def test_a_second_app_on_the_data_dir_uses_the_first_ones_server(tmp_path: Path) -> None:
    first = EmbeddedServer(tmp_path / "server")
    try:
        await first.wait_ready()
        second = EmbeddedServer(tmp_path / "server")
        assert second.url == first.url
        await second.wait_ready()
        assert second.process is None, "a second server was started"
        assert httpx.get(f"{second.url}/readyz").json()["status"] == "ready"
        second.stop()
        assert first.process is not None and first.process.poll() is None
    finally:
        first.stop()


async def test_a_server_that_cannot_start_says_why(tmp_path: Path) -> None:
    """Its port taken: the child exits, and ``wait_ready`` says so with its log's last line
    (the login screen shows it as "The server is not available: ...")."""
    server = EmbeddedServer(tmp_path / "server")
    with socket.socket() as taken:
        taken.bind((HOST, server.port))
        taken.listen()
        with pytest.raises(RuntimeError) as failed:
            await server.wait_ready()
    assert "failed to start: it exited with status" in str(failed.value)
    assert "address already in use" in str(failed.value).lower()
    assert server.process is not None and server.process.poll() is not None
    server.stop()


def test_stop_ends_a_server_still_starting(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "server")
    server.start()
    process = server.process
    assert process is not None
    server.stop()
    assert process.poll() is not None and server.process is None
    assert os.path.exists(tmp_path / "server" / "server.log")
