"""Sign in or sign up with a one-time code sent by email.

Two steps: the email (plus name, organization and role when signing up), then the
six-digit code (typed or pasted; it is sent as soon as six digits are in). Only with the
bundled dev server, outside kiosk mode, does the screen read the server's dev outbox: to
show the demo code, or to say that the mail was a notice (an account already exists, or
none does) rather than a code.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.lazy import Lazy
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.validation import Function
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from talenttui.tui.gc_policy import resume
from talenttui.tui.screens.code_gate import CodeGate
from talenttui.tui.screens.login_text import (
    DEMO_HINT,
    Next,
    describe_login_error,
    next_code_hint,
    notice_text,
    resend_label,
    sent_to_text,
)
from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from talenttui.api.endpoints.auth import SignupDetails
    from talenttui.api.errors import ApiError
    from talenttui.tui.session import AppSession

RESEND_COOLDOWN = 30
_NON_DIGITS = re.compile(r"\D")


def _name_field(what: str) -> Input:
    """A required name (signup): an empty one says so (``_names_given``)."""
    required = Function(lambda value: bool(value.strip()), f"Enter your {what}.")
    return Input(
        placeholder=what.capitalize(),
        id=what.replace(" ", "-"),
        validators=[required],
        validate_on=["changed", "submitted"],
    )


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

    def __init__(self, session: AppSession, notice: str = "") -> None:
        """``notice``: why the person is here again (a session the server ended)."""
        super().__init__()
        self.session = session
        self._notice = notice
        self._session_id: str | None = None
        self._email = ""
        self._timer: Timer | None = None
        self._cooldown_for = ""
        """The address the countdown is for: the server limits sends per address."""
        self._codes = CodeGate()
        self._said: tuple[str, bool, Next | None] = ("", False, None)
        self._signup_fields = Vertical(id="signup-fields")
        self._code_step = Vertical(id="code-step")
        """Mounted after the first frame (``Lazy``)."""

    @property
    def reads_dev_outbox(self) -> bool:
        """The bundled dev server, and not a shared terminal: anyone at a kiosk could
        otherwise read the code of any address typed."""
        return self.session.bundled and not self.session.config.kiosk

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="login-box"):
            yield Static("talenttui", id="title")
            yield Label("Log in with a code sent to your email", id="subtitle")
            yield Input(placeholder="you@example.com", id="email", select_on_focus=False)
            with Lazy(self._signup_fields):
                with Horizontal(classes="row"):
                    yield _name_field("first name")
                    yield _name_field("last name")
                yield Input(placeholder="Organization (optional)", id="organization")
                with RadioSet(id="role"):
                    yield RadioButton("Candidate", value=True, id="role-candidate")
                    yield RadioButton("Recruiter", id="role-recruiter")
            with Horizontal(classes="row", id="email-actions"):
                yield Button("Send code", id="send", variant="primary")
            with Lazy(self._code_step):
                yield Static("", id="sent-to")
                yield Input(placeholder="6-digit code", id="code", max_length=12)
                with Horizontal(classes="row"):
                    yield Button("Verify", id="verify", variant="primary")
                    yield Button("Resend", id="resend")
            yield Static("", id="demo-code")
            yield Static("", id="message")
            if self.reads_dev_outbox:
                yield Static(literal(DEMO_HINT), id="demo-hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._sync()
        if self._notice:
            self.say(self._notice, error=True)
        self.call_after_refresh(self.warm_up)

    @work(group="login-warm-up", exit_on_error=False)
    async def warm_up(self) -> None:
        """While the person types, in threads: the client made (httpx, TLS), its cache
        opened and the shell's code imported, so the code and the feed wait for none."""
        resume()  # the collector, held since the app's start (``gc_policy``)
        await (await self.session.client()).connected()
        await asyncio.to_thread(importlib.import_module, "talenttui.tui.screens.shell")

    def watch_signup(self) -> None:
        self._sync()

    def watch_step(self) -> None:
        self._sync()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Resend and change email belong to the code step: not offered before it."""
        if action in ("resend", "change_email"):
            return self.step == "code"
        return True

    def watch_cooldown(self, seconds: int) -> None:
        for resend in self.query("#resend").results(Button):
            resend.disabled = seconds > 0
            resend.label = resend_label(seconds)
        if self._said[2] is not None:
            self._show_message()

    def _sync(self) -> None:
        """Which step shows is set on the parts themselves, mounted yet or not: a class on
        the screen restyled every widget of it, which held the code's field back ~0.1 s."""
        code_step = self.step == "code"
        self._signup_fields.display = self.signup and not code_step
        self._code_step.display = code_step
        self.query_one("#email-actions").display = not code_step
        self.query_one("#email", Input).disabled = code_step
        self.query_one("#subtitle", Label).update(
            "Create an account: we email you a code"
            if self.signup
            else "Log in with a code sent to your email"
        )
        self.query_one("#send", Button).label = "Sign up" if self.signup else "Send code"

    def say(self, text: str, *, error: bool = False, then: Next | None = None) -> None:
        """``then``: end with how to get a new code, counting down with the Resend button."""
        self._said = (text, error, then)
        self._show_message()

    def _show_message(self) -> None:
        text, error, then = self._said
        if then is not None:
            hint = next_code_hint(then, self.cooldown)
            text = f"{text} {hint}" if text else hint
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
        if self.signup and not self._names_given():
            return
        if self.cooldown > 0 and email.lower() == self._cooldown_for:
            self.say("A code was sent to this address moments ago.", then="send")
            return
        self._email = email
        self.request_code()

    def _names_given(self) -> bool:
        """First and last name are required to sign up: the empty field says so and gets focus."""
        for selector in ("#first-name", "#last-name"):
            field = self.query_one(selector, Input)
            result = field.validate(field.value)
            if result is not None and not result.is_valid:
                self.say(result.failure_descriptions[0], error=True)
                field.focus()
                return False
        return True

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

    @work(exclusive=True, group="login-send", exit_on_error=False)
    async def request_code(self) -> None:
        from talenttui.api.errors import ApiError

        self.say("Sending a code…")
        try:
            client = await self.session.client()
            if self.signup:
                sent = await client.request_signup_code(self._email, self._signup_details())
            else:
                sent = await client.request_login_code(self._email)
        except ApiError as exc:
            self.say(describe_login_error(exc).text, error=True)
            if exc.status == 429:
                self._start_cooldown(int(exc.details.get("retry_after") or RESEND_COOLDOWN))
            return
        except RuntimeError as exc:
            self.say(str(exc), error=True)
            return
        self._session_id = sent.session_id
        self._start_cooldown(RESEND_COOLDOWN)
        if self.reads_dev_outbox and await self._mailed_a_notice():
            return
        self.step = "code"
        self.query_one("#sent-to", Static).update(
            literal(
                sent_to_text(
                    self._email,
                    signup=self.signup,
                    kiosk=self.session.config.kiosk,
                    bundled=self.session.bundled,
                )
            )
        )
        self.say("")
        code = self.query_one("#code", Input)
        code.value = ""
        code.focus()
        self.session.typeahead.arm(code)

    async def _mailed_a_notice(self) -> bool:
        """Dev server only: show the code just mailed, or, when the mail was a notice
        (signup for an existing account, login without one), say so and switch modes."""
        from talenttui.api.endpoints.dev import dev_outbox
        from talenttui.api.errors import ApiError

        client = await self.session.client()
        try:
            outbox = await client.send(dev_outbox(self._email))
        except ApiError:
            return False
        latest = outbox.records[0] if outbox.records else None
        if latest is None:
            return False
        if latest.code:
            self.query_one("#demo-code", Static).update(
                literal(f"Demo code (shown only by the bundled dev server): {latest.code}")
            )
            return False
        signup = self.signup
        self._session_id = None
        self.signup = not signup
        self.say(notice_text(self._email, signup=signup), error=True, then="send")
        self.query_one("#email" if signup else "#first-name", Input).focus()
        return True

    def _start_cooldown(self, seconds: int) -> None:
        self._cooldown_for = self._email.lower()
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
        if len(digits) == 6:
            self._submit(digits, entered=False)

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#verify")
    def _verify_pressed(self) -> None:
        """The keys typed after this enter are held for the feed (``tui/typeahead.py``)
        while a code is on its way; with none, they come back here."""
        digits = _NON_DIGITS.sub("", self.query_one("#code", Input).value)
        if len(digits) == 6:
            self._submit(digits, entered=True)
        elif digits or not self._said[1]:  # not the enter after a refusal: keep saying why
            self.say("The code has 6 digits.", error=True)
        if self._codes.checking is None:
            self.session.typeahead.release()

    def _submit(self, code: str, *, entered: bool) -> None:
        if self._codes.submit(code, entered=entered):
            self.verify(code)

    @work(group="login-verify", exit_on_error=False)
    async def verify(self, code: str) -> None:
        """Not exclusive: nothing may cancel a check the server may already have acted on."""
        from talenttui.api.errors import ApiError

        if self._session_id is None:
            self._codes.refused(retry_allowed=False)
            return
        self.say("Checking the code…")
        try:
            client = await self.session.client()
            if self.signup:
                await client.signup_with_code(
                    self._email, self._session_id, code, self._signup_details()
                )
            else:
                await client.login_with_code(self._email, self._session_id, code)
        except ApiError as exc:
            self._code_refused(code, exc)
            return
        self.say("Signed in.")
        await self._codes.wait_for_enter()
        await self.session.signed_in()

    def _code_refused(self, code: str, exc: ApiError) -> None:
        refusal = describe_login_error(exc)
        self.session.typeahead.release()  # the keys held are for the code field
        self.say(refusal.text, error=True, then="resend" if refusal.needs_new_code else None)
        waiting = self._codes.refused(retry_allowed=not refusal.needs_new_code)
        code_input = self.query_one("#code", Input)
        if waiting is not None:
            self._submit(waiting, entered=False)
            return
        if _NON_DIGITS.sub("", code_input.value) in (code, ""):
            code_input.value = ""
        code_input.focus()

    @on(Button.Pressed, "#resend")
    def action_resend(self) -> None:
        if self.step != "code":
            return
        if self.cooldown > 0:
            self.say("", then="resend")
            return
        self.request_code()

    def action_change_email(self) -> None:
        if self.step == "code":
            self.step = "email"
            self._session_id = None
            self._codes.forget()
            self.query_one("#demo-code", Static).update("")
            self.say("")
            self.query_one("#email", Input).focus()

    def action_toggle_signup(self) -> None:
        """On the code step too: the mail may have said to log in (or sign up) instead."""
        self.action_change_email()
        self.signup = not self.signup
        self.say("")
