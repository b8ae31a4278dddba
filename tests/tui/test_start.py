"""`talenttui` picks its server: the bundled one by default, else --server, TALENTTUI_SERVER, config."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from talenttui import cli
from talenttui.api.config import ClientConfig
from talenttui.embedded import EmbeddedServer
from talenttui.tui.app import TalentApp


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[TalentApp]:
    """The apps `talenttui` would have run, without taking over the terminal."""
    apps: list[TalentApp] = []

    def run(self: TalentApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(TalentApp, "run", run)
    return apps


def test_no_server_configured_means_the_bundled_one(launched: list[TalentApp]) -> None:
    assert cli.main([]) == 0
    [app] = launched
    assert isinstance(app.embedded, EmbeddedServer)
    assert app.config.server == app.embedded.url
    assert app.config.server.startswith("http://127.0.0.1:")
    assert app.config.store_key == "embedded"
    assert app.embedded.data_dir == ClientConfig.load().paths.server_data_dir


def test_server_flag_environment_and_config_select_another(
    launched: list[TalentApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.main(["--server", "https://talent.example.com/"])
    monkeypatch.setenv("TALENTTUI_SERVER", "http://10.0.0.5:9000")
    cli.main([])
    monkeypatch.delenv("TALENTTUI_SERVER")
    config_file = ClientConfig.load().paths.config_file
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text('server = "http://192.0.2.7:8000"\n')
    cli.main(["--kiosk"])
    servers = [(app.config.server, app.embedded, app.config.kiosk) for app in launched]
    assert servers == [
        ("https://talent.example.com", None, False),
        ("http://10.0.0.5:9000", None, False),
        ("http://192.0.2.7:8000", None, True),
    ]
    assert launched[2].idle_logout_seconds == cli.KIOSK_IDLE_SECONDS


def test_a_bad_server_url_is_refused_before_the_screen_opens(
    launched: list[TalentApp], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--server", "ftp://nope"]) == 2
    assert not launched
    assert "talenttui:" in capsys.readouterr().err


async def test_the_bundled_server_serves_demo_data_and_keeps_it(tmp_path: Path) -> None:
    server = EmbeddedServer(tmp_path / "server")
    try:
        await server.wait_ready()
        health = httpx.get(f"{server.url}/healthz")
        assert health.status_code == 200
        codes = httpx.get(
            f"{server.url}/api/v1/dev/outbox", params={"email": "jane.doe@acme.example"}
        )
        assert codes.status_code == 200
        assert (tmp_path / "server" / "talenttui.db").exists()
        log = tmp_path / "server" / "server.log"
        assert log.exists() and stat.S_IMODE(log.stat().st_mode) == 0o600
    finally:
        server.stop()


LOGIN_PATH_PROBE = """
import json, sys
import talenttui.cli, talenttui.embedded, talenttui.tui.app, talenttui.tui.screens.login
heavy = {"sqlite3", "pydantic", "httpx", "websockets", "fastapi", "sqlalchemy", "uvicorn"}
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
"""


def test_the_login_screen_path_imports_no_network_storage_or_server_stack() -> None:
    """Cold start is measured against a bare Textual app: what paints the login screen
    must not pull in pydantic, httpx, sqlite3 or the server (they load after the paint)."""
    out = subprocess.run(
        [sys.executable, "-c", LOGIN_PATH_PROBE], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []
