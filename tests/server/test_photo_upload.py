"""POST /v1/profiles/{userId}/photo: images recognised by content, stored, served back, size-capped."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

import pytest
from PIL import Image
from sqlalchemy import select

from talenttui.server.models import Photo
from talenttui.server.skillsync.profiles.image_check import ImageRefused, parse_headers
from tests.conftest import Live
from tests.server.skillsync_people import module_server, person, put_profile


def image(kind: str, size: tuple[int, int] = (8, 8)) -> bytes:
    """A real image made by Pillow."""
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def _png() -> bytes:
    return image("PNG")


JPEG = image("JPEG")
WEBP = image("WEBP")


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    with module_server(tmp_path_factory.mktemp("photos"), max_upload_bytes=64 * 1024) as server:
        yield server


def test_a_png_named_txt_is_accepted_stored_and_served(shared: Live) -> None:
    me = person(shared)
    png = _png()
    resp = shared.client.post(
        "/v1/profiles/me/photo",
        files={"photo": ("notes.txt", png, "text/plain")},
        headers=me.headers,
    )
    assert resp.status_code == 200, resp.text
    data = resp.json()["data"]
    assert data["content_type"] == "image/png" and data["size_bytes"] == len(png)
    assert data["avatar"].startswith(shared.url + "/v1/photos/") and data["avatar"].endswith(".png")
    assert "notes" not in data["avatar"]
    assert data["profile"]["avatar"] == data["avatar"]

    profile = shared.client.get("/v1/profiles/me", headers=me.headers).json()["data"]
    assert profile["avatar"] == data["avatar"]
    served = shared.client.get(data["avatar"].removeprefix(shared.url))
    assert served.status_code == 200
    assert served.content == png
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(("content", "kind"), [(JPEG, "image/jpeg"), (WEBP, "image/webp")])
def test_jpeg_and_webp_are_recognised(shared: Live, content: bytes, kind: str) -> None:
    me = person(shared)
    resp = shared.client.post(
        "/v1/profiles/me/photo",
        files={"photo": ("upload.bin", content, "application/octet-stream")},
        headers=me.headers,
    )
    assert resp.status_code == 200, resp.text
    assert resp.json()["data"]["content_type"] == kind


@pytest.mark.parametrize(
    ("files", "issue"),
    [
        ({"photo": ("avatar.png", b"just some text, honestly", "image/png")}, "unsupported_image_type"),
        ({"photo": ("avatar.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")}, "unsupported_image_type"),
        ({"photo": ("empty.png", b"", "image/png")}, "empty_file"),
        ({"picture": ("avatar.png", _png(), "image/png")}, "missing"),
    ],
)  # fmt: skip
def test_non_images_are_refused_naming_photo(
    shared: Live, files: dict[str, tuple[str, bytes, str]], issue: str
) -> None:
    me = person(shared)
    put_profile(shared, me, {"name": "Unchanged"})
    resp = shared.client.post("/v1/profiles/me/photo", files=files, headers=me.headers)
    assert resp.status_code == 422, resp.text
    error = resp.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert error["details"]["field"] == "photo" and error["details"]["issue"] == issue
    assert shared.client.get("/v1/profiles/me", headers=me.headers).json()["data"]["avatar"] is None


def test_bodies_over_the_upload_cap_get_413(shared: Live) -> None:
    me = person(shared)
    big = _png() + b"\x00" * (64 * 1024)
    resp = shared.client.post(
        "/v1/profiles/me/photo", files={"photo": ("big.png", big, "image/png")}, headers=me.headers
    )
    assert resp.status_code == 413
    assert resp.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"


def test_replacing_a_photo_removes_the_old_file(shared: Live) -> None:
    me = person(shared)
    first = shared.client.post(
        "/v1/profiles/me/photo", files={"photo": ("a.png", _png(), "image/png")}, headers=me.headers
    ).json()["data"]["avatar"]
    second = shared.client.post(
        "/v1/profiles/me/photo", files={"photo": ("b.jpg", JPEG, "image/jpeg")}, headers=me.headers
    ).json()["data"]["avatar"]
    assert first != second
    with shared.db() as session:
        kept = set(session.scalars(select(Photo.name)))
    assert first.rsplit("/", 1)[1] not in kept and second.rsplit("/", 1)[1] in kept
    assert shared.client.get(first.removeprefix(shared.url)).status_code == 404
    assert shared.client.get(second.removeprefix(shared.url)).status_code == 200


def test_someone_elses_photo_and_no_token(shared: Live) -> None:
    me, other = person(shared), person(shared)
    files = {"photo": ("a.png", _png(), "image/png")}
    resp = shared.client.post(
        f"/v1/profiles/{other.public_id}/photo", files=files, headers=me.headers
    )
    assert resp.status_code == 403
    assert resp.json()["error"]["code"] == "INSUFFICIENT_PERMISSIONS"
    assert (
        shared.client.get("/v1/profiles/me", headers=other.headers).json()["data"]["avatar"] is None
    )
    anonymous = shared.client.post("/v1/profiles/me/photo", files=files)
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "INVALID_API_KEY"


@pytest.mark.parametrize(
    "name",
    ["0" * 32 + ".png", "..%2Fserver-secret", "%2E%2E%2Ftalenttui.db", "x.png", "0" * 32 + ".exe"],
)
def test_unknown_or_crafted_photo_names_are_404(shared: Live, name: str) -> None:
    resp = shared.client.get(f"/v1/photos/{name}")
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def _bomb() -> bytes:
    """A valid little PNG whose header claims 60,000 x 60,000 pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _broken(data: bytes) -> bytes:
    """The first bytes of a real image, then noise: right magic, wrong body."""
    return data[:40] + bytes(range(256)) * 4


@pytest.mark.parametrize(
    ("content", "issue"),
    [
        (_bomb(), "image_dimensions"),
        (image("PNG", (5000, 10)), "image_dimensions"),
        (_broken(image("PNG")), "unsupported_image_type"),
        (_broken(image("JPEG")), "unsupported_image_type"),
        (_broken(image("WEBP")), "unsupported_image_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "unsupported_image_type"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 60 + b"\xff\xd9", "unsupported_image_type"),
    ],
)
def test_an_upload_is_decoded_not_just_sniffed(shared: Live, content: bytes, issue: str) -> None:
    me = person(shared)
    resp = shared.client.post(
        "/v1/profiles/me/photo",
        files={"photo": ("x.png", content, "image/png")},
        headers=me.headers,
    )
    assert resp.status_code == 422, resp.text
    details = resp.json()["error"]["details"]
    assert (details["field"], details["issue"]) == ("photo", issue)


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP"])
def test_the_header_parse_without_pillow_reads_real_images_and_refuses_broken_ones(
    kind: str,
) -> None:
    info = parse_headers(image(kind, (31, 17)))
    assert (info.width, info.height) == (31, 17)
    for bad in (_broken(image(kind)), image(kind)[:30]):
        with pytest.raises(ImageRefused):
            parse_headers(bad)
    with pytest.raises(ImageRefused) as huge:
        parse_headers(image(kind, (4097, 1)) if kind != "JPEG" else image(kind, (1, 4097)))
    assert huge.value.issue == "image_dimensions"
