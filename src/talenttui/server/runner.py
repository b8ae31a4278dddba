"""Run the server with uvicorn: in the foreground for `talenttui server` (one process, or N
workers sharing one port), in a thread for tests and the app.

On SQLite the runner holds the data dir (`data_lock`) for as long as the server runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import threading
import time
from dataclasses import replace
from typing import Any

import uvicorn
from fastapi import FastAPI

from talenttui.server.app import create_app
from talenttui.server.data_lock import DataDirBusy, DataDirLock
from talenttui.server.logs import configure_logging
from talenttui.server.settings import ServerSettings


def _options(settings: ServerSettings) -> dict[str, Any]:
    """uvicorn's options, the same for one process and for N workers."""
    return {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
        "lifespan": "on",
        "ws": "websockets-sansio",
        "ws_max_size": settings.realtime_max_frame_bytes,
    }


def _config(settings: ServerSettings, app: FastAPI | None = None) -> uvicorn.Config:
    return uvicorn.Config(app or create_app(settings), **_options(settings))


def local_url(settings: ServerSettings, port: int) -> str:
    """Where a process on this machine reaches the server."""
    wildcard = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104 - mapped away
    host = wildcard.get(settings.host, settings.host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def hold_data_dir(settings: ServerSettings, port: int) -> DataDirLock | None:
    """On SQLite, the data dir for this process alone (DataDirBusy names who has it)."""
    if not settings.on_sqlite:
        return None
    lock = DataDirLock(settings.data_dir)
    lock.acquire(local_url(settings, port))
    return lock


def run_forever(settings: ServerSettings, worker_app: str | None = None) -> int:
    """Until Ctrl-C or SIGTERM; uvicorn shuts down gracefully, then re-raises the signal.

    With `workers` > 1, uvicorn runs that many processes on one socket, each building
    its app from `worker_app`, an import string of a factory reading `TALENTTUI_*`.
    """
    configure_logging()
    if settings.workers > 1:
        if settings.on_sqlite or worker_app is None:
            print(
                "talenttui server: --workers needs a PostgreSQL --database-url "
                "(SQLite takes one writing process)",
                file=sys.stderr,
            )
            return 2
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.run(worker_app, factory=True, workers=settings.workers, **_options(settings))
        return 0
    try:
        lock = hold_data_dir(settings, settings.port)
    except DataDirBusy as exc:
        print(f"talenttui server: {exc}", file=sys.stderr)
        return 1
    try:
        with contextlib.suppress(KeyboardInterrupt):
            uvicorn.Server(_config(settings)).run()
    finally:
        if lock is not None:
            lock.release()
    return 0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class BackgroundServer:
    """A real uvicorn server on loopback in its own thread and event loop."""

    def __init__(self, settings: ServerSettings) -> None:
        self.port = settings.port or free_port(settings.host)
        self.settings = replace(settings, port=self.port)
        """With the port chosen: the server's own links name the port it listens on."""
        self.app = create_app(self.settings)
        self._lock: DataDirLock | None = None
        self._server = uvicorn.Server(_config(self.settings, self.app))
        self._thread = threading.Thread(target=self._run, name="talenttui-server", daemon=True)
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"http://{self.settings.host}:{self.port}"

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve())
        except BaseException as exc:
            self._error = exc

    def start(self, timeout: float = 30.0) -> None:
        """Raises DataDirBusy when another server holds the SQLite data dir."""
        self._lock = hold_data_dir(self.settings, self.port)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                self.stop()
                raise RuntimeError(f"server failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                self.stop(timeout=5)
                raise TimeoutError("server did not start in time")
            time.sleep(0.02)

    def stop(self, timeout: float = 30.0) -> None:
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        if self._lock is not None:
            self._lock.release()
            self._lock = None
