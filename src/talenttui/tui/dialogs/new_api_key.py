"""Create an API key: a name, its scopes and an expiry. Sent at once (``send_now``): the
key is in the answer only, so a creation replayed later would make one nobody sees."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, cast, get_args

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList

from talenttui.api.models.api_keys import Scope
from talenttui.tui import wallclock
from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import send_now
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.api_keys import CreatedApiKey
    from talenttui.tui.session import Session

SCOPES: tuple[str, ...] = get_args(Scope)
MAX_DAYS = 3650


def expiry_of(days: str) -> tuple[str | None, str | None]:
    """(``expires_at``, None), or (None, what is wrong); blank means it never expires."""
    text = days.strip()
    if not text:
        return None, None
    if not text.isdigit() or not 1 <= int(text) <= MAX_DAYS:
        return None, f"days: a whole number from 1 to {MAX_DAYS}, or blank for never"
    when = wallclock.now() + timedelta(days=int(text))
    return when.strftime("%Y-%m-%dT%H:%M:%SZ"), None


class NewApiKeyScreen(ReportsFailures, ModalScreen["CreatedApiKey | None"]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "create", "Create", id="new_key.create"),
        Binding("escape", "cancel", "Cancel", id="new_key.cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._sending = False
        """A second ctrl+s while the first is on its way sends nothing more."""
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog compact", id="new-key-box"):
            yield Label("New API key", classes="dialog-title")
            yield Label("Name", classes="field-label")
            yield Input(placeholder="ci-pipeline", id="key-name", max_length=100)
            yield Label("Scopes (space marks)", classes="field-label")
            yield SelectionList[str](
                *((s, s, s == "matches:read") for s in SCOPES), id="key-scopes"
            )
            yield Label("Expires after (days; blank: never)", classes="field-label")
            yield Input("90", id="key-days", type="integer")
            yield Notice(id="form-status")
            with Horizontal(classes="buttons"):
                yield Button("Create", variant="primary", id="key-create")
                yield Button("Cancel", id="key-cancel")
            yield Label(
                "ctrl+s: create  ·  tab: next field  ·  escape: cancel", classes="dialog-help"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#key-name", Input).focus()

    @on(Button.Pressed, "#key-create")
    def action_create(self) -> None:
        if self._sending:
            return
        name = self.query_one("#key-name", Input).value.strip()
        scopes = list(self.query_one("#key-scopes", SelectionList).selected)
        expires_at, problem = expiry_of(self.query_one("#key-days", Input).value)
        if not name:
            problem = "Name the key (what uses it)."
        elif not scopes:
            problem = "Mark at least one scope."
        if problem:
            self.query_one("#form-status", Notice).say(problem, error=True)
            return
        self._sending = True
        self.create(name, scopes, expires_at)

    @work(group="new-key", exit_on_error=False)
    async def create(self, name: str, scopes: list[str], expires_at: str | None) -> None:
        from talenttui.api.endpoints.api_keys import create_api_key

        self.query_one("#form-status", Notice).say("Creating…")
        call = create_api_key(name, cast("list[Scope]", scopes), expires_at=expires_at)
        await send_now(self.session, call, done=self._created, failed=self._refused)

    def _created(self, key: CreatedApiKey) -> None:
        self.dismiss(key)

    def _refused(self, exc: ApiError) -> None:
        self._sending = False
        self.query_one("#form-status", Notice).say(f"Not created: {exc.message}", error=True)

    @on(Button.Pressed, "#key-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
