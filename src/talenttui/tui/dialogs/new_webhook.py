"""Register a webhook: its URL, the events it gets, and a signing secret (blank: the server
makes one). Sent at once (``send_now``): a generated secret is in the answer only."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast, get_args

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList

from talenttui.api.models.webhooks import WebhookEvent
from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import send_now
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.webhooks import CreatedWebhook
    from talenttui.tui.session import Session

EVENTS: tuple[str, ...] = get_args(WebhookEvent)
MIN_SECRET = 16


class NewWebhookScreen(ReportsFailures, ModalScreen["CreatedWebhook | None"]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "register", "Register", id="new_webhook.register"),
        Binding("escape", "cancel", "Cancel", id="new_webhook.cancel"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self._sending = False
        """A second ctrl+s while the first is on its way sends nothing more."""
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog compact", id="new-webhook-box"):
            yield Label("New webhook", classes="dialog-title")
            yield Label("URL (https://…)", classes="field-label")
            yield Input(placeholder="https://example.com/hooks/skillsync", id="hook-url")
            yield Label("Events (space marks)", classes="field-label")
            yield SelectionList[str](
                *((e, e, e.startswith("match.")) for e in EVENTS), id="hook-events"
            )
            yield Label(
                f"Secret ({MIN_SECRET}+ characters; blank: the server makes one)",
                classes="field-label",
            )
            yield Input(id="hook-secret", password=True)
            yield Notice(id="form-status")
            with Horizontal(classes="buttons"):
                yield Button("Register", variant="primary", id="hook-register")
                yield Button("Cancel", id="hook-cancel")
            yield Label(
                "ctrl+s: register  ·  tab: next field  ·  escape: cancel", classes="dialog-help"
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#hook-url", Input).focus()

    @on(Button.Pressed, "#hook-register")
    def action_register(self) -> None:
        if self._sending:
            return
        url = self.query_one("#hook-url", Input).value.strip()
        events = list(self.query_one("#hook-events", SelectionList).selected)
        secret = self.query_one("#hook-secret", Input).value
        problem = None
        if not url.startswith(("https://", "http://")):
            problem = "The URL starts with https:// (or http://)."
        elif not events:
            problem = "Mark at least one event."
        elif secret and len(secret) < MIN_SECRET:
            problem = f"The secret is at least {MIN_SECRET} characters (or blank)."
        if problem:
            self.query_one("#form-status", Notice).say(problem, error=True)
            return
        self._sending = True
        self.register(url, events, secret or None)

    @work(group="new-webhook", exit_on_error=False)
    async def register(self, url: str, events: list[str], secret: str | None) -> None:
        from talenttui.api.endpoints.webhooks import create_webhook

        self.query_one("#form-status", Notice).say("Registering…")
        call = create_webhook(url, cast("list[WebhookEvent]", events), secret=secret)
        await send_now(self.session, call, done=self._registered, failed=self._refused)

    def _registered(self, hook: CreatedWebhook) -> None:
        self.dismiss(hook)

    def _refused(self, exc: ApiError) -> None:
        self._sending = False
        self.query_one("#form-status", Notice).say(f"Not registered: {exc.message}", error=True)

    @on(Button.Pressed, "#hook-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
