"""Shared fixtures: a real server on 127.0.0.1, a clock tests can move, and no real user files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from talenttui.server.runner import BackgroundServer
from talenttui.server.settings import OtpPolicy, ServerSettings


class FakeClock:
    """Wall time plus an offset the test controls, so expiry needs no sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0
        self.frozen_at: float | None = None

    def __call__(self) -> float:
        base = self.frozen_at if self.frozen_at is not None else time.time()
        return base + self.offset

    def freeze(self) -> None:
        """Stop the wall clock (only `advance` moves time), for counts that must not refill."""
        self.frozen_at = time.time()

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Keep the developer's own config, data and cache out of every test."""
    home = tmp_path_factory.mktemp("talenttui-home")
    monkeypatch.setenv("TALENTTUI_HOME", str(home))
    monkeypatch.delenv("TALENTTUI_SERVER", raising=False)
    return home


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def make_settings(tmp_path: Path, clock: FakeClock) -> Callable[..., ServerSettings]:
    def _make(**overrides: Any) -> ServerSettings:
        base = ServerSettings(
            data_dir=tmp_path / "server",
            port=0,
            dev=True,
            clock=clock,
            otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=1000),
        )
        return replace(base, **overrides)

    return _make


class Live:
    """A running server and a client pointed at it; `restart()` keeps the data dir."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.server = BackgroundServer(settings)
        self.server.start()
        self.client = httpx.Client(base_url=self.server.url, timeout=30)

    @property
    def url(self) -> str:
        return self.server.url

    def restart(self, **overrides: Any) -> None:
        self.client.close()
        self.server.stop()
        self.settings = replace(self.settings, **overrides)
        self.server = BackgroundServer(replace(self.settings, port=self.server.port))
        self.server.start()
        self.client = httpx.Client(base_url=self.server.url, timeout=30)

    def close(self) -> None:
        self.client.close()
        self.server.stop()


@pytest.fixture
def start_server(make_settings: Callable[..., ServerSettings]) -> Iterator[Callable[..., Live]]:
    started: list[Live] = []

    def _start(**overrides: Any) -> Live:
        live = Live(make_settings(**overrides))
        started.append(live)
        return live

    yield _start
    for live in started:
        live.close()


@pytest.fixture
def live(start_server: Callable[..., Live]) -> Live:
    """An empty dev server."""
    return start_server()


@pytest.fixture(scope="session")
def demo_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """One demo server shared by read-mostly tests; tests that write use their own."""
    settings = ServerSettings(
        data_dir=tmp_path_factory.mktemp("demo-server"),
        port=0,
        dev=True,
        demo=True,
        otp=OtpPolicy(resend_cooldown_seconds=0, max_sends_per_hour=10_000),
    )
    server = Live(settings)
    yield server
    server.close()
