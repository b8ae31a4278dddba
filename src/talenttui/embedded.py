"""The bundled server, run in a thread of the app's process when no server is configured.

It starts only after the app's first paint: importing the server (FastAPI, SQLAlchemy,
uvicorn) costs about a second, and a person reads the login screen meanwhile. Its data
(SQLite, demo seed, token secret) lives in the user data dir, so sessions survive restarts.
The app sees it only through ``url`` and ``wait_ready()``: ``tui`` never imports the server.

A ``talenttui server`` already running on the same data dir holds it (``server.lock``,
which names its URL): then nothing is started, the app uses that server, and
``wait_ready()`` waits for its ``/readyz``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING

from talenttui.server.data_lock import running_server

if TYPE_CHECKING:
    from talenttui.server.runner import BackgroundServer

HOST = "127.0.0.1"
START_TIMEOUT = 120.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


class EmbeddedServer:
    """The demo server on a free loopback port; ``start()`` returns at once.

    Its log goes to ``server.log`` in its data dir: the terminal belongs to the app.
    """

    def __init__(self, data_dir: Path, *, demo_size: int = 1) -> None:
        self.data_dir = data_dir
        self.demo_size = demo_size
        holder = running_server(data_dir)
        self.running_url = holder.url if holder is not None else None
        self.port = _free_port()
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._server: BackgroundServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return self.running_url or f"http://{HOST}:{self.port}"

    def start(self) -> None:
        if self.running_url is None and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="embedded-server", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        try:
            from talenttui.paths import create_private_file
            from talenttui.server.logs import configure_logging
            from talenttui.server.runner import BackgroundServer
            from talenttui.server.settings import ServerSettings

            log_file = create_private_file(self.data_dir / "server.log").open("a", encoding="utf-8")
            configure_logging(stream=log_file)
            settings = ServerSettings(
                data_dir=self.data_dir,
                host=HOST,
                port=self.port,
                demo=True,
                demo_size=self.demo_size,
                dev=True,
            )
            self._server = BackgroundServer(settings)
            self._server.start(timeout=START_TIMEOUT)
        except BaseException as exc:
            self._error = exc
        finally:
            self._ready.set()

    def _probe_running(self, timeout: float) -> bool:
        import urllib.request  # not before the first paint: it pulls in http and ssl

        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{self.url}/readyz", timeout=2) as answer:  # noqa: S310 - our own http URL
                    return bool(answer.status == 200)
            except OSError:
                if time.monotonic() > deadline:
                    return False
                time.sleep(0.2)

    async def wait_ready(self) -> None:
        """Until the server answers; raises RuntimeError if it failed to start."""
        if self.running_url is not None:
            if not await asyncio.to_thread(self._probe_running, 15.0):
                raise RuntimeError(
                    f"the server already running on {self.data_dir} ({self.url}) does not answer"
                )
            return
        self.start()
        ok = await asyncio.to_thread(self._ready.wait, START_TIMEOUT)
        if not ok:
            raise RuntimeError("the bundled server did not start in time")
        if self._error is not None:
            raise RuntimeError(f"the bundled server failed to start: {self._error}")

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop(timeout=10)
