"""Run the server with uvicorn: in the foreground for `talenttui server`, in a thread for tests and the app."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time

import uvicorn
from fastapi import FastAPI

from talenttui.server.app import create_app
from talenttui.server.logs import configure_logging
from talenttui.server.settings import ServerSettings


def _config(
    settings: ServerSettings, sock_port: int | None = None, app: FastAPI | None = None
) -> uvicorn.Config:
    return uvicorn.Config(
        app or create_app(settings),
        host=settings.host,
        port=sock_port if sock_port is not None else settings.port,
        log_config=None,
        access_log=False,
        lifespan="on",
        ws="websockets-sansio",
    )


def run_forever(settings: ServerSettings) -> int:
    """Until Ctrl-C or SIGTERM; uvicorn shuts down gracefully, then re-raises the signal."""
    configure_logging()
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(_config(settings)).run()
    return 0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class BackgroundServer:
    """A real uvicorn server on loopback in its own thread and event loop."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.port = settings.port or free_port(settings.host)
        self.app = create_app(settings)
        self._server = uvicorn.Server(_config(settings, self.port, self.app))
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
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError(f"server failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                raise TimeoutError("server did not start in time")
            time.sleep(0.02)

    def stop(self, timeout: float = 30.0) -> None:
        self._server.should_exit = True
        self._thread.join(timeout)
