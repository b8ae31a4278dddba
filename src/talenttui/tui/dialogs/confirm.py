"""A yes/no question before a write: a batch's summary ("reject 12 (reason: Location): enter
to confirm"), or one that cannot be undone (revoking a key, deleting a webhook)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static

from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True on enter (or the verb's button), False on escape. The buttons
    take no focus: a focused button would take enter for itself (a focused Cancel once
    answered enter with cancel) and hide the screen's enter from the footer."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("enter", "confirm", "Confirm", id="confirm.yes"),
        Binding("escape", "cancel", "Cancel", id="confirm.no"),
    ]

    def __init__(self, summary: str, verb: str = "Confirm") -> None:
        super().__init__()
        self.summary = summary
        self._verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(literal(self.summary), id="confirm-summary", classes="dialog-title")
            with Horizontal(classes="buttons"):
                for button in (
                    Button(self._verb, variant="error", id="confirm-yes"),
                    Button("Cancel", id="confirm-no"),
                ):
                    button.can_focus = False  # for the mouse: enter and escape are the screen's
                    yield button
            yield Label(f"enter: {self._verb.lower()}  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    @on(Button.Pressed, "#confirm-yes")
    def action_confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)
