"""One line at the bottom: connection state, who, which server, rate-limit remaining, queued writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

if TYPE_CHECKING:
    from talenttui.tui.app import TalentApp

_STATE_GLYPH = {
    "online": ("● online", "green"),
    "reconnecting": ("◐ reconnecting", "yellow"),
    "connecting": ("◌ connecting", "yellow"),
    "offline": ("○ offline", "red"),
    "closed": ("○ offline", "red"),
}


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    user: reactive[str] = reactive("")

    def __init__(self, user: str = "") -> None:
        super().__init__()
        self.set_reactive(StatusBar.user, user)

    def on_mount(self) -> None:
        app = cast("TalentApp", self.app)
        self.watch(app, "connection", self._refresh_later, init=False)
        self.watch(app, "rate_text", self._refresh_later, init=False)
        self.watch(app, "queued", self._refresh_later, init=False)

    def _refresh_later(self, _value: object) -> None:
        self.refresh()

    def render(self) -> Content:
        app = cast("TalentApp", self.app)
        text, colour = _STATE_GLYPH.get(app.connection, (app.connection, ""))
        parts: list[Content | str | tuple[str, str]] = [(text, f"bold {colour}".strip())]
        if self.user:
            parts += ["  │  ", self.user]
        parts += ["  │  ", (app.server_label, "dim")]
        if app.rate_text:
            parts += ["  │  ", app.rate_text]
        if app.queued:
            parts += ["  │  ", (f"{app.queued} queued", "bold yellow")]
        return Content.assemble(*parts)
