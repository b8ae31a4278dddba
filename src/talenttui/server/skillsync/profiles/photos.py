"""Profile photos: recognised by their first bytes (never by name or declared type), stored under random names."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from talenttui.paths import ensure_private_dir

PHOTO_DIR = "photos"
_NAME = re.compile(r"^[0-9a-f]{32}\.(png|jpg|webp)$")


@dataclass(frozen=True)
class ImageKind:
    extension: str
    content_type: str


PNG = ImageKind("png", "image/png")
JPEG = ImageKind("jpg", "image/jpeg")
WEBP = ImageKind("webp", "image/webp")
KINDS = (PNG, JPEG, WEBP)
_BY_EXTENSION = {kind.extension: kind for kind in KINDS}


def sniff(head: bytes) -> ImageKind | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def kind_of_name(name: str) -> ImageKind | None:
    """The kind of a stored photo, or None for anything that is not one of our names."""
    if not _NAME.fullmatch(name):
        return None
    return _BY_EXTENSION[name.rsplit(".", 1)[1]]


def photo_dir(data_dir: Path) -> Path:
    return data_dir / PHOTO_DIR


def _write(directory: Path, name: str, content: bytes) -> None:
    ensure_private_dir(directory)
    fd = os.open(directory / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(content)


async def store(data_dir: Path, kind: ImageKind, content: bytes) -> str:
    name = f"{secrets.token_hex(16)}.{kind.extension}"
    await asyncio.to_thread(_write, photo_dir(data_dir), name, content)
    return name


def discard(data_dir: Path, name: str | None) -> None:
    """Remove one of our photos; run from commit hooks, so it is one quick unlink."""
    if name is not None and kind_of_name(name) is not None:
        (photo_dir(data_dir) / name).unlink(missing_ok=True)
