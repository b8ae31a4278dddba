"""One line at the bottom: connection state, who, which server, unread messages, rate-limit
remaining, queued writes."""

from __future__ import annotations

from functools import partial

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

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

    MIRRORED = ("connection", "rate_text", "queued")
    """The app's reactives of these names, copied here as they change."""
    connection: reactive[str] = reactive("connecting")
    rate_text: reactive[str] = reactive("")
    queued: reactive[int] = reactive(0)
    unread: reactive[int] = reactive(0)
    """Unread messages, set by the shell from the Messages tab's list."""

    def __init__(self, server: str, user: str = "", role: str = "") -> None:
        """Who is signed in is fixed for the shell's life (a new login makes a new shell)."""
        super().__init__()
        self.server = server
        self.user = user
        self.role = role

    def on_mount(self) -> None:
        for name in self.MIRRORED:
            self.watch(self.app, name, partial(setattr, self, name))

    def render(self) -> Content:
        """Parts that do not fit are dropped, least useful first (server, then the role,
        then the user), so the rate-limit and queue figures survive at 80 columns."""
        text, colour = _STATE_GLYPH.get(self.connection, (self.connection, ""))
        state = Content.styled(text, f"bold {colour}".strip())
        tail: list[Content] = []
        if self.unread:
            tail.append(Content.styled(f"{self.unread} unread", "bold"))
        if self.rate_text:
            tail.append(Content(self.rate_text))
        if self.queued:
            tail.append(Content.styled(f"{self.queued} queued", "bold yellow"))
        server = Content.styled(self.server, "dim")
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
