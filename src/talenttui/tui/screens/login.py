"""Sign in or sign up with a one-time code sent by email.

Two steps: the email (plus name, organization and role when signing up), then the
six-digit code (typed or pasted; it is sent as soon as six digits are in). Only with the
bundled dev server does the screen show the demo code, read from the server's dev outbox.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Static

from talenttui.tui.text import literal

if TYPE_CHECKING:
    from talenttui.api.endpoints.auth import SignupDetails
    from talenttui.api.errors import ApiError
    from talenttui.tui.app import TalentApp

RESEND_COOLDOWN = 30
DEMO_HINT = (
    "Demo server: try jane.doe@acme.example (recruiter) or sarah.johnson@example.com (candidate)."
)
_NON_DIGITS = re.compile(r"\D")


def describe_login_error(exc: ApiError) -> str:
    """What a person should read for each way a code can fail."""
    code = exc.code
    if exc.status == 0:
        return f"No network: {exc.message}. Check the connection or the server, then try again."
    if code == "OTP_INVALID":
        return exc.message
    if code == "OTP_EXPIRED":
        return "This code has expired. Press ctrl+r for a new one."
    if code in ("OTP_SESSION_LOCKED", "OTP_USED"):
        return f"{exc.message}. Press ctrl+r for a new code."
    if code == "OTP_ACCOUNT_LOCKED":
        return f"Too many wrong codes: {exc.message}"
    if exc.status == 429:
        wait = exc.details.get("retry_after")
        return f"{exc.message}" + (f" Try again in {wait} s." if wait else "")
    return exc.message + (f" {exc.suggestion}" if exc.suggestion else "")


class LoginScreen(Screen[None]):
    """The signup fields and the code step start hidden and mount after the first paint
    (``Lazy``): fewer widgets before the first frame is most of a cold start we control."""

    DEFAULT_CSS = Path(__file__).with_name("login.tcss").read_text(encoding="utf-8")
    AUTO_FOCUS = "#email"
    BINDINGS = [
        Binding("ctrl+n", "toggle_signup", "Sign up / log in", id="login.toggle"),
        Binding("ctrl+r", "resend", "Resend code", id="login.resend"),
        Binding("escape", "change_email", "Change email", id="login.back"),
    ]

    signup: reactive[bool] = reactive(False)
    step: reactive[str] = reactive("email")
    cooldown: reactive[int] = reactive(0)

    def __init__(self, notice: str = "") -> None:
        """``notice``: why the person is here again (a session the server ended)."""
        super().__init__()
        self._notice = notice
        self._session_id: str | None = None
        self._email = ""
        self._timer: Timer | None = None

    @property
    def talent(self) -> TalentApp:
        return cast("TalentApp", self.app)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="login-box"):
            yield Static("talenttui", id="title")
            yield Label("Log in with a code sent to your email", id="subtitle")
            yield Input(placeholder="you@example.com", id="email", select_on_focus=False)
            with Lazy(Vertical(id="signup-fields")):
                with Horizontal(classes="row"):
                    yield Input(placeholder="First name", id="first-name")
                    yield Input(placeholder="Last name", id="last-name")
                yield Input(placeholder="Organization (optional)", id="organization")
                with RadioSet(id="role"):
                    yield RadioButton("Candidate", value=True, id="role-candidate")
                    yield RadioButton("Recruiter", id="role-recruiter")
            with Horizontal(classes="row", id="email-actions"):
                yield Button("Send code", id="send", variant="primary")
            with Lazy(Vertical(id="code-step")):
                yield Static("", id="sent-to")
                yield Input(placeholder="6-digit code", id="code", max_length=12)
                with Horizontal(classes="row"):
                    yield Button("Verify", id="verify", variant="primary")
                    yield Button("Resend", id="resend")
            yield Static("", id="demo-code")
            yield Static("", id="message")
            if self.talent.embedded is not None:
                yield Static(literal(DEMO_HINT), id="demo-hint")
        yield Footer()

    def on_mount(self) -> None:
        self._sync()
        if self._notice:
            self.say(self._notice, error=True)

    def watch_signup(self) -> None:
        self._sync()

    def watch_step(self) -> None:
        self._sync()

    def watch_cooldown(self, seconds: int) -> None:
        for resend in self.query("#resend").results(Button):
            resend.disabled = seconds > 0
            resend.label = f"Resend in {seconds}s" if seconds > 0 else "Resend"

    def _sync(self) -> None:
        """Which step shows is a class on the screen (login.tcss), so it holds for the
        signup and code parts whether or not they are mounted yet."""
        code_step = self.step == "code"
        self.set_class(self.signup and not code_step, "-signup")
        self.set_class(code_step, "-code")
        self.query_one("#email", Input).disabled = code_step
        self.query_one("#subtitle", Label).update(
            "Create an account: we email you a code"
            if self.signup
            else "Log in with a code sent to your email"
        )
        self.query_one("#send", Button).label = "Sign up" if self.signup else "Send code"

    def say(self, text: str, *, error: bool = False) -> None:
        message = self.query_one("#message", Static)
        message.set_class(error, "error")
        message.update(literal(text))

    # -- step 1: the email ---------------------------------------------------------------

    @on(Input.Submitted, "#email, #first-name, #last-name, #organization")
    @on(Button.Pressed, "#send")
    def _send_pressed(self) -> None:
        email = self.query_one("#email", Input).value.strip()
        if "@" not in email or email.startswith("@") or email.endswith("@"):
            self.say("Enter your email address, like you@example.com.", error=True)
            self.query_one("#email", Input).focus()
            return
        self._email = email
        self.request_code()

    def _signup_details(self) -> SignupDetails:
        from talenttui.api.endpoints.auth import SignupDetails
        from talenttui.api.models.auth import CANDIDATE_ROLE, RECRUITER_ROLE

        def value(selector: str) -> str | None:
            text = self.query_one(selector, Input).value.strip()
            return text or None

        recruiter = self.query_one("#role-recruiter", RadioButton).value
        return SignupDetails(
            firstName=value("#first-name"),
            lastName=value("#last-name"),
            organization=value("#organization"),
            role_id=RECRUITER_ROLE if recruiter else CANDIDATE_ROLE,
        )

    @work(exclusive=True, group="login", exit_on_error=False)
    async def request_code(self) -> None:
        from talenttui.api.errors import ApiError

        self.say("Sending a code…")
        try:
            client = await self.talent.client()
            if self.signup:
                sent = await client.request_signup_code(self._email, self._signup_details())
            else:
                sent = await client.request_login_code(self._email)
        except ApiError as exc:
            self.say(describe_login_error(exc), error=True)
            if exc.status == 429:
                self._start_cooldown(int(exc.details.get("retry_after") or RESEND_COOLDOWN))
            return
        except RuntimeError as exc:
            self.say(str(exc), error=True)
            return
        self._session_id = sent.session_id
        self.step = "code"
        self.query_one("#sent-to", Static).update(
            literal(f"We sent a code to {self._email}. It is valid for 10 minutes.")
        )
        self.say("")
        self._start_cooldown(RESEND_COOLDOWN)
        code = self.query_one("#code", Input)
        code.value = ""
        code.focus()
        if self.talent.embedded is not None:
            await self._show_demo_code()

    async def _show_demo_code(self) -> None:
        from talenttui.api.endpoints.dev import dev_outbox
        from talenttui.api.errors import ApiError

        client = await self.talent.client()
        try:
            outbox = await client.send(dev_outbox(self._email))
        except ApiError:
            return
        code = outbox.latest_code()
        if code:
            self.query_one("#demo-code", Static).update(
                literal(f"Demo code (shown only by the bundled dev server): {code}")
            )

    def _start_cooldown(self, seconds: int) -> None:
        self.cooldown = seconds
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1, self._tick)

    def _tick(self) -> None:
        self.cooldown = max(0, self.cooldown - 1)
        if self.cooldown == 0 and self._timer is not None:
            self._timer.stop()
            self._timer = None

    # -- step 2: the code ----------------------------------------------------------------

    @on(Input.Changed, "#code")
    def _code_changed(self, event: Input.Changed) -> None:
        digits = _NON_DIGITS.sub("", event.value)
        if len(digits) == 6 and event.value.strip() != "":
            self.verify(digits)

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#verify")
    def _verify_pressed(self) -> None:
        digits = _NON_DIGITS.sub("", self.query_one("#code", Input).value)
        if len(digits) != 6:
            self.say("The code has 6 digits.", error=True)
            return
        self.verify(digits)

    @work(exclusive=True, group="login", exit_on_error=False)
    async def verify(self, code: str) -> None:
        from talenttui.api.errors import ApiError

        if self._session_id is None:
            return
        self.say("Checking the code…")
        try:
            client = await self.talent.client()
            if self.signup:
                await client.signup_with_code(
                    self._email, self._session_id, code, self._signup_details()
                )
            else:
                await client.login_with_code(self._email, self._session_id, code)
        except ApiError as exc:
            self.say(describe_login_error(exc), error=True)
            code_input = self.query_one("#code", Input)
            code_input.value = ""
            code_input.focus()
            return
        await self.talent.signed_in()

    @on(Button.Pressed, "#resend")
    def action_resend(self) -> None:
        if self.step != "code":
            return
        if self.cooldown > 0:
            self.say(f"You can ask for a new code in {self.cooldown} s.")
            return
        self.request_code()

    def action_change_email(self) -> None:
        if self.step == "code":
            self.step = "email"
            self._session_id = None
            self.query_one("#demo-code", Static).update("")
            self.say("")
            self.query_one("#email", Input).focus()

    def action_toggle_signup(self) -> None:
        if self.step == "email":
            self.signup = not self.signup
            self.say("")
