"""Invite candidates to a campaign by email: the server checks the addresses, and its refusal
(a bad address, a campaign that is not active) shows here so the person can fix it.

The invite goes through the outbox like every write: without a network it waits there
and is sent when the server is back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import act
from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.interviews import InviteResult
    from talenttui.tui.session import Session

INVITED_FROM = "talenttui"
"""What the server records as the invite's source (the reference's examples: "dashboard", "api")."""


def parse_emails(text: str) -> list[str]:
    """Addresses separated by commas, semicolons or spaces; the server judges each one."""
    return [part for part in text.replace(";", ",").replace(" ", ",").split(",") if part]


def invited_text(result: InviteResult) -> str:
    text = f"{result.invited_count} invited"
    if result.skipped_count:
        text += f", {result.skipped_count} already invited"
    return text


class InviteScreen(ReportsFailures, ModalScreen["InviteResult | None"]):
    """Dismisses with the server's answer once an invite went through, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Invite", id="invite.send", tooltip="Invite (enter does too)"),
        Binding("escape", "cancel", "Cancel", id="invite.cancel"),
    ]

    def __init__(self, session: Session, campaign_id: int, campaign_name: str) -> None:
        super().__init__()
        self.session = session
        self._campaign_id = campaign_id
        self._campaign_name = campaign_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(f"Invite to {self._campaign_name}"), classes="dialog-title")
            yield Label("Candidate emails (several: separate with commas)")
            yield Input(placeholder="name@example.com", id="invite-emails")
            yield Label("", id="invite-status")
            with Horizontal(classes="buttons"):
                yield Button("Invite", variant="primary", id="invite-send")
                yield Button("Cancel", id="invite-cancel")
            yield Label("enter: invite  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    @on(Input.Submitted)
    @on(Button.Pressed, "#invite-send")
    def action_send(self) -> None:
        emails = parse_emails(self.query_one("#invite-emails", Input).value)
        if not emails:
            self._status("Enter at least one email address.", error=True)
            return
        self.send_invite(emails)

    @work(exclusive=True, exit_on_error=False)
    async def send_invite(self, emails: list[str]) -> None:
        from talenttui.api.endpoints.interviews import invite

        me = self.session.credentials.current
        if me is None or me.user_id is None:
            self._status("This account has no recruiter id: it cannot invite.", error=True)
            return
        self._status("Sending…")
        self.query_one("#invite-send", Button).disabled = True
        call = invite(emails, self._campaign_id, me.user_id, invited_from=INVITED_FROM)
        await act(
            self.session,
            call,
            label=f"invite {len(emails)} to {self._campaign_name}",
            done=self._invited,
            failed=self._refused,
            waiting=self._queued,
        )

    def _invited(self, result: InviteResult) -> None:
        self._status(invited_text(result))
        self.notify(
            f"{self._campaign_name}: {invited_text(result)}",
            title=result.message or "Invited",
            markup=False,
        )
        self.dismiss(result)

    def _refused(self, exc: ApiError) -> None:
        expected = exc.details.get("expected")
        hint = f"\nExpected: {expected}" if isinstance(expected, str) else ""
        self._status(exc.message + hint, error=True)
        self.query_one("#invite-send", Button).disabled = False

    def _queued(self) -> None:
        self.notify(
            f"Offline: the invite to {self._campaign_name} will be sent when the server is back.",
            severity="warning",
            markup=False,
        )
        self.dismiss(None)

    @on(Button.Pressed, "#invite-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#invite-status", Label)
        status.set_class(error, "error")
        status.update(Content(text))
