"""A warm start (a saved session, a filled cache) paints the feed from the cache first:
it does not wait for the network stack, and what the first picture does not show waits
until the rows are on screen."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.test_feed import feed_loaded, feed_of

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport


async def cache_filled(live: Live) -> None:
    """Jane signed in, and her feed's first page in the cache (one run of the app)."""
    await sign_in(live, JANE)
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)


async def test_the_cached_feed_paints_while_the_network_stack_is_still_being_made(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Making the transport (importing httpx, a TLS context) is held here until the rows
    are shown: they come from the cache without it, and the refresh follows once it is made."""
    await cache_filled(demo_server)
    made = threading.Event()
    real = TalentClient._new_transport

    def held(client: TalentClient) -> Transport:
        made.wait(30)
        return real(client)

    monkeypatch.setattr(TalentClient, "_new_transport", held)
    app = app_for(demo_server)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await feed_loaded(pilot, app)
            assert feed_of(app).source == "cache"
            assert app._client is not None and app._client._transport is None
            made.set()
            await wait_for(pilot, lambda: app._client is not None and app._client.online is True)
            assert app.focused is feed_of(app).match_list
    finally:
        made.set()


async def test_the_feeds_refresh_waits_until_its_cached_rows_are_painted(
    demo_server: Live, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refresh (a request, its parse, a redraw) would compete with the first picture:
    it is sent once the shell says its first load is on screen."""
    await cache_filled(demo_server)
    app = app_for(demo_server)
    seen: list[tuple[bool, int]] = []
    real = Transport.request

    async def request(transport: Transport, method: str, path: str, **kwargs: Any) -> Any:
        if path.startswith("/v1/matches/"):
            seen.append((app._settled.is_set(), len(feed_of(app).match_list.matches)))
        return await real(transport, method, path, **kwargs)

    monkeypatch.setattr(Transport, "request", request)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: bool(seen) and feed_of(app).source == "network")
        settled, rows = seen[0]
        assert settled and rows > 0


WARM_PATH_PROBE = """
import json, sys
import talenttui.cli, talenttui.tui.app, talenttui.tui.screens.shell
import talenttui.api.client, talenttui.api.cache, talenttui.api.outbox
import talenttui.api.endpoints.matches
heavy = {"httpx", "httpcore", "websockets", "fastapi", "sqlalchemy", "uvicorn"}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def test_the_warm_path_to_the_cached_feed_imports_no_network_stack() -> None:
    """What paints the feed from the cache (the shell, the feed, the client, its cache and
    outbox) imports no httpx or websockets: those load in a thread for the refresh."""
    out = subprocess.run(
        [sys.executable, "-c", WARM_PATH_PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
