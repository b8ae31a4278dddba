"""Kiosk mode with the bundled server: login codes are never read or shown (anyone at the
terminal could sign in as anyone), and no palette command writes a file."""

from __future__ import annotations

import asyncio

import httpx
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.tui.conftest import SARAH, Refusing, app_for, wait_for
from tests.tui.test_login import text_of, type_email

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport
from talenttui.tui.app import TalentApp
from talenttui.tui.screens.shell import ShellScreen


class Recording(Refusing):
    """The real server, with the path of every request kept."""

    def __init__(self) -> None:
        super().__init__({})
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        return await super().handle_async_request(request)


def recorded_app(live: Live, *, kiosk: bool) -> tuple[TalentApp, Recording]:
    app = app_for(live, bundled=True, kiosk=kiosk)
    recording = Recording()
    transport = Transport(app.config, app.credentials, http_transport=recording)
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    return app, recording


async def test_kiosk_never_reads_or_shows_a_login_code(demo_server: Live) -> None:
    app, recording = recorded_app(demo_server, kiosk=True)
    async with app.run_test(size=(100, 30)) as pilot:
        assert not app.screen.query("#demo-hint")
        await type_email(pilot, SARAH)
        await pilot.pause(0.3)
        code = await asyncio.to_thread(latest_code, demo_server.client, SARAH)
        assert text_of(app, "#demo-code") == ""
        assert code not in str(app.screen.query_one("#login-box").render())
        sent = text_of(app, "#sent-to")
        assert "never shown on this terminal" in sent and "talenttui server outbox" in sent
        await pilot.press(*code)
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
    assert not [path for path in recording.paths if "/dev/" in path]


async def test_outside_kiosk_the_bundled_server_shows_the_code(demo_server: Live) -> None:
    """The same app without --kiosk reads the dev outbox: the test above can fail."""
    app, recording = recorded_app(demo_server, kiosk=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        await wait_for(pilot, lambda: "Demo code" in text_of(app, "#demo-code"))
    assert "/api/v1/dev/outbox" in recording.paths


async def test_kiosk_offers_no_palette_command_that_writes_files(demo_server: Live) -> None:
    kiosk = app_for(demo_server, bundled=True, kiosk=True)
    async with kiosk.run_test(size=(100, 30)):
        titles = {command.title for command in kiosk.get_system_commands(kiosk.screen)}
        assert "Screenshot" not in titles and "Quit" in titles
    normal = app_for(demo_server, bundled=True)
    async with normal.run_test(size=(100, 30)):
        assert "Screenshot" in {c.title for c in normal.get_system_commands(normal.screen)}
