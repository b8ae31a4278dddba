"""A code sent to the server is never cancelled: type or paste it, press enter (once or
twice), and the person is in; a wrong code then the right one works too; the keys typed
straight after the code's enter act in the feed (``tui/typeahead.py``)."""

from __future__ import annotations

import asyncio

import pytest
from tests.conftest import Live
from tests.server.otp_helpers import latest_code
from tests.tui.conftest import JANE, SARAH, app_for, wait_for
from tests.tui.test_feed import feed_loaded, rows_of
from tests.tui.test_login import text_of, type_email
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from talenttui.tui.app import TalentApp
from talenttui.tui.screens import code_gate
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.screens.shell import ShellScreen


@pytest.fixture(autouse=True)
def _patient_login(monkeypatch: pytest.MonkeyPatch) -> None:
    """However slow this machine, the enter typed after the code reaches the login screen."""
    monkeypatch.setattr(code_gate, "ENTER_GRACE", 60.0)


async def code_for(live: Live, email: str) -> str:
    return await asyncio.to_thread(latest_code, live.client, email)


def signed_in(app: TalentApp) -> bool:
    return app.credentials.current is not None and isinstance(app.screen_stack[-1], ShellScreen)


async def log_in_by_typing(pilot: Pilot[None], app: TalentApp, live: Live, email: str) -> None:
    """The email, then the code and enter, typed; until the shell is up."""
    await type_email(pilot, email)
    await pilot.press(*await code_for(live, email), "enter")
    await wait_for(pilot, lambda: signed_in(app))


async def test_typing_the_code_then_enter_signs_in(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in_by_typing(pilot, app, demo_server, SARAH)
        await pilot.pause(0.2)
        assert isinstance(app.screen, ShellScreen), "the enter was spent on the login screen"


async def test_enter_twice_after_the_code_signs_in(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, JANE)
        code = await code_for(demo_server, JANE)
        await pilot.press(*code, "enter", "enter")
        await wait_for(pilot, lambda: any(isinstance(s, ShellScreen) for s in app.screen_stack))
        assert app.credentials.current is not None


async def test_a_pasted_code_then_enter_signs_in(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        code = await code_for(demo_server, SARAH)
        screen = app.screen
        screen.query_one("#code", Input).insert_text_at_cursor(f"{code[:3]} {code[3:]}")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))


async def test_a_wrong_code_then_the_right_one_signs_in(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        code = await code_for(demo_server, SARAH)
        wrong = f"{(int(code[0]) + 1) % 10}{code[1:]}"
        await pilot.press(*wrong, "enter")
        await wait_for(pilot, lambda: "tries left" in text_of(app, "#message"))
        await pilot.pause(0.2)
        assert "tries left" in text_of(app, "#message"), "a later enter keeps the reason"
        assert isinstance(app.screen, LoginScreen)
        await wait_for(pilot, lambda: app.screen.query_one("#code", Input).value == "")
        await pilot.press(*code, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))


def typed_at_once(app: TalentApp, keys: str) -> None:
    """Keys as a terminal delivers a burst (a fast typist, a laggy SSH link): all in the
    app's queue before any is handled, unlike ``pilot.press``, which waits after each."""
    for key in keys:
        name = {"\r": "enter", "\t": "tab"}.get(key, key)
        app.post_message(events.Key(name, key))


async def test_keys_typed_straight_after_the_code_act_in_the_feed(demo_server: Live) -> None:
    """``jjj`` after the code's enter moves three rows: it went to the code field (and went
    with the login screen) before, and the enter after the code never opens a match."""
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await type_email(pilot, JANE)
        code = await code_for(demo_server, JANE)
        typed_at_once(app, f"{code}\rjjj")
        await wait_for(pilot, lambda: signed_in(app))
        await feed_loaded(pilot, app, 10)
        await wait_for(pilot, lambda: rows_of(app).cursor == 3)
        await pilot.pause(0.3)
        assert rows_of(app).cursor == 3
        assert isinstance(app.screen, ShellScreen), "the code's enter opened a match"


async def test_a_code_typed_on_after_a_wrong_one_is_tried(demo_server: Live) -> None:
    """The keys held after a wrong code's enter go back to the code field: the right code,
    typed at once behind the wrong one, signs in."""
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        code = await code_for(demo_server, SARAH)
        wrong = f"{(int(code[0]) + 1) % 10}{code[1:]}"
        typed_at_once(app, f"{wrong}\r{code}\r")
        await wait_for(pilot, lambda: signed_in(app))


async def test_an_enter_on_a_short_code_gives_the_keys_after_it_back(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        typed_at_once(app, "12\r34")
        field = app.screen.query_one("#code", Input)
        await wait_for(pilot, lambda: field.value == "1234")
        assert "6 digits" in text_of(app, "#message")


async def test_back_at_the_login_screen_before_the_feed_showed_no_key_is_held(
    demo_server: Live,
) -> None:
    """The session ended while keys were held for a feed that never showed (a token
    refused as the shell was built): the login screen takes keys again."""
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await log_in_by_typing(pilot, app, demo_server, SARAH)
        field = app.focused
        assert field is not None
        app.typeahead.arm(field)  # as when the code's enter came
        assert not app.typeahead.kept(events.Key("enter", "\r"), field)
        assert app.typeahead.kept(events.Key("j", "j"), field), "holding"
        await app.session_over("The server ended this session: test. Log in again.")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        email = app.screen.query_one("#email", Input)
        email.focus()
        await pilot.press(*"sarah")
        await wait_for(pilot, lambda: email.value.endswith("sarah"))


async def test_fields_typed_in_one_burst_across_tabs_each_get_their_own_text(
    demo_server: Live,
) -> None:
    """The keys after a tab wait until the focus has moved: in one burst, the email, a
    tab, the first name, a tab and the last name all went into the email field."""
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: bool(app.screen.query("#first-name")))
        app.screen.query_one("#email", Input).focus()
        await pilot.pause()
        typed_at_once(app, "new.person@example.com\tNew\tPerson")
        values = lambda: tuple(  # noqa: E731 (read again on each check)
            app.screen.query_one(f"#{name}", Input).value
            for name in ("email", "first-name", "last-name")
        )
        await wait_for(pilot, lambda: values() == ("new.person@example.com", "New", "Person"))
