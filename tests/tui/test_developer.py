"""The Developer tab against the real server: a key made in the app works on ``/v1`` until
it is revoked in the app; webhooks are registered, their deliveries listed, a failed one
resent, and deleted; the secret shown once is the one deliveries are signed with."""

from __future__ import annotations

from collections.abc import Callable

from tests.conftest import Live
from tests.server.webhook_receiver import Receiver, verify_webhook_signature
from tests.tui.conftest import JANE, SARAH, app_for, sign_in, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, SelectionList, Static

from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.confirm import ConfirmScreen
from talenttui.tui.dialogs.new_api_key import NewApiKeyScreen
from talenttui.tui.dialogs.new_webhook import NewWebhookScreen
from talenttui.tui.dialogs.secret_shown import SecretScreen
from talenttui.tui.panes.developer import DeveloperPane
from talenttui.tui.screens.shell import ShellScreen


async def developer_tab(pilot: Pilot[None], app: TalentApp, key: str) -> DeveloperPane:
    await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
    await pilot.press(key)
    pane = app.screen.query_one(DeveloperPane)
    await wait_for(pilot, lambda: pane.started and pane._notice.display is False)
    return pane


def shown_secret(app: TalentApp) -> str:
    return str(app.screen.query_one("#secret-value", Static).render())


async def test_a_key_made_in_the_app_works_until_revoked_in_the_app(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    await sign_in(live, JANE)
    app = app_for(live)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await developer_tab(pilot, app, "7")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewApiKeyScreen))
        await pilot.press(*"ci reader")
        scopes = app.screen.query_one("#key-scopes", SelectionList)
        assert scopes.selected == ["matches:read"]
        app.screen.query_one("#key-days", Input).value = "30"
        dialog = app.screen
        assert isinstance(dialog, NewApiKeyScreen)
        dialog.action_create()
        dialog.action_create()  # a second ctrl+s before the answer: nothing more
        await wait_for(pilot, lambda: isinstance(app.screen, SecretScreen))
        key = shown_secret(app)
        assert key.startswith("sk_")
        await pilot.press("y")
        assert app.clipboard == key
        assert all(key not in str(n.message) for n in app._notifications)
        await pilot.press("escape")
        await wait_for(pilot, lambda: [k.name for k in pane.keys] == ["ci reader"])
        assert pane.keys[0].expires_at is not None and not pane.keys[0].revoked

        bearer = {"Authorization": f"Bearer {key}"}
        assert live.client.get("/v1/matches/me", headers=bearer).status_code == 200
        refused = live.client.get("/v1/webhooks", headers=bearer)
        assert refused.status_code == 403  # only the scope it was given

        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(pane.keys) and pane.keys[0].revoked)
        assert live.client.get("/v1/matches/me", headers=bearer).status_code == 401


async def test_a_key_needs_a_name_and_a_scope(start_server: Callable[..., Live]) -> None:
    live = start_server(demo=True)
    await sign_in(live, JANE)
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        await developer_tab(pilot, app, "7")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewApiKeyScreen))
        status = app.screen.query_one("#form-status")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(status.render()) == "Name the key (what uses it).")
        await pilot.press(*"k")
        app.screen.query_one("#key-scopes", SelectionList).deselect_all()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(status.render()) == "Mark at least one scope.")
        app.screen.query_one("#key-days", Input).value = "0"
        app.screen.query_one("#key-scopes", SelectionList).select("profiles:read")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "a whole number from 1 to 3650" in str(status.render()))
        assert isinstance(app.screen, NewApiKeyScreen)


async def test_webhooks_register_deliver_resend_and_delete(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True, webhook_retry_unit_seconds=0.01)
    receiver = Receiver(fail_first=6)
    await sign_in(live, JANE)
    app = app_for(live)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            pane = await developer_tab(pilot, app, "7")
            await pilot.press("w")
            await wait_for(pilot, lambda: isinstance(app.screen, NewWebhookScreen))
            await pilot.press(*receiver.url)
            events = app.screen.query_one("#hook-events", SelectionList)
            events.deselect_all()
            events.select("message.received")
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, SecretScreen))
            secret = shown_secret(app)
            assert secret.startswith("whsec_")
            await pilot.press("y")
            assert app.clipboard == secret
            await pilot.press("escape")
            await wait_for(pilot, lambda: [h.url for h in pane.webhooks] == [receiver.url])

            await jane_messages_sarah_back(live)
            receiver.wait_for(6, timeout=20)
            raw, headers = receiver.calls[0]
            signature = {k.lower(): v for k, v in headers.items()}["x-skillsync-signature"]
            assert verify_webhook_signature(raw, signature, secret), "signed with the shown secret"

            def failed_shown() -> bool:
                pane.action_refresh()
                return bool(pane.deliveries) and pane.deliveries[0].status == "failed"

            await wait_for(pilot, failed_shown, timeout=20)
            assert pane.deliveries[0].attempts == 6
            app.screen.query_one("#deliveries").focus()
            await pilot.press("r")
            receiver.wait_for(7)

            def delivered_shown() -> bool:
                pane.action_refresh()
                return bool(pane.deliveries) and pane.deliveries[0].status == "delivered"

            await wait_for(pilot, delivered_shown)
            assert pane.deliveries[0].attempts == 7

            app.screen.query_one("#webhooks").focus()
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            await pilot.press("enter")
            await wait_for(pilot, lambda: pane.webhooks == [])
    finally:
        receiver.close()


async def jane_messages_sarah_back(live: Live) -> None:
    """Sarah writes to Jane: Jane's webhook (message.received) gets the event."""
    from tests.server.otp_helpers import login

    sarah = login(live.client, SARAH)["token"]
    sent = live.client.post(
        "/v1/messages",
        json={"recipient_id": "user_456", "message": "hello"},
        headers={"Authorization": f"Bearer {sarah}"},
    )
    assert sent.status_code == 201, sent.text


async def test_candidates_open_developer_settings_from_the_palette(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        shell = app.screen
        assert isinstance(shell, ShellScreen)
        assert "developer" not in shell.tabs and not shell.query(DeveloperPane)
        await pilot.press("ctrl+p")
        await pilot.press(*"Developer settings")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: bool(shell.query(DeveloperPane)))
        assert shell.tabs[-1] == "developer"
        pane = shell.query_one(DeveloperPane)
        await wait_for(pilot, lambda: pane.started and pane.keys == [])
        await pilot.press("1")
        await pilot.press("5")
        assert app.screen.focused is pane.main_widget()
