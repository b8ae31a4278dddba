"""Where the server URL comes from, in order: argument, environment, config file, default."""

from __future__ import annotations

from pathlib import Path

import pytest

from talenttui.api.config import DEFAULT_SERVER, ClientConfig, ConfigError
from talenttui.paths import resolve_paths


def write_config(text: str) -> Path:
    path = resolve_paths().config_file
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_default_when_nothing_is_configured() -> None:
    config = ClientConfig.load()
    assert (config.server, config.server_source) == (DEFAULT_SERVER, "default")
    assert (config.timeouts.connect, config.timeouts.read) == (5.0, 30.0)
    assert (config.retry.max_attempts, config.retry.max_delay) == (5, 30.0)
    assert config.kiosk is False


def test_config_file_then_environment_then_argument(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config('server = "https://talent.example.com/"\n')
    assert ClientConfig.load().server == "https://talent.example.com"
    assert ClientConfig.load().server_source == "config"

    monkeypatch.setenv("TALENTTUI_SERVER", "http://10.0.0.5:8000")
    assert (ClientConfig.load().server, ClientConfig.load().server_source) == (
        "http://10.0.0.5:8000",
        "environment",
    )

    config = ClientConfig.load("http://localhost:9000/", kiosk=True)
    assert (config.server, config.server_source, config.kiosk) == (
        "http://localhost:9000",
        "argument",
        True,
    )


def test_config_file_without_server_key_falls_back_to_default() -> None:
    write_config('theme = "dark"\n')
    assert ClientConfig.load().server_source == "default"


@pytest.mark.parametrize("text", ['server = "ftp://x"\n', "server = 8000\n"])
def test_bad_server_in_the_config_file_is_reported_with_its_path(text: str) -> None:
    path = write_config(text)
    with pytest.raises(ConfigError, match=str(path.name)):
        ClientConfig.load()


def test_a_config_file_that_is_not_toml_leaves_the_default_server() -> None:
    """The app starts and says what it ignored (tests/tui/test_config_file.py)."""
    write_config("server = [unclosed\n")
    assert ClientConfig.load().server_source == "default"


def test_bad_environment_url_names_the_variable_without_echoing_it() -> None:
    with pytest.raises(ConfigError, match="TALENTTUI_SERVER") as info:
        ClientConfig.load(environ={"TALENTTUI_SERVER": "user:s3cret@host"})
    assert "s3cret" not in str(info.value)
