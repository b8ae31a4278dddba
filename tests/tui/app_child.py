"""The real app, headless in a process of its own, that the parent kills (SIGKILL) right
after a key: what a closed terminal or a dropped SSH session does to it.

Run by test_outbox_first.py as ``python -m tests.tui.app_child SERVER MESSAGE`` with the
parent's ``TALENTTUI_HOME`` (already signed in). It loads the feed, prints ``READY`` with
the id of the first new match, waits for a line on stdin (the parent may stop the server
meanwhile), accepts that match with MESSAGE, prints ``PRESSED`` and carries on until killed.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable

from textual.pilot import Pilot

from talenttui.api.config import ClientConfig
from talenttui.tui.app import TalentApp
from talenttui.tui.widgets.match_list import MatchList


async def until(condition: Callable[[], object], pilot: Pilot[None]) -> None:
    for _ in range(600):
        if condition():
            return
        await pilot.pause(0.05)
    raise SystemExit("the screen did not get there")


async def main(server: str, message: str) -> None:
    app = TalentApp(ClientConfig.load(server=server))
    async with app.run_test(size=(120, 40)) as pilot:

        def rows() -> MatchList:
            return app.screen.query_one(MatchList)

        await until(lambda: app.screen.query(MatchList) and len(rows().matches) > 3, pilot)
        index = next(i for i, m in enumerate(rows().matches) if m.status == "new")
        rows().move_to(index)
        await pilot.pause()
        print("READY", rows().matches[index].id, flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        await pilot.press("a")
        await until(lambda: bool(app.screen.query("#accept-message")), pilot)
        await pilot.press(*message, "enter")
        print("PRESSED", flush=True)
        await asyncio.sleep(120)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
