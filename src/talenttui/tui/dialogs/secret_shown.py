"""A secret the server shows once (a new API key, a webhook's signing secret): on screen
until this closes, ``y`` copies it; it is never put in a notice, the log or the cache."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter


class SecretScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("y", "copy", "Copy", id="secret.copy"),
        Binding("escape,enter", "close", "Close", id="secret.close"),
    ]

    def __init__(self, title: str, secret: str, facts: str, *, kept: str) -> None:
        """``kept``: how the server keeps it, the reason it cannot be shown again."""
        super().__init__()
        self._title = title
        self._secret = secret
        self._facts = facts
        self._kept = kept

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Static(literal(self._facts), id="secret-facts")
            yield Static(literal(self._secret), id="secret-value")
            yield Label(f"Shown this once: copy it now. {self._kept}", classes="error")
            yield Label("y: copy  ·  escape: close", classes="dialog-help")
        yield KeyFooter()

    def action_copy(self) -> None:
        self.app.copy_to_clipboard(self._secret)
        self.notify("Copied to the clipboard.")

    def action_close(self) -> None:
        self.dismiss(None)
