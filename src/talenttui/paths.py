"""Where talenttui keeps its files.

`TALENTTUI_HOME` puts config, data and cache under one directory so that tests,
kiosks and demos never touch the user's real files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "talenttui"


@dataclass(frozen=True)
class Paths:
    config_dir: Path
    data_dir: Path
    cache_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def server_data_dir(self) -> Path:
        return self.data_dir / "server"


def resolve_paths() -> Paths:
    home = os.environ.get("TALENTTUI_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(root / "config", root / "data", root / "cache")
    import platformdirs

    return Paths(
        Path(platformdirs.user_config_dir(APP_NAME)),
        Path(platformdirs.user_data_dir(APP_NAME)),
        Path(platformdirs.user_cache_dir(APP_NAME)),
    )


def ensure_private_dir(path: Path) -> Path:
    """A directory readable by its owner only, made so even when it already existed: it holds secrets."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def create_private_file(path: Path) -> Path:
    """A file (created empty if missing) that only its owner can read, in a private directory.

    Made before SQLite opens it: SQLite gives its journal files (-wal, -shm) the mode of
    the database file.
    """
    ensure_private_dir(path.parent)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    for journal in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if journal.exists():
            os.chmod(journal, 0o600)
    return path
