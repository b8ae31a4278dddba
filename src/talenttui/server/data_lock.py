"""One server per SQLite data dir: a lock file that also says where that server listens.

SQLite lets one process write at a time; two servers on one data dir would queue on
each other's writes and each keep realtime and rate limits the other cannot see. So a
server on SQLite holds an exclusive `flock` on `<data-dir>/server.lock` while it runs
(the kernel drops it when the process ends, however it ends) and writes its pid and
URL into it. A second server refuses to start and names the first; the app, before
starting its bundled server, reads the URL and uses that server instead. Imports
nothing heavy: the app reads it before its first paint.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path

LOCK_FILE = "server.lock"


@dataclass(frozen=True)
class Holder:
    pid: int | None
    url: str | None


class DataDirBusy(RuntimeError):
    def __init__(self, data_dir: Path, holder: Holder) -> None:
        where = f" at {holder.url}" if holder.url else ""
        pid = f" (pid {holder.pid})" if holder.pid else ""
        super().__init__(
            f"another talenttui server{pid} is already serving {data_dir}{where}; "
            "stop it, or give this one another --data-dir (or a PostgreSQL --database-url)"
        )
        self.holder = holder


def _read(path: Path) -> Holder:
    try:
        record = json.loads(path.read_text() or "{}")
    except (OSError, ValueError):
        record = {}
    if not isinstance(record, dict):
        record = {}
    pid, url = record.get("pid"), record.get("url")
    return Holder(pid if isinstance(pid, int) else None, url if isinstance(url, str) else None)


class DataDirLock:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.path = data_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, url: str) -> None:
        """Hold the data dir for this process, or raise DataDirBusy naming who holds it."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise DataDirBusy(self.data_dir, _read(self.path)) from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "url": url}).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing drops the flock
            self._fd = None


def running_server(data_dir: Path) -> Holder | None:
    """Who holds `data_dir`, if a live server does (a stale file left by a crash is not one)."""
    path = data_dir / LOCK_FILE
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read(path)
    finally:
        os.close(fd)
    return None
