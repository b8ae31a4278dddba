"""The real app headless with its bundled server, in a process of its own, that the parent
quits or kills (SIGKILL): what a closed terminal or a crash does to it.

Run by test_bundled_process.py as ``python -m tests.tui.bundled_child`` with the parent's
``TALENTTUI_HOME``. Once the login screen shows and the bundled server answers, it prints
``READY`` with this process's pid, the server's pid (from its data dir's lock) and the
server modules this process has imported, as JSON; then a line on stdin makes it quit
with ctrl+q as a person would, stopping the server as ``talenttui`` does.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys

from talenttui.api.config import ClientConfig
from talenttui.embedded import EmbeddedServer
from talenttui.server.data_lock import running_server
from talenttui.tui.app import TalentApp
from talenttui.tui.screens.login import LoginScreen

SERVER_STACK = ("fastapi", "sqlalchemy", "uvicorn", "starlette", "talenttui.server.app")


async def main() -> None:
    config = ClientConfig.load()
    server = EmbeddedServer(config.paths.server_data_dir)
    app = TalentApp(config.embedded(server.url), embedded=server)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            while not isinstance(app.screen, LoginScreen):
                await pilot.pause(0.05)
            await server.wait_ready()
            holder = running_server(server.data_dir)
            loaded = sorted(m for m in SERVER_STACK if m in sys.modules)
            ready = {"app": os.getpid(), "server": holder.pid if holder else None}
            print("READY", json.dumps({**ready, "loaded": loaded}), flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            await pilot.press("ctrl+q")
    finally:
        server.stop()


if __name__ == "__main__":
    asyncio.run(main())
