"""A recruiter's company profile in the editor, end to end against the real server: the
company fields (type, size, industry, logo) and the opening candidates are matched against
(title, level, type, remote, place, salary, required skills) are filled in from the server,
saved to it, and checked as it checks them, its own refusal shown at the field it names."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.test_profile_editor import RefusingPuts, error_text, open_editor, server_profile
from textual.widgets import Checkbox, Input, Static, TextArea

from talenttui.api.client import TalentClient
from talenttui.api.transport import Transport
from talenttui.tui.dialogs.profile_editor import ProfileEditor
from talenttui.tui.screens.shell import ShellScreen

PROFILE_TAB = "6"


async def test_the_company_fields_are_saved_to_the_server(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    before = await asyncio.to_thread(server_profile, live, JANE)
    await sign_in(live, JANE)
    app = app_for(live)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app, PROFILE_TAB)
        role: dict[str, Any] = before["role"]  # type: ignore[assignment]
        assert editor.query_one("#c-type", Input).value == before["type"]
        assert editor.query_one("#c-company_size", Input).value == before["company_size"]
        assert editor.query_one("#c-role_title", Input).value == role["title"]
        assert editor.query_one("#c-remote", Checkbox).value == role["remote"]
        for field, value in (
            ("type", "small"),
            ("company_size", "51-200"),
            ("industry", "Fintech"),
            ("logo", "https://acme.example/logo.png"),
            ("role_title", "Staff Data Engineer"),
            ("experience_level", "senior"),
            ("role_type", "contract"),
            ("role_location", "Berlin"),
            ("salary_min", "90000"),
            ("salary_max", "120000"),
            ("currency", "EUR"),
        ):
            editor.query_one(f"#c-{field}", Input).value = value
        editor.query_one("#c-remote", Checkbox).value = not role["remote"]
        required = "Python, advanced, 4, 0.9\nSQL, intermediate, 2, 0.5\nAirflow"
        editor.query_one("#c-required_skills", TextArea).text = required
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        shown = app.screen.query_one("#profile-company", Static)
        await wait_for(pilot, lambda: "Staff Data Engineer" in str(shown.render()))
        text = str(shown.render())
        assert "senior · contract" in text and "90,000 to 120,000 EUR" in text
        assert "Fintech" in text and "Airflow" in text and shown.display
    after = await asyncio.to_thread(server_profile, live, JANE)
    assert (after["type"], after["company_size"]) == ("small", "51-200")
    assert (after["industry"], after["logo"]) == ("Fintech", "https://acme.example/logo.png")
    assert after["role"] == {
        **role,
        "title": "Staff Data Engineer",
        "experience_level": "senior",
        "role_type": "contract",
        "remote": not role["remote"],
        "location": "Berlin",
        "salary_range": {"min": 90000, "max": 120000, "currency": "EUR"},
    }
    assert after["required_skills"] == [
        {"name": "Python", "importance": 0.9, "min_level": "advanced", "min_years": 4},
        {"name": "SQL", "importance": 0.5, "min_level": "intermediate", "min_years": 2},
        {"name": "Airflow", "importance": 1.0, "min_level": "beginner", "min_years": 0},
    ]
    assert after["name"] == before["name"] and after["skills"] == before["skills"]


async def test_company_mistakes_are_shown_at_their_fields_and_nothing_is_sent(
    start_server: Callable[..., Live],
) -> None:
    live = start_server(demo=True)
    before = await asyncio.to_thread(server_profile, live, JANE)
    await sign_in(live, JANE)
    app = app_for(live)
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_editor(pilot, app, PROFILE_TAB)
        editor.query_one("#c-type", Input).value = "huge"
        editor.query_one("#c-logo", Input).value = "ftp://acme.example/logo.png"
        editor.query_one("#c-experience_level", Input).value = "guru"
        editor.query_one("#c-required_skills", TextArea).text = "Python, expert, 3, 2"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: error_text(app, "type") != "")
        assert error_text(app, "type") == "one of startup, small, medium, large, enterprise"
        assert error_text(app, "logo") == "an http(s) URL of at most 500 characters"
        assert error_text(app, "role-experience-level") == "one of junior, mid, senior, lead"
        assert error_text(app, "required-skills") == "line 1: importance is a number from 0 to 1"
        assert error_text(app, "company-size") == "" and error_text(app, "name") == ""
        assert isinstance(app.screen, ProfileEditor)
    assert await asyncio.to_thread(server_profile, live, JANE) == before


async def test_the_servers_refusal_of_a_company_field_is_shown_at_it(
    start_server: Callable[..., Live],
) -> None:
    """The server's own 422 for the opening's salary (a body the form would not send, so
    its checks cannot catch it first) comes back at the opening's salary fields."""
    live = start_server(demo=True)
    token = login(live.client, JANE)["token"]
    refused = live.client.put(
        "/v1/profiles/me",
        json={"role": {"salary_range": {"min": 5, "max": 1, "currency": "EUR"}}},
        headers={"Authorization": f"Bearer {token}"},
    )
    details = refused.json()["error"]["details"]
    assert refused.status_code == 422 and details["field"].startswith("role.salary_range")
    await sign_in(live, JANE)
    app = app_for(live)
    transport = Transport(
        app.config, app.credentials, http_transport=RefusingPuts({"/v1/profiles/me": refused})
    )
    app._client = TalentClient(app.config, credentials=app.credentials, transport=transport)
    async with app.run_test(size=(120, 40)) as pilot:
        editor = await open_editor(pilot, app, PROFILE_TAB)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: error_text(app, "role-salary-range") != "")
        assert error_text(app, "role-salary-range") == refused.json()["error"]["message"]
        assert error_text(app, "preferences-salary-range") == ""
        status = str(editor.query_one("#form-status").render())
        assert status == f"Not saved: the server refused {details['field']}."
        assert isinstance(app.screen, ProfileEditor)
