"""The bundled server as the app sees it: ``talenttui.embedded`` implements it, and
``tui`` never imports that (it would reach the server's package)."""

from __future__ import annotations

from typing import Protocol


class ServerStarter(Protocol):
    @property
    def url(self) -> str: ...
    def start(self) -> None: ...
    async def wait_ready(self) -> None: ...
