"""Pick one of the organization's active campaigns, searched by the server as you type
(skilldeo's ``search_param``): the invite from a match goes to the one chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import load_into
from talenttui.tui.text import campaign_label, literal
from talenttui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.models.campaigns import CampaignPage, CampaignSummary
    from talenttui.tui.session import Session

PICKER_LIMIT = 100


class CampaignPickerScreen(ReportsFailures, ModalScreen["CampaignSummary | None"]):
    """Dismisses with the campaign chosen, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("enter", "choose", "Choose", id="picker.choose", priority=True),
        Binding("down", "move(1)", "Next", id="picker.next", show=False, priority=True),
        Binding("up", "move(-1)", "Previous", id="picker.previous", show=False, priority=True),
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]

    def __init__(self, session: Session, title: str) -> None:
        super().__init__()
        self.session = session
        self._title = title
        self.campaigns: list[CampaignSummary] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="picker-box"):
            yield Label(literal(self._title), classes="dialog-title")
            yield Input(placeholder="Search active campaigns", id="picker-search")
            yield OptionList(id="picker-list")
            yield Static("", id="picker-status")
            yield Label("type to search  ·  ↑/↓ choose  ·  enter: pick", classes="dialog-help")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.search("")

    @on(Input.Changed, "#picker-search")
    def _typed(self, event: Input.Changed) -> None:
        self.search(event.value.strip())

    @work(group="picker", exclusive=True, exit_on_error=False)
    async def search(self, text: str) -> None:
        """A read: a newer search may cancel an older one."""
        from talenttui.api.endpoints.campaigns import list_campaigns

        me = self.session.credentials.current
        call = list_campaigns(
            org_id=me.org_id if me else None,
            status="active",
            search_param=text or None,
            top=PICKER_LIMIT,
        )
        self._status("Searching…")
        await load_into(
            self.session,
            call,
            refresh=bool(text),
            show=self._show,
            failed=lambda exc: self._status(f"Cannot load campaigns: {exc.message}", error=True),
        )

    def _show(self, fresh: Fresh[CampaignPage]) -> None:
        self.campaigns = list(fresh.data.records)
        options = self.query_one(OptionList)
        options.set_options(Option(campaign_label(c), id=str(c.id)) for c in self.campaigns)
        if self.campaigns:
            options.highlighted = 0
            shown = len(self.campaigns)
            total = fresh.data.total_count or shown
            self._status(f"{shown} of {total} active campaigns" if total > shown else "")
        else:
            self._status("No active campaign fits this search.")

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    @on(OptionList.OptionSelected)
    def action_choose(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.campaigns):
            self.dismiss(self.campaigns[index])

    def action_cancel(self) -> None:
        self.dismiss(None)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#picker-status", Static)
        status.set_class(error, "error")
        status.update(Content(text))
