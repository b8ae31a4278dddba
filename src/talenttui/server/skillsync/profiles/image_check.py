"""Is an upload really a PNG, JPEG or WebP image of a sane size? Decided by reading it, not its first bytes.

First the headers are parsed strictly: PNG's IHDR chunk with its CRC and an IEND at
the very end, JPEG's markers up to the frame header and an end marker, WebP's RIFF
length (the whole file, nothing after it) and its VP8/VP8L/VP8X header; the
dimensions must be at most MAX_SIDE a side, so a small file that claims 60,000 x
60,000 pixels (a decompression bomb) is refused before any pixel is decoded. Then,
with Pillow installed (`pip install 'talenttui[images]'`), the image is decoded whole.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass

from talenttui.server.skillsync.profiles.photos import JPEG, PNG, WEBP, ImageKind, sniff

MAX_SIDE = 4096


@dataclass(frozen=True)
class ImageInfo:
    kind: ImageKind
    width: int
    height: int


class ImageRefused(ValueError):
    def __init__(self, issue: str, expected: str) -> None:
        super().__init__(issue)
        self.issue = issue
        self.expected = expected


def _not_an_image() -> ImageRefused:
    return ImageRefused("unsupported_image_type", "A PNG, JPEG or WebP image")


def _sized(kind: ImageKind, width: int, height: int) -> ImageInfo:
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise ImageRefused(
            "image_dimensions", f"At most {MAX_SIDE} x {MAX_SIDE} pixels (got {width} x {height})"
        )
    return ImageInfo(kind, width, height)


def _png(data: bytes) -> tuple[int, int]:
    if len(data) < 45 or data[12:16] != b"IHDR" or struct.unpack(">I", data[8:12])[0] != 13:
        raise _not_an_image()
    (crc,) = struct.unpack(">I", data[29:33])
    if zlib.crc32(data[12:29]) != crc or not data.endswith(b"IEND\xaeB`\x82"):
        raise _not_an_image()
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _jpeg(data: bytes) -> tuple[int, int]:
    if not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _not_an_image()
    at = 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            raise _not_an_image()
        marker = data[at + 1]
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        if marker in _SOF and at + 9 <= len(data):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return int(width), int(height)
        if length < 2:
            raise _not_an_image()
        at += 2 + length
    raise _not_an_image()


def _webp(data: bytes) -> tuple[int, int]:
    if struct.unpack("<I", data[4:8])[0] + 8 != len(data) or len(data) < 30:
        raise _not_an_image()
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return int(width) & 0x3FFF, int(height) & 0x3FFF
    if chunk == b"VP8L" and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    raise _not_an_image()


def parse_headers(data: bytes) -> ImageInfo:
    """The strict header parse, all that is checked when Pillow is not installed."""
    kind = sniff(data[:16])
    if kind is None:
        raise _not_an_image()
    reader = {PNG: _png, JPEG: _jpeg, WEBP: _webp}[kind]
    try:
        width, height = reader(data)
    except (struct.error, IndexError):
        raise _not_an_image() from None
    return _sized(kind, width, height)


_PIL_KINDS = {"PNG": PNG, "JPEG": JPEG, "WEBP": WEBP}


def decode(data: bytes) -> ImageInfo:
    """Pillow's reading of the whole image, dimensions checked before the pixels are decoded."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = _PIL_KINDS.get(image.format or "")
            if kind is None or sniff(data[:16]) != kind:
                raise _not_an_image()
            info = _sized(kind, *image.size)
            image.load()
    except Image.DecompressionBombError:
        raise ImageRefused("image_dimensions", f"At most {MAX_SIDE} x {MAX_SIDE} pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageRefused):
            raise
        raise _not_an_image() from None
    return info


def inspect_image(data: bytes) -> ImageInfo:
    info = parse_headers(data)
    try:
        import PIL  # noqa: F401
    except ImportError:
        return info
    return decode(data)
