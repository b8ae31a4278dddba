"""Invite candidates to a campaign by email: a pasted list (commas, spaces or newlines),
each bad address named by its line before anything is sent; ``ctrl+s`` again sends the
good ones. The server checks every address it gets, and its refusal (an address, a
campaign that is not active) shows here, by line, so the person can fix it. The outcome
says how many were invited, already invited and refused.

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
from textual.widgets import Button, Label, TextArea

from talenttui.tui.email_list import EmailList, parse_email_list
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


def invited_text(result: InviteResult, refused: int = 0) -> str:
    text = f"{result.invited_count} invited"
    if result.skipped_count:
        text += f", {result.skipped_count} already invited"
    if refused:
        text += f", {refused} refused"
    return text


class InviteScreen(ReportsFailures, ModalScreen["InviteResult | None"]):
    """Dismisses with the server's answer once an invite went through, or None when cancelled."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Invite", id="invite.send", tooltip="Invite the addresses"),
        Binding("escape", "cancel", "Cancel", id="invite.cancel"),
    ]

    def __init__(self, session: Session, campaign_id: int, campaign_name: str) -> None:
        super().__init__()
        self.session = session
        self._campaign_id = campaign_id
        self._campaign_name = campaign_name
        self._warned: str | None = None
        """The text whose bad addresses were named: ``ctrl+s`` again sends its good ones."""
        self._sent: EmailList | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(f"Invite to {self._campaign_name}"), classes="dialog-title")
            yield Label("Emails: paste a list (commas, spaces or newlines)")
            yield TextArea(id="invite-emails", soft_wrap=True, show_line_numbers=True)
            yield Label("", id="invite-status")
            with Horizontal(classes="buttons"):
                yield Button("Invite", variant="primary", id="invite-send")
                yield Button("Cancel", id="invite-cancel")
            yield Label("ctrl+s: invite  ·  escape: cancel", classes="dialog-help")
        yield KeyFooter()

    @on(Button.Pressed, "#invite-send")
    def action_send(self) -> None:
        text = self.query_one("#invite-emails", TextArea).text
        parsed = parse_email_list(text)
        if not parsed.good and not parsed.bad:
            self._status("Enter at least one email address.", error=True)
            return
        problems = parsed.problems()
        if problems and (not parsed.good or self._warned != text):
            self._warned = text
            more = (
                f"\nctrl+s again invites the {len(parsed.good)} good ones; or fix the lines."
                if parsed.good
                else ""
            )
            self._status("\n".join(problems) + more, error=True)
            return
        self._sent = parsed
        self.send_invite(parsed.emails)

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
        refused = len(self._sent.bad) if self._sent is not None else 0
        self._status(invited_text(result, refused))
        self.notify(
            f"{self._campaign_name}: {invited_text(result, refused)}",
            title=result.message or "Invited",
            markup=False,
        )
        self.dismiss(result)

    def _refused(self, exc: ApiError) -> None:
        expected = exc.details.get("expected")
        hint = f"\nExpected: {expected}" if isinstance(expected, str) else ""
        self._status(self._refused_line(exc) + exc.message + hint, error=True)
        self.query_one("#invite-send", Button).disabled = False

    def _queued(self) -> None:
        self.notify(
            f"Offline: the invite to {self._campaign_name} will be sent when the server is back.",
            severity="warning",
            markup=False,
        )
        self.dismiss(None)

    def _refused_line(self, exc: ApiError) -> str:
        """The line of the address the server named (``emails[3]``), if it named one."""
        field = exc.details.get("field")
        if not isinstance(field, str):
            return ""
        if self._sent is None or not field.startswith("emails[") or not field.endswith("]"):
            return ""
        index = field.removeprefix("emails[").removesuffix("]")
        address = self._sent.line_of(int(index)) if index.isdigit() else None
        if address is None:
            return ""
        return f"line {address.line}: '{address.text}' is refused by the server.\n"

    @on(Button.Pressed, "#invite-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one("#invite-status", Label)
        status.set_class(error, "error")
        status.update(Content(text))
