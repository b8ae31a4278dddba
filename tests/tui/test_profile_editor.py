"""The profile editor, the first-run form and the photo upload, end to end against the
real server: what the app saves is what the server then has."""

from __future__ import annotations

import asyncio
import io
import secrets
from collections.abc import Callable
from pathlib import Path

import httpx
from PIL import Image
from tests.conftest import Live
from tests.server.otp_helpers import latest_code, login, signup
from tests.tui.conftest import SARAH, Refusing, app_for, sign_in, wait_for
from tests.tui.test_focus import footer_keys
from textual.pilot import Pilot
from textual.widgets import Input, Label, Static, TextArea

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.first_run import FirstRunScreen
from talenttui.tui.dialogs.photo_upload import PhotoUploadScreen
from talenttui.tui.dialogs.profile_editor import ProfileEditor
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.screens.shell import ShellScreen


def server_profile(live: Live, email: str) -> dict[str, object]:
    token = login(live.client, email)["token"]
    answer = live.client.get("/v1/profiles/me", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    data: dict[str, object] = answer.json()["data"]
    return data


def error_text(app: TalentApp, field_id: str) -> str:
    line = app.screen.query_one(f"#error-{field_id}", Label)
    return str(line.render()) if line.display else ""


async def open_editor(pilot: Pilot[None], app: TalentApp, tab: str = "3") -> ProfileEditor:
    """``tab``: the Profile tab's key (3 for candidates, 6 for recruiters)."""
    await pilot.press(tab)
    pane = app.screen.query_one(ProfilePane)
    await wait_for(pilot, lambda: pane.profile is not None)
    # the footer offers `e` once the profile is in (it is off before): it was missing
    await wait_for(pilot, lambda: "e" in footer_keys(app))
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ProfileEditor))
    editor = app.screen
    assert isinstance(editor, ProfileEditor)
    await pilot.pause()
    assert editor.query_one("#f-name", Input).has_focus
    return editor


async def test_a_profile_edit_is_on_the_server_and_the_feed_is_refetched(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    await sign_in(live, SARAH)
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        feed = app.screen.query_one(MatchFeed)
        await wait_for(pilot, lambda: len(feed.match_list.matches) > 0)
        editor = await open_editor(pilot, app)
        await pilot.press("tab", "ctrl+u", *"Staff Platform Engineer")
        assert editor.query_one("#f-title", Input).value == "Staff Platform Engineer"
        skills = editor.query_one("#f-skills", TextArea)
        skills.text = skills.text + "\nRust, advanced, 3"
        editor.query_one("#f-salary_min", Input).value = "150000"
        editor.query_one("#f-salary_max", Input).value = "190000"
        editor.query_one("#f-currency", Input).value = "EUR"
        feed.match_list.set_matches([])
        editor.action_save_profile()
        editor.action_save_profile()  # a second ctrl+s before the first landed: nothing more
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        await wait_for(pilot, lambda: len(feed.match_list.matches) > 0)
        head = app.screen.query_one("#profile-head")
        await wait_for(pilot, lambda: "Staff Platform Engineer" in str(head.render()))
        client = await app.client()
        page = await client.send(feed._page_call(1))
        assert [m.id for m in feed.match_list.matches[:20]] == [m.id for m in page.matches[:20]]
        saved = [n for n in app._notifications if "Profile saved" in str(n.message)]
        assert len(saved) == 1
        outbox = await (await app.client()).outbox()
        stored = [e.method for e in await outbox.entries() if e.path == "/v1/profiles/me"]
        assert stored == ["PUT"]
    profile = server_profile(live, SARAH)
    assert profile["title"] == "Staff Platform Engineer"
    assert {"name": "Rust", "level": "advanced", "years": 3} in profile["skills"]  # type: ignore[operator]
    assert profile["preferences"]["salary_range"] == {  # type: ignore[index]
        "min": 150000,
        "max": 190000,
        "currency": "EUR",
    }


async def test_a_mistake_is_shown_at_its_field_and_nothing_is_sent(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    await sign_in(live, SARAH)
    before = server_profile(live, SARAH)
    app = app_for(live)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app)
        assert not editor.query("#c-type"), "a candidate's profile has no company fields"
        fields = editor.query_one("#editor-fields")
        await wait_for(pilot, lambda: fields.scroll_y == 0)
        first_label = editor.query_one("#editor-fields .field-label")
        assert first_label.region.y >= fields.region.y, "the Name label is in sight at 80x24"
        assert not app.screen_stack[-2].query_one("#profile-company").display
        editor.query_one("#f-salary_min", Input).value = "200000"
        editor.query_one("#f-salary_max", Input).value = "100000"
        editor.query_one("#f-experience_years", Input).value = "seventy"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: error_text(app, "preferences-salary-range") != "")
        assert error_text(app, "preferences-salary-range") == "min is greater than max"
        assert error_text(app, "experience-years") == "a whole number from 0 to 60"
        assert error_text(app, "name") == ""
        assert isinstance(app.screen, ProfileEditor)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
    assert server_profile(live, SARAH) == before


class RefusingPuts(Refusing):
    """``Refusing``, for PUTs only: the editor still reads the profile it edits."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.method != "PUT":
            return await self._real.handle_async_request(request)
        return await super().handle_async_request(request)


async def test_the_servers_refusal_is_shown_at_its_field(
    start_server: Callable[..., Live],
) -> None:
    """The server's own 422 (asked for here with a body the form would never send, so the
    form's checks cannot catch it first) comes back to the editor at the field it names."""
    live = start_server(demo=True)
    token = login(live.client, SARAH)["token"]
    refused = live.client.put(
        "/v1/profiles/me",
        json={"skills": [{"name": "React", "level": "guru"}]},
        headers={"Authorization": f"Bearer {token}"},
    )
    details = refused.json()["error"]["details"]
    assert refused.status_code == 422 and details["field"] == "skills[0].level"
    await sign_in(live, SARAH)
    app = app_for(live)
    transport = Transport(
        app.config, app.credentials, http_transport=RefusingPuts({"/v1/profiles/me": refused})
    )
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: error_text(app, "skills") != "")
        assert error_text(app, "skills") == refused.json()["error"]["message"]
        assert error_text(app, "name") == ""
        status = str(editor.query_one("#form-status").render())
        assert status == "Not saved: the server refused skills[0].level."
        assert isinstance(app.screen, ProfileEditor)


def png(path: Path) -> int:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (10, 120, 200)).save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return len(out.getvalue())


async def test_a_photo_from_a_path_is_previewed_then_uploaded(
    start_server: Callable[..., Live], tmp_path: Path
) -> None:
    live = start_server(demo=True)
    size = png(tmp_path / "me.png")
    await sign_in(live, SARAH)
    app = app_for(live)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(ProfilePane)
        await wait_for(pilot, lambda: pane.profile is not None)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PhotoUploadScreen))
        path_input = app.screen.query_one("#photo-path", Input)
        path_input.value = str(tmp_path / "nothing.png")
        preview = app.screen.query_one("#photo-preview", Static)
        await wait_for(pilot, lambda: "Cannot read nothing.png" in str(preview.render()))
        path_input.value = str(tmp_path / "me.png")
        await wait_for(pilot, lambda: str(preview.render()) == f"me.png, {size} B")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        await wait_for(pilot, lambda: pane.profile is not None and pane.profile.avatar is not None)
    avatar = server_profile(live, SARAH)["avatar"]
    assert isinstance(avatar, str) and avatar.endswith(".png")
    assert (
        live.client.get(avatar.removeprefix(live.url)).content == (tmp_path / "me.png").read_bytes()
    )


async def test_no_photo_upload_in_kiosk_mode(start_server: Callable[..., Live]) -> None:
    """Kiosk mode reads no files the person names: the key is not offered."""
    live = start_server(demo=True)
    app = app_for(live, kiosk=True)
    async with app.run_test(size=(120, 40)) as pilot:
        client = await app.client()
        sent = await client.request_login_code(SARAH)
        code = await asyncio.to_thread(latest_code, live.client, SARAH)
        await client.login_with_code(SARAH, sent.session_id, code)
        await app.signed_in()
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        await pilot.press("3")
        pane = app.screen.query_one(ProfilePane)
        await wait_for(pilot, lambda: pane.profile is not None)
        assert pane.check_action("photo", ()) is False
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ShellScreen)
        assert "photo" not in str(app.screen.query_one("#profile-hint").render())


async def test_a_new_account_lands_on_the_first_run_form_and_gets_matches(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    email = f"new.{secrets.token_hex(3)}@example.com"
    signup(live.client, email, first_name="Nia", last_name="New")
    await sign_in(live, email)
    app = app_for(live)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunScreen))
        await wait_for(pilot, lambda: app.screen.query_one("#first-title", Input).has_focus)
        await pilot.press("enter")
        await wait_for(pilot, lambda: error_text(app, "title").startswith("a title is required"))
        app.screen.query_one("#first-title", Input).value = "Full Stack Developer"
        app.screen.query_one("#first-skills", Input).value = "React, Node.js, TypeScript"
        app.screen.query_one("#first-location", Input).value = "San Francisco, CA"
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        feed = app.screen.query_one(MatchFeed)
        await wait_for(pilot, lambda: len(feed.match_list.matches) > 0)
    profile = server_profile(live, email)
    assert profile["title"] == "Full Stack Developer"
    assert [s["name"] for s in profile["skills"]] == ["React", "Node.js", "TypeScript"]  # type: ignore[attr-defined]
    assert profile["location"] == "San Francisco, CA"


async def test_an_account_with_a_profile_gets_no_first_run_form(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        feed = app.screen.query_one(MatchFeed)
        await wait_for(pilot, lambda: len(feed.match_list.matches) > 0)
        await pilot.pause(0.3)
        assert isinstance(app.screen, ShellScreen)
