"""Accept a match with an optional first message: enter sends, escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter


class AcceptScreen(ModalScreen[str | None]):
    """Dismisses with the message ("" for none), or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Accept", id="accept.send", tooltip="Accept (enter does too)"),
        Binding("escape", "cancel", "Cancel", id="accept.cancel"),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(f"Accept {self._name}"), classes="dialog-title")
            yield Input(placeholder="Message (optional): enter to accept", id="accept-message")
            yield Label("enter: accept  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    @on(Input.Submitted)
    def action_send(self) -> None:
        self.dismiss(self.query_one("#accept-message", Input).value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
