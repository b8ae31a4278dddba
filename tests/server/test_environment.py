"""Every server setting from TALENTTUI_* variables; flags win, then the environment, then
server.toml; a value of the wrong type stops the server with the variable's name."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from talenttui.server.cli import settings_from
from talenttui.server.environment import environment_of
from talenttui.server.settings import SettingsError


def test_variables_set_what_flags_do_not(tmp_path: Path) -> None:
    env = {
        "TALENTTUI_DATA_DIR": str(tmp_path / "data"),
        "TALENTTUI_DATABASE_URL": "postgresql+asyncpg://app@db.internal/talenttui",
        "TALENTTUI_PORT": "9001",
        "TALENTTUI_DEMO": "yes",
        "TALENTTUI_WORKERS": "4",
        "TALENTTUI_PUBLIC_URL": "https://talent.example.org",
        "TALENTTUI_SECRET_FILE": str(tmp_path / "secret"),
        "TALENTTUI_OTP_TTL_SECONDS": "300",
        "TALENTTUI_WEBHOOK_TIMEOUT_SECONDS": "2.5",
        "TALENTTUI_HOST": "",  # empty counts as unset
    }
    settings = settings_from({"port": 9002}, env)
    assert settings.port == 9002  # the flag wins
    assert settings.data_dir == tmp_path / "data"
    assert settings.database_url == env["TALENTTUI_DATABASE_URL"]
    assert (settings.demo, settings.workers, settings.host) == (True, 4, "127.0.0.1")
    assert settings.public_url == "https://talent.example.org"
    assert settings.secret_file == tmp_path / "secret"
    assert settings.otp.ttl_seconds == 300 and settings.otp.max_tries_per_session == 5
    assert settings.webhook_timeout_seconds == 2.5


def test_the_smtp_password_comes_from_the_environment(tmp_path: Path) -> None:
    (tmp_path / "server.toml").write_text('[smtp]\nhost = "mail.example.org"\nusername = "app"\n')
    env = {"TALENTTUI_DATA_DIR": str(tmp_path), "TALENTTUI_SMTP_PASSWORD": "s3cret"}
    smtp = settings_from({}, env).smtp
    assert smtp is not None
    assert (smtp.host, smtp.username, smtp.password) == ("mail.example.org", "app", "s3cret")
    assert "s3cret" not in repr(smtp)
    alone = settings_from(
        {}, {"TALENTTUI_DATA_DIR": str(tmp_path / "x"), "TALENTTUI_SMTP_HOST": "m"}
    )
    assert alone.smtp is not None and alone.smtp.host == "m" and alone.smtp.port == 587


@pytest.mark.parametrize(
    ("name", "value"),
    [("TALENTTUI_PORT", "eighty"), ("TALENTTUI_DEV", "maybe"), ("TALENTTUI_SMTP_PORT", "x")],
)
def test_a_bad_value_names_its_variable(tmp_path: Path, name: str, value: str) -> None:
    env = {"TALENTTUI_DATA_DIR": str(tmp_path), "TALENTTUI_SMTP_HOST": "m", name: value}
    with pytest.raises(SettingsError, match=name):
        settings_from({}, env)


def test_the_command_stops_on_a_bad_value(tmp_path: Path) -> None:
    env = {**os.environ, "TALENTTUI_HOME": str(tmp_path), "TALENTTUI_PORT": "eighty"}
    result = subprocess.run(
        [sys.executable, "-m", "talenttui", "server"], env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "TALENTTUI_PORT: expected int, got 'eighty'" in result.stderr


def test_settings_survive_the_trip_to_worker_processes(tmp_path: Path) -> None:
    env = {
        "TALENTTUI_DATA_DIR": str(tmp_path),
        "TALENTTUI_DATABASE_URL": "postgresql+asyncpg://app@db/t",
        "TALENTTUI_SMTP_HOST": "mail.example.org",
        "TALENTTUI_SMTP_TLS": "none",
        "TALENTTUI_OTP_MAX_SENDS_PER_HOUR": "3",
    }
    settings = settings_from({"workers": 3, "dev": True}, env)
    again = settings_from({}, environment_of(settings))
    assert again == settings
