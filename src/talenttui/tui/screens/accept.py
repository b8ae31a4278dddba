"""Accept a match with an optional first message: enter sends, escape cancels."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from talenttui.tui.text import literal


class AcceptScreen(ModalScreen[str | None]):
    """Dismisses with the message ("" for none), or None when cancelled."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="accept.cancel")]

    def __init__(self, name: str) -> None:
        super().__init__()
        self._name = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(f"Accept {self._name}"), classes="dialog-title")
            yield Input(placeholder="Message (optional): enter to accept", id="accept-message")
            yield Label("enter: accept  ·  escape: cancel", classes="dialog-help")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
