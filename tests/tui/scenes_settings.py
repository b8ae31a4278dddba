"""The pictures of the settings: the Profile tab and its dialogs (a candidate's and a
recruiter's company profile) and the Developer tab's, the key and secret shown once."""

from __future__ import annotations

from datetime import timedelta

from tests.tui.conftest import wait_for
from tests.tui.scene_kit import SHOWN_AT, Steps, open_tab, steady, text_of
from textual.pilot import Pilot

from talenttui.api.models.api_keys import CreatedApiKey
from talenttui.api.models.webhooks import CreatedWebhook
from talenttui.tui.dialogs.secret_shown import SecretScreen
from talenttui.tui.panes.developer import DeveloperPane
from talenttui.tui.panes.profile import ProfilePane


def _profile_tab(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await open_tab(pilot, key)
        pane = pilot.app.screen.query_one(ProfilePane)
        await wait_for(pilot, lambda: pane.profile is not None)
        await steady(pilot)

    return steps


profile = _profile_tab("3")
recruiter_profile = _profile_tab("6")
"""A recruiter's is their company's: the company and its opening first."""


async def profile_editor(pilot: Pilot[None]) -> None:
    await profile(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#f-name")))
    await steady(pilot)


async def company_editor(pilot: Pilot[None]) -> None:
    """A recruiter's editor at its company fields (the cursor in the company type)."""
    await recruiter_profile(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#c-type")))
    await pilot.pause()  # the editor scrolls to its top once shown: then to the company
    pilot.app.screen.query_one("#c-type").focus()
    await steady(pilot)


async def photo(pilot: Pilot[None]) -> None:
    await profile(pilot)
    await pilot.press("p")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#photo-path")))
    await pilot.press(*"~/Pictures/me.png")
    await wait_for(pilot, lambda: "Cannot read" in text_of(pilot, "#photo-preview"))
    await steady(pilot)


def developer(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await open_tab(pilot, key)
        pane = pilot.app.screen.query_one(DeveloperPane)
        await wait_for(pilot, lambda: pane.started and not pane._notice.display)
        await steady(pilot)

    return steps


def developer_dialog(key: str, field: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await developer("7")(pilot)
        await pilot.press(key)
        await wait_for(pilot, lambda: bool(pilot.app.screen.query(field)))
        await steady(pilot)

    return steps


EXAMPLE_KEY = "sk_test_" + "ExampleKeyForThePicturesOnly".ljust(43, "0")
"""A key of the real shape (``key_material.new_key``) that no server made."""
EXAMPLE_SECRET = "whsec_" + "ExampleSecretForThePicturesOnly".ljust(43, "0")


async def key_shown(pilot: Pilot[None]) -> None:
    """The box a new key is shown in once, as the Developer tab opens it when the server
    answers (the real path, with a random key, is tests/tui/test_developer.py)."""
    await developer("7")(pilot)
    pane = pilot.app.screen.query_one(DeveloperPane)
    expires = (SHOWN_AT + timedelta(days=30)).isoformat()
    pane._key_created(
        CreatedApiKey(
            id="key_example",
            name="ci reader",
            prefix=EXAMPLE_KEY[:12],
            scopes=["matches:read", "profiles:read"],
            expires_at=expires,
            key=EXAMPLE_KEY,
        )
    )
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretScreen))
    await steady(pilot)


async def webhook_secret_shown(pilot: Pilot[None]) -> None:
    """A new webhook's signing secret, shown once in the same box."""
    await developer("7")(pilot)
    pane = pilot.app.screen.query_one(DeveloperPane)
    pane._webhook_created(
        CreatedWebhook(
            id="wh_example",
            url="https://hooks.example.org/talenttui",
            events=["match.created", "message.received"],
            secret=EXAMPLE_SECRET,
        )
    )
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SecretScreen))
    await steady(pilot)
