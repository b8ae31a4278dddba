"""Profile photos: recognised by their first bytes (never by name or declared type), stored
under random names in the database, so every server process on it serves every photo."""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from talenttui.server.db import insert_or_ignore
from talenttui.server.models import Photo

log = logging.getLogger("talenttui.photos")

PHOTO_DIR = "photos"  # where earlier versions kept them; moved into the database at start
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


def store(db: AsyncSession, kind: ImageKind, content: bytes, now: datetime) -> str:
    """Add the photo to the caller's transaction; returns its name."""
    name = f"{secrets.token_hex(16)}.{kind.extension}"
    db.add(Photo(name=name, content_type=kind.content_type, data=content, created_at=now))
    return name


async def discard(db: AsyncSession, name: str | None) -> None:
    """Remove one of our photos, in the caller's transaction."""
    if name is not None and kind_of_name(name) is not None:
        await db.execute(delete(Photo).where(Photo.name == name))


async def read(db: AsyncSession, name: str) -> Photo | None:
    if kind_of_name(name) is None:
        return None
    found: Photo | None = await db.scalar(select(Photo).where(Photo.name == name))
    return found


async def import_files(
    data_dir: Path, writes: async_sessionmaker[AsyncSession], now: datetime
) -> int:
    """Photos an older version kept in `<data-dir>/photos/` move into the database, once."""
    directory = data_dir / PHOTO_DIR
    files = await asyncio.to_thread(
        lambda: sorted(directory.glob("*")) if directory.is_dir() else []
    )
    moved = 0
    for path in files:
        kind = kind_of_name(path.name)
        if kind is None:
            continue
        content = await asyncio.to_thread(path.read_bytes)
        async with writes() as db:
            await db.execute(
                insert_or_ignore(
                    db,
                    Photo,
                    name=path.name,
                    content_type=kind.content_type,
                    data=content,
                    created_at=now,
                )
            )
            await db.commit()
        await asyncio.to_thread(path.unlink)
        moved += 1
    if moved:
        log.info("moved %d photos from %s into the database", moved, directory)
    return moved
