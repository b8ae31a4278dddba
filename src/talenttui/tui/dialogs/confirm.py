"""The summary before a batch runs ("reject 12 (reason: Location): enter to confirm")."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True on enter, False on escape."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("enter", "answer(True)", "Confirm", id="confirm.yes"),
        Binding("escape", "answer(False)", "Cancel", id="confirm.no"),
    ]

    def __init__(self, summary: str) -> None:
        super().__init__()
        self.summary = summary

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.summary), id="confirm-summary", classes="dialog-title")
            yield Label("enter: confirm  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
