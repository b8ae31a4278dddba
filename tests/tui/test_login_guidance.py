"""What the login screen tells a person: an address that already has an account (or none),
names a signup needs, when a new code may be sent, and nothing to log out of yet."""

from __future__ import annotations

import asyncio

from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.tui.conftest import JANE, SARAH, app_for, wait_for
from tests.tui.test_login import text_of, type_email
from textual.widgets import Button, Input

from talenttui.tui.dialogs.help import HelpScreen
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.screens.shell import ShellScreen


def footer_actions(app) -> set[str]:  # type: ignore[no-untyped-def]
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


async def test_signup_with_an_existing_address_says_to_log_in(demo_server: Live) -> None:
    app = app_for(demo_server, bundled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*SARAH)
        app.screen.query_one("#first-name", Input).value = "Sarah"
        app.screen.query_one("#last-name", Input).value = "Johnson"
        await pilot.click("#send")
        await wait_for(pilot, lambda: "already has an account" in text_of(app, "#message"))
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert not screen.signup and screen.step == "email", "switched to login"
        assert "Press enter for a code in" in text_of(app, "#message")
        assert text_of(app, "#demo-code") == ""


async def test_login_without_an_account_says_to_sign_up(demo_server: Live) -> None:
    app = app_for(demo_server, bundled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"nobody.here@example.com", "enter")
        await wait_for(pilot, lambda: "has no account yet" in text_of(app, "#message"))
        screen = app.screen
        assert isinstance(screen, LoginScreen) and screen.signup
        assert app.focused is screen.query_one("#first-name")


async def test_without_the_dev_outbox_the_code_step_says_what_the_mail_may_say(
    demo_server: Live,
) -> None:
    """A real server answers alike for both, so the screen says what to do either way."""
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *SARAH)
        app.screen.query_one("#first-name", Input).value = "Sarah"
        app.screen.query_one("#last-name", Input).value = "Johnson"
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen.query_one("#code-step").display)
        sent = text_of(app, "#sent-to")
        assert "already has an account" in sent and "ctrl+n to log in" in sent
        await pilot.press("ctrl+n")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        assert screen.step == "email" and not screen.signup


async def test_blank_names_are_refused_at_the_field(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n", *"new.person@example.com", "enter")
        await pilot.pause()
        first = app.screen.query_one("#first-name", Input)
        assert app.focused is first and first.has_class("-invalid")
        assert "first name" in text_of(app, "#message")
        first.value = "Ada"
        app.screen.query_one("#last-name", Input).value = "   "
        await pilot.click("#send")
        await pilot.pause()
        last = app.screen.query_one("#last-name", Input)
        assert app.focused is last and last.has_class("-invalid")
        assert "last name" in text_of(app, "#message")
        assert app.screen.step == "email"  # type: ignore[attr-defined]


async def test_the_resend_button_and_the_message_count_down_together(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, JANE)
        await pilot.press("ctrl+r")
        screen = app.screen
        assert isinstance(screen, LoginScreen)
        for _ in range(2):
            label = str(screen.query_one("#resend", Button).label)
            seconds = screen.cooldown
            assert label == f"Resend in {seconds} s"
            assert text_of(app, "#message") == f"Press ctrl+r for a new code in {seconds} s."
            await wait_for(pilot, lambda s=seconds: screen.cooldown < s)  # type: ignore[misc]
        screen.cooldown = 0
        await pilot.pause()
        assert str(screen.query_one("#resend", Button).label) == "Resend"
        assert text_of(app, "#message") == "Press ctrl+r for a new code."


async def test_log_out_is_not_offered_on_the_login_screen(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert "logout" not in footer_actions(app)
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert "Log out" not in titles
        await pilot.press("ctrl+l")
        assert isinstance(app.screen, LoginScreen)
        app.screen.query_one("#send", Button).focus()
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        assert "Log out" not in text_of(app, "#help-body")
        await pilot.press("escape")
        app.screen.query_one("#email", Input).focus()
        await type_email(pilot, SARAH)
        await pilot.press(*await asyncio.to_thread(latest_code, demo_server.client, SARAH))
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        assert "Log out" in {command.title for command in app.get_system_commands(app.screen)}
