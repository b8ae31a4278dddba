"""One line at the bottom: connection state, who, which server, rate-limit remaining, queued writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.content import Content
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


SEPARATOR = "  │  "


class StatusBar(Widget):
    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    def __init__(self, user: str = "", role: str = "") -> None:
        """Who is signed in is fixed for the shell's life (a new login makes a new shell)."""
        super().__init__()
        self.user = user
        self.role = role

    def on_mount(self) -> None:
        app = cast("TalentApp", self.app)
        self.watch(app, "connection", self._refresh_later, init=False)
        self.watch(app, "rate_text", self._refresh_later, init=False)
        self.watch(app, "queued", self._refresh_later, init=False)

    def _refresh_later(self, _value: object) -> None:
        self.refresh()

    def render(self) -> Content:
        """Parts that do not fit are dropped, least useful first (server, then the role,
        then the user), so the rate-limit and queue figures survive at 80 columns."""
        app = cast("TalentApp", self.app)
        text, colour = _STATE_GLYPH.get(app.connection, (app.connection, ""))
        state = Content.styled(text, f"bold {colour}".strip())
        tail: list[Content] = []
        if app.rate_text:
            tail.append(Content(app.rate_text))
        if app.queued:
            tail.append(Content.styled(f"{app.queued} queued", "bold yellow"))
        server = Content.styled(app.server_label, "dim")
        choices: list[list[Content]] = []
        if self.user:
            who = Content(f"{self.user} ({self.role})" if self.role else self.user)
            choices += [[who, server], [who], [Content(self.user)]]
        else:
            choices.append([server])
        choices.append([])
        width = self.content_region.width or self.size.width
        for middle in choices:
            line = Content(SEPARATOR).join([state, *middle, *tail])
            if line.cell_length <= width:
                return line
        return line
