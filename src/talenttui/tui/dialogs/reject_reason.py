"""Reject with a reason: one key, ``1`` to ``9``, picks it from the list in
``config.toml`` (``[triage] reject_reasons``); the reason goes in the action's metadata."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from talenttui.tui.widgets.key_footer import KeyFooter

REASON_KEYS = 9


class RejectReasonScreen(ModalScreen[str | None]):
    """Dismisses with the reason picked, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        *(
            Binding(str(n), f"pick({n - 1})", f"Reason {n}", id=f"reason.{n}", show=False)
            for n in range(1, REASON_KEYS + 1)
        ),
        Binding("escape", "cancel", "Cancel", id="reason.cancel"),
    ]

    def __init__(self, title: str, reasons: tuple[str, ...]) -> None:
        super().__init__()
        self._title = title
        self.reasons = reasons[:REASON_KEYS]

    def compose(self) -> ComposeResult:
        lines = [Content.assemble((f"{n}", "bold"), "  ", r) for n, r in enumerate(self.reasons, 1)]
        with Vertical(classes="dialog"):
            yield Label(Content(self._title), classes="dialog-title")
            yield Static(Content("\n").join(lines), id="reason-list")
            yield Label(
                f"1…{len(self.reasons)}: reject with that reason  ·  escape: cancel",
                classes="dialog-help",
            )
        yield KeyFooter()

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.reasons):
            self.dismiss(self.reasons[index])

    def action_cancel(self) -> None:
        self.dismiss(None)
