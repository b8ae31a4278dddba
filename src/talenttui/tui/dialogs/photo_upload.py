"""Upload a profile photo from a file path: the file's name and size are shown before it
is sent, and the server (which reads PNG, JPEG and WebP by their bytes, up to 5 MiB) judges
the rest. Sent at once, not through the outbox: the file is not copied into it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import send_now
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.profiles import PhotoUploaded
    from talenttui.tui.session import Session

MAX_PHOTO_BYTES = 5 * 1024 * 1024
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp"}


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def preview(path: Path) -> tuple[str, bool]:
    """What the dialog says about the file, and whether it may be sent."""
    try:
        info = path.stat()
    except OSError as exc:
        return f"Cannot read {path.name or path}: {exc.strerror or exc}", False
    if not path.is_file():
        return f"{path.name}: not a file", False
    if info.st_size == 0:
        return f"{path.name}: the file is empty", False
    if info.st_size > MAX_PHOTO_BYTES:
        return f"{path.name}, {size_text(info.st_size)}: larger than 5 MiB", False
    return f"{path.name}, {size_text(info.st_size)}", True


class PhotoUploadScreen(ReportsFailures, ModalScreen["PhotoUploaded | None"]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "upload", "Upload", id="photo.upload"),
        Binding("escape", "cancel", "Cancel", id="photo.cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._sending = False
        """A second ctrl+s while the first is on its way sends nothing more."""
        self.session = session
        self._ready: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog compact"):
            yield Label("Upload a profile photo", classes="dialog-title")
            yield Label("Path of a PNG, JPEG or WebP file (up to 5 MiB)")
            yield Input(placeholder="~/Pictures/me.jpg", id="photo-path")
            yield Notice(id="photo-preview")
            yield Notice(id="form-status")
            with Horizontal(classes="buttons"):
                yield Button("Upload", variant="primary", id="photo-send", disabled=True)
                yield Button("Cancel", id="photo-cancel")
            yield Label("enter: upload  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    def _say(self, selector: str, text: str, *, error: bool = False) -> None:
        self.query_one(selector, Notice).say(text, error=error)

    @on(Input.Changed, "#photo-path")
    def _path_changed(self, event: Input.Changed) -> None:
        self._ready = None
        self.query_one("#photo-send", Button).disabled = True
        if event.value.strip():
            self.look_at(Path(event.value.strip()).expanduser())
        else:
            self._say("#photo-preview", "")

    @work(group="photo-preview", exclusive=True, exit_on_error=False)
    async def look_at(self, path: Path) -> None:
        """Only a stat: cancelling it (the next key typed) changes nothing."""
        text, ok = await asyncio.to_thread(preview, path)
        self._say("#photo-preview", text, error=not ok)
        self._ready = path if ok else None
        self.query_one("#photo-send", Button).disabled = not ok

    @on(Input.Submitted)
    @on(Button.Pressed, "#photo-send")
    def action_upload(self) -> None:
        if self._sending:
            return
        if self._ready is None:
            self._say("#form-status", "Type the path of an image file first.", error=True)
            return
        self._sending = True
        self.send_photo(self._ready)

    @work(group="photo-send", exit_on_error=False)
    async def send_photo(self, path: Path) -> None:
        from talenttui.api.endpoints.profiles import upload_photo

        self.query_one("#photo-send", Button).disabled = True
        self._say("#form-status", "Uploading…")
        try:
            content = await asyncio.to_thread(path.read_bytes)
        except OSError as exc:
            self._say("#form-status", f"Cannot read the file: {exc.strerror or exc}", error=True)
            self._sending = False
            return
        call = upload_photo(
            content, filename=path.name, content_type=TYPES.get(path.suffix.lower(), "")
        )
        await send_now(self.session, call, done=self._uploaded, failed=self._refused)

    def _uploaded(self, uploaded: PhotoUploaded) -> None:
        self.notify(f"Photo uploaded ({size_text(uploaded.size_bytes or 0)}).", title="Profile")
        self.dismiss(uploaded)

    def _refused(self, exc: ApiError) -> None:
        self._sending = False
        self._say("#form-status", f"Not uploaded: {exc.message}", error=True)
        self.query_one("#photo-send", Button).disabled = False

    @on(Button.Pressed, "#photo-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
