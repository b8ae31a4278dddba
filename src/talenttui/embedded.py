"""The bundled server, run in a child process when no server is configured.

A process of its own, not a thread: its boot (importing FastAPI, SQLAlchemy, uvicorn,
seeding the demo) and its requests never share the app's interpreter lock and event loop,
so the login screen does not stutter while it starts and the app's memory stays the app's.
It starts only after the app's first paint. Its data (SQLite, demo seed, token secret)
lives in the user data dir, so sessions survive restarts; its log is ``server.log`` there.
The app sees it only through ``url`` and ``wait_ready()``: ``tui`` never imports the server.

The child never outlives the app: it reads its stdin, a pipe whose only writer is the app,
and ends when that pipe closes, which the kernel does however the app ends (quit, SIGHUP
from a closed terminal, SIGKILL, a crash). It runs in a session of its own, so signals
meant for the terminal's foreground (ctrl+c before the app has the keyboard, SIGHUP) reach
the app, which decides.

A ``talenttui server`` already running on the same data dir holds it (``server.lock``,
which names its URL): then nothing is started, the app uses that server, and
``wait_ready()`` waits for its ``/readyz``.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from talenttui.server.data_lock import running_server

HOST = "127.0.0.1"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 10.0
LOG_FILE = "server.log"
LOG_TAIL_CHARS = 600


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """The demo server on a free loopback port in a child process; ``start()`` returns at once."""

    def __init__(self, data_dir: Path, *, demo_size: int = 1) -> None:
        self.data_dir = data_dir
        self.demo_size = demo_size
        holder = running_server(data_dir)
        self.running_url = holder.url if holder is not None else None
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return self.running_url or f"http://{HOST}:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_FILE

    def start(self) -> None:
        if self.running_url is not None or self.process is not None:
            return
        from talenttui.paths import create_private_file

        argv = [sys.executable, "-m", "talenttui.embedded", str(self.data_dir), str(self.port)]
        with create_private_file(self.log_path).open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [*argv, str(self.demo_size)],
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def _answers(self) -> bool:
        import urllib.request  # not before the first paint: it pulls in http and ssl

        try:
            with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as answer:  # noqa: S310 - our own http URL
                return bool(answer.status == 200)
        except OSError:
            return False

    def _wait(self, timeout: float) -> str | None:
        """None once the server answers, else why it will not."""
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self.process is not None and self.process.poll() is not None:
                return f"it exited with status {self.process.returncode}: {self._log_tail()}"
            if time.monotonic() > deadline:
                return f"it did not answer within {timeout:.0f} s (see {self.log_path})"
            time.sleep(0.1)
        return None

    def _log_tail(self) -> str:
        """The log's last error line (or last line): why the server ended."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "no log"
        lines = [line for line in text.strip().splitlines() if line.strip()]
        errors = [line for line in lines if " ERROR " in line or "Error" in line]
        return ([*lines, *errors] or ["no log"])[-1][-LOG_TAIL_CHARS:]

    async def wait_ready(self) -> None:
        """Until the server answers; raises RuntimeError if it failed to start."""
        if self.running_url is not None:
            if await asyncio.to_thread(self._wait, 15.0) is not None:
                raise RuntimeError(
                    f"the server already running on {self.data_dir} ({self.url}) does not answer"
                )
            return
        self.start()
        if (why := await asyncio.to_thread(self._wait, START_TIMEOUT)) is not None:
            raise RuntimeError(f"the bundled server failed to start: {why}")

    def stop(self) -> None:
        """SIGTERM (uvicorn shuts down gracefully), then SIGKILL if it does not end in time."""
        process, self.process = self.process, None
        if process is None:
            return
        if process.stdin is not None:
            process.stdin.close()
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(STOP_TIMEOUT)


def _end_with_parent() -> None:
    """Blocks on stdin until the app's end closes it, then shuts this server down."""
    while os.read(0, 4096):  # not sys.stdin: its lock, held here, would stop the exit
        pass
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(STOP_TIMEOUT)
    os._exit(1)  # a graceful shutdown that hangs (mid-seed) must not keep the process


def serve_for_app(data_dir: Path, port: int, demo_size: int) -> int:
    """The child's side: the demo server, dev mode, until SIGTERM or the app's end."""
    from talenttui.server.runner import run_forever
    from talenttui.server.settings import ServerSettings

    threading.Thread(target=_end_with_parent, name="parent-watch", daemon=True).start()
    settings = ServerSettings(
        data_dir=data_dir, host=HOST, port=port, demo=True, demo_size=demo_size, dev=True
    )
    return run_forever(settings)


if __name__ == "__main__":
    raise SystemExit(serve_for_app(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
