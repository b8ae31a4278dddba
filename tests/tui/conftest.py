"""The app against a real server: module-scoped demo servers, signed-in homes, app factories."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login
from textual.css.query import NoMatches
from textual.pilot import Pilot

from talenttui.api.client import TalentClient
from talenttui.api.config import ClientConfig
from talenttui.api.transport import Transport
from talenttui.paths import Paths
from talenttui.server.settings import OtpPolicy, ServerSettings
from talenttui.tui.app import TalentApp

JANE = "jane.doe@acme.example"
SARAH = "sarah.johnson@example.com"


class RunningServer:
    """A server that is already up, seen by the app as its bundled one (demo code shown)."""

    def __init__(self, live: Live) -> None:
        self._live = live

    @property
    def url(self) -> str:
        return self._live.url

    def start(self) -> None:
        return None

    async def wait_ready(self) -> None:
        return None


def demo_settings(data_dir: Path) -> ServerSettings:
    return ServerSettings(
        data_dir=data_dir,
        port=0,
        dev=True,
        demo=True,
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000),
    )


@pytest.fixture(autouse=True)
def _unfreeze_gc() -> Iterator[None]:
    """The feed freezes what is alive after a load (tui/gc_policy.py): thaw it between
    tests, so a test run's servers and apps stay collectable; and a test that ends while
    the collector is held (a login whose feed never painted) does not leave it off."""
    yield
    gc.unfreeze()
    gc.enable()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A demo server for one test module: triage tests change its data."""
    live = Live(demo_settings(tmp_path_factory.mktemp("tui-demo")))
    yield live
    live.close()


def app_for(live: Live, *, bundled: bool = False, kiosk: bool = False) -> TalentApp:
    config = ClientConfig.load(server=live.url, kiosk=kiosk)
    if bundled:
        config = config.embedded(live.url)
    return TalentApp(config, embedded=RunningServer(live) if bundled else None)


async def sign_in(
    live: Live, email: str, *, bundled: bool = False, paths: Paths | None = None
) -> None:
    """Log in through the real OTP flow so the next app starts signed in (session restore);
    ``paths``: in a home of its own (two apps in one test), not ``TALENTTUI_HOME``."""
    config = ClientConfig.load(server=live.url, paths=paths)
    if bundled:
        config = config.embedded(live.url)
    client = TalentClient(config)
    try:
        sent = await client.request_login_code(email)
        code = await asyncio.to_thread(latest_code, live.client, email)
        await client.login_with_code(email, sent.session_id, code)
    finally:
        await client.aclose()


def _holds(condition: Callable[[], bool]) -> bool:
    try:
        return condition()
    except NoMatches:
        return False


async def wait_for(
    pilot: Pilot[None], condition: Callable[[], bool], *, timeout: float = 15.0
) -> None:
    """Let the app work until ``condition`` holds; fail with the screen's state if it never does.

    A query that finds nothing yet (the screen is still composing) counts as not yet.
    """
    deadline = asyncio.get_running_loop().time() + timeout
    while not _holds(condition):
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting; screen is {pilot.app.screen!r}")
        await pilot.pause(0.05)


class Refusing(httpx.AsyncBaseTransport):
    """The real server, except that the given paths answer the given refusal (a fault on
    demand: the demo data has no locked figures to refuse)."""

    def __init__(self, refusals: dict[str, httpx.Response]) -> None:
        self._refusals = refusals
        self._real = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        refusal = self._refusals.get(request.url.path)
        if refusal is not None:
            return httpx.Response(
                refusal.status_code, headers=refusal.headers, content=refusal.content
            )
        return await self._real.handle_async_request(request)

    async def aclose(self) -> None:
        await self._real.aclose()


def app_refusing(live: Live, refusals: dict[str, httpx.Response]) -> TalentApp:
    """``app_for(live)`` whose client meets ``Refusing(refusals)`` on the way to the server."""
    app = app_for(live)
    transport = Transport(app.config, app.credentials, http_transport=Refusing(refusals))
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    return app


async def jane_messages_sarah(live: Live, text: str) -> None:
    """Jane (the demo recruiter) sends Sarah ``text`` through the server's REST API."""
    jane = await asyncio.to_thread(login, live.client, JANE)
    sent = await asyncio.to_thread(
        live.client.post,
        "/v1/messages",
        json={"recipient_id": "user_123", "message": text},
        headers={"Authorization": f"Bearer {jane['token']}"},
    )
    assert sent.status_code == 201, sent.text
