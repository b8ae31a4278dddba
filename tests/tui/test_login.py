"""Login and signup end to end: the real app, a real server, codes read from its outbox."""

from __future__ import annotations

import asyncio
import gc
import json
import stat
from collections.abc import Callable

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import latest_code, signup
from tests.tui.conftest import JANE, SARAH, app_for, sign_in, wait_for
from textual.widgets import Button, Static

from talenttui.api.cache import CacheKey
from talenttui.api.config import ClientConfig
from talenttui.api.credentials import CREDENTIALS_FILE
from talenttui.api.endpoints.matches import list_matches
from talenttui.server.runner import free_port
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.first_run import FirstRunScreen
from talenttui.tui.panes.match_feed import PAGE_SIZE
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.screens.shell import ShellScreen
from talenttui.tui.widgets.match_list import MatchList


def text_of(app: TalentApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def type_email(pilot, email: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*email)
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen.query_one("#code-step").display)


async def test_login_with_the_code_from_the_outbox(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, LoginScreen)
        await type_email(pilot, SARAH)
        resend = app.screen.query_one("#resend", Button)
        assert resend.disabled and "Resend in" in str(resend.label)
        code = await asyncio.to_thread(latest_code, demo_server.client, SARAH)
        await pilot.press(*code)
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        creds = app.credentials.current
        assert creds is not None and creds.email == SARAH and creds.public_id == "user_123"
    path = ClientConfig.load().paths.data_dir / CREDENTIALS_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert code not in path.read_text()


async def test_a_pasted_code_with_spaces_works(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, JANE)
        code = await asyncio.to_thread(latest_code, demo_server.client, JANE)
        app.screen.query_one("#code").value = f" {code[:3]} {code[3:]} "  # type: ignore[attr-defined]
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))


async def test_a_wrong_code_says_how_many_tries_are_left(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, SARAH)
        code = await asyncio.to_thread(latest_code, demo_server.client, SARAH)
        wrong = f"{(int(code[0]) + 1) % 10}{code[1:]}"
        await pilot.press(*wrong)
        await wait_for(pilot, lambda: "tries left" in text_of(app, "#message"))
        assert "4 tries left" in text_of(app, "#message")
        assert isinstance(app.screen, LoginScreen)
        assert app.credentials.current is None


async def test_the_demo_code_shows_only_with_the_bundled_server(demo_server: Live) -> None:
    bundled = app_for(demo_server, bundled=True)
    async with bundled.run_test(size=(100, 30)) as pilot:
        assert "jane.doe@acme.example" in text_of(bundled, "#demo-hint")
        await type_email(pilot, SARAH)
        await wait_for(pilot, lambda: "Demo code" in text_of(bundled, "#demo-code"))
        code = await asyncio.to_thread(latest_code, demo_server.client, SARAH)
        assert text_of(bundled, "#demo-code").endswith(code)
    other = app_for(demo_server)
    async with other.run_test(size=(100, 30)) as pilot:
        assert not other.screen.query("#demo-hint")
        await type_email(pilot, SARAH)
        await pilot.pause(0.3)
        assert text_of(other, "#demo-code") == ""


async def test_no_network_is_said_plainly() -> None:
    app = TalentApp(ClientConfig.load(server=f"http://127.0.0.1:{free_port()}"))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*SARAH, "enter")
        await wait_for(pilot, lambda: "No network" in text_of(app, "#message"))
        assert isinstance(app.screen, LoginScreen)


async def test_an_expired_code_is_explained(
    start_server: Callable[..., Live], clock: FakeClock
) -> None:
    live = start_server()
    signup(live.client, "late@example.com", firstName="Late")
    app = app_for(live)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_email(pilot, "late@example.com")
        code = await asyncio.to_thread(latest_code, live.client, "late@example.com")
        clock.advance(11 * 60)
        await pilot.press(*code)
        await wait_for(pilot, lambda: "expired" in text_of(app, "#message"))
        assert "ctrl+r" in text_of(app, "#message")


async def test_signup_as_a_recruiter_opens_the_recruiter_tabs(demo_server: Live) -> None:
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+n")
        await pilot.press(*"new.recruiter@example.com")
        app.screen.query_one("#first-name").value = "Nia"  # type: ignore[attr-defined]
        app.screen.query_one("#last-name").value = "Okafor"  # type: ignore[attr-defined]
        app.screen.query_one("#organization").value = "Okafor Hiring"  # type: ignore[attr-defined]
        await pilot.click("#role-recruiter")
        await pilot.click("#send")
        await wait_for(pilot, lambda: app.screen.query_one("#code-step").display)
        code = await asyncio.to_thread(latest_code, demo_server.client, "new.recruiter@example.com")
        await pilot.press(*code)
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        shell = app.screen
        await wait_for(pilot, lambda: bool(shell.query("TabPane")))
        assert shell.query("#tab-campaigns") and shell.query("#tab-interviews")
        assert shell.query("#tab-profile") and shell.query("#tab-developer")
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunScreen))  # a new account
        assert app.credentials.current is not None and app.credentials.current.role_id == 2


async def test_the_session_is_restored_and_logout_wipes_it(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, ShellScreen)
        assert app.screen.query("#tab-profile") and not app.screen.query("#tab-campaigns")
        await wait_for(pilot, lambda: app.connection == "online")
        client = await app.client()
        cache = await client.cache()
        identity = client.identity
        assert identity == "user_123"
        await wait_for(pilot, lambda: len(app.screen.query_one(MatchList).matches) > 0)
        call = list_matches(limit=PAGE_SIZE, page=1)
        feed_key = CacheKey.for_request(
            client.config.store_server, identity, call.method, call.path, dict(call.params or {})
        )
        assert await cache.get(feed_key) is not None
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: len(app.screen_stack) == 2)
        await pilot.press("escape")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert await cache.get(feed_key) is None
        await wait_for(pilot, lambda: not app.screen_stack[0].query(MatchList))
        assert len(app.screen_stack) == 2, "the signed-out shell, emptied, and the login"
        assert gc.get_freeze_count() == 0, "the old shell's widgets are collectable"
        await type_email(pilot, SARAH)
        await pilot.press(*await asyncio.to_thread(latest_code, demo_server.client, SARAH))
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        assert len(app.screen_stack) == 2
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert len(app.screen_stack) == 2
    assert not (ClientConfig.load().paths.data_dir / CREDENTIALS_FILE).exists()
    again = app_for(demo_server)
    async with again.run_test(size=(100, 30)):
        assert isinstance(again.screen, LoginScreen)


async def test_a_token_the_server_refuses_goes_back_to_login(demo_server: Live) -> None:
    """The token still looks valid here (not expired), but the server refuses it."""
    await sign_in(demo_server, SARAH)
    path = ClientConfig.load().paths.data_dir / CREDENTIALS_FILE
    stored = json.loads(path.read_text())
    for entry in stored.values():
        head, payload, signature = entry["token"].split(".")
        entry["token"] = f"{head}.{payload}.{signature[::-1]}"
    path.write_text(json.dumps(stored))
    app = app_for(demo_server)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen_stack[0], ShellScreen), "it starts signed in"
        await wait_for(pilot, lambda: isinstance(app.screen, LoginScreen))
        assert app.credentials.current is None
        message = "The server ended this session: Invalid token. Log in again."
        await wait_for(pilot, lambda: message in text_of(app, "#message"))
        assert "expired" not in text_of(app, "#message")
        await wait_for(pilot, lambda: not app.screen_stack[0].query(MatchList))
