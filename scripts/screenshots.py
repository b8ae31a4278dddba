"""Regenerate screenshots/*.svg: the real app against a real demo server, driven by keys.

Usage: .venv/bin/python scripts/screenshots.py

A demo server starts on a free loopback port with its data in a temporary directory, and
the app is seen as its bundled server (so the login screen shows the demo code, as on a
fresh machine). Volatile figures (rate-limit remaining) are fixed so the pictures only
change when the screens do.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from textual.pilot import Pilot

OUT = Path(__file__).resolve().parent.parent / "screenshots"
SIZE = (120, 36)
JANE = "jane.doe@acme.example"
WAIT_SECONDS = 20.0


class Running:
    def __init__(self, url: str) -> None:
        self.url = url

    def start(self) -> None:
        return None

    async def wait_ready(self) -> None:
        return None


async def until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while not condition():
        if loop.time() > deadline:
            raise TimeoutError("the screen did not reach the expected state")
        await pilot.pause(0.05)


async def shoot(url: str) -> None:
    from talenttui.api.config import ClientConfig
    from talenttui.tui.app import TalentApp
    from talenttui.tui.panes.campaigns import CampaignsPane
    from talenttui.tui.panes.conversations import ConversationsPane
    from talenttui.tui.panes.match_feed import MatchFeed
    from talenttui.tui.widgets.match_list import MatchList

    def code_for(email: str) -> str:
        records = httpx.get(f"{url}/api/v1/dev/outbox", params={"email": email}).json()["records"]
        return str(next(m["code"] for m in records if m["code"]))

    app = TalentApp(ClientConfig.load(server=url).embedded(url), embedded=Running(url))

    async def save(pilot: Pilot[None], name: str) -> None:
        app.rate_text = "58/60 req"
        await pilot.pause(0.3)
        app.save_screenshot(str(OUT / f"{name}.svg"))
        print(f"screenshots/{name}.svg")

    async with app.run_test(size=SIZE) as pilot:
        await save(pilot, "login")
        await pilot.press(*JANE, "enter")
        await until(pilot, lambda: "Demo code" in str(app.screen.query_one("#demo-code").render()))
        await save(pilot, "login-code")
        await pilot.press(*code_for(JANE))
        await until(pilot, lambda: bool(app.screen.query(MatchList)))
        feed = app.screen.query_one(MatchFeed)
        await until(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 10)
        await until(pilot, lambda: app.connection == "online")
        await pilot.press("j", "j")
        await save(pilot, "feed")
        await pilot.press("enter")
        await until(
            pilot, lambda: "Strengths" in str(app.screen.query_one("#details-insights").render())
        )
        await save(pilot, "match-details")
        await pilot.press("escape", "slash")
        await until(pilot, lambda: bool(app.screen.query("#min-score")))
        await save(pilot, "filters")
        await pilot.press("escape", "question_mark")
        await save(pilot, "help")
        await pilot.press("escape", "3")
        campaigns = app.screen.query_one(CampaignsPane)
        await until(pilot, lambda: campaigns.link is not None)
        await save(pilot, "campaigns")
        await pilot.press("2")
        conversations = app.screen.query_one(ConversationsPane)
        await until(pilot, lambda: bool(conversations.conversations))
        await pilot.press("j")
        await until(pilot, lambda: conversations.open_id is not None)
        await save(pilot, "messages")
        assert feed.is_mounted


async def main_async(runner: Callable[[str], Awaitable[None]]) -> None:
    from talenttui.server.runner import BackgroundServer
    from talenttui.server.settings import ServerSettings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TALENTTUI_HOME"] = str(Path(tmp) / "home")
        os.environ.pop("TALENTTUI_SERVER", None)
        server = BackgroundServer(
            ServerSettings(data_dir=Path(tmp) / "server", port=0, demo=True, dev=True)
        )
        server.start()
        try:
            await runner(server.url)
        finally:
            server.stop()


if __name__ == "__main__":
    OUT.mkdir(exist_ok=True)
    asyncio.run(main_async(shoot))
