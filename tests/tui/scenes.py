"""Every picture of the app, defined once: the snapshot tests (test_snapshots.py) check each
scene at 80x24 and 120x40, and scripts/screenshots.py renders the same scenes into
screenshots/*.svg.

A scene is who is signed in when the app starts (nobody: the login screen) and the keys
from the first screen to the picture. The app runs against a real demo server, seen as
its bundled one (so the login screen shows the demo code). What moves with time or chance
is pinned, so a picture changes only when the screen does: the demo is seeded at
``SEEDED`` and the app reads dates against the same moment (in UTC), the login code and
its resend countdown stand still, share links are built on a fixed public URL, and the
status bar's rate-limit figure and connection and the text cursor are set before the
picture.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest import mock

from tests.conftest import FakeClock, Live
from tests.server.otp_helpers import signup
from tests.tui.conftest import JANE, SARAH, app_for, demo_settings, sign_in, wait_for
from textual.pilot import Pilot
from textual.widgets import Input, Static

from talenttui.api.models.api_keys import CreatedApiKey
from talenttui.api.models.webhooks import CreatedWebhook
from talenttui.server.skilldeo import otp
from talenttui.tui import wallclock
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.secret_shown import SecretScreen
from talenttui.tui.panes.analytics import AnalyticsPane
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.developer import DeveloperPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.screens.login import LoginScreen
from talenttui.tui.widgets.match_list import MatchList

SEEDED = datetime(2026, 1, 20, 10, 42, tzinfo=UTC)
"""The moment the pictured demo is seeded (its minutes are the reference's)."""
SHOWN_AT = SEEDED + timedelta(minutes=1)
"""The app's wall clock in every picture."""
LOGIN_CODE = "424242"
PUBLIC_URL = "https://talent.example.org"
RATE_TEXT = "58/60 req"

Steps = Callable[[Pilot[None]], Awaitable[None]]


@dataclass(frozen=True)
class Scene:
    name: str
    """The picture's name: ``screenshots/<name>.svg`` and the snapshot's id."""
    user: str | None
    """Signed in before the app starts; None: the login screen."""
    steps: Steps
    """From the first screen to the picture."""


def pictured_demo(data_dir: Path) -> Live:
    """A demo server seeded at ``SEEDED``; its clock is the wall clock from then on (login
    tokens are checked against the real time too)."""
    clock = FakeClock()
    clock.offset = SEEDED.timestamp() - time.time()
    settings = replace(demo_settings(data_dir), clock=clock, public_url=PUBLIC_URL)
    live = Live(settings)
    clock.offset = 0.0
    return live


@contextlib.contextmanager
def pinned() -> Iterator[None]:
    """The wall clock, the time zone, the login code and its countdown, for the pictures."""
    with contextlib.ExitStack() as stack:
        stack.callback(time.tzset)  # last: once TZ is as it was
        stack.enter_context(mock.patch.dict(os.environ, {"TZ": "UTC"}))
        time.tzset()
        stack.enter_context(mock.patch.object(wallclock, "now", lambda: SHOWN_AT))
        stack.enter_context(mock.patch.object(otp, "new_code", lambda: LOGIN_CODE))
        stack.enter_context(mock.patch.object(LoginScreen, "_tick", lambda self: None))
        yield


NEWCOMER = "nia.new@example.com"
"""A candidate who has just signed up (no profile yet): the first-run form's scene."""
_signed_up: set[str] = set()


async def app_for_scene(scene: Scene, live: Live) -> TalentApp:
    """The app as it starts for ``scene``: signed in beforehand through the real OTP flow."""
    if scene.user == NEWCOMER and live.url not in _signed_up:
        await asyncio.to_thread(signup, live.client, NEWCOMER, first_name="Nia", last_name="New")
        _signed_up.add(live.url)
    if scene.user is not None:
        await sign_in(live, scene.user, bundled=True)
    return app_for(live, bundled=True)


def _app(pilot: Pilot[None]) -> TalentApp:
    app = pilot.app
    assert isinstance(app, TalentApp)
    return app


async def steady(pilot: Pilot[None]) -> None:
    """What moves on its own, fixed (the status bar's figures, the text cursor's blink) or
    waited for (the unread total); then the screen settles."""
    app = _app(pilot)
    # the Messages list loads at login, for the unread total on its tab and the status bar
    await wait_for(
        pilot, lambda: not any(w.group == "conversations" and w.is_running for w in app.workers)
    )
    app.rate_text = RATE_TEXT
    app.connection = "online"
    for field in app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause(0.2)


def _text(pilot: Pilot[None], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


# -- the login screen ------------------------------------------------------------------------


async def at_login(pilot: Pilot[None]) -> None:
    await steady(pilot)


async def code_shown(pilot: Pilot[None]) -> None:
    """The code step: the email field takes keys once it has focus."""
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) == "email")
    await pilot.press(*JANE, "enter")
    await wait_for(pilot, lambda: "Demo code" in _text(pilot, "#demo-code"))
    await steady(pilot)


# -- the feed and its dialogs ----------------------------------------------------------------


async def _feed_painted(pilot: Pilot[None]) -> None:
    app = _app(pilot)
    await wait_for(pilot, lambda: bool(app.screen.query_one(MatchList).matches))
    await wait_for(pilot, lambda: app.connection == "online")


async def feed(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await steady(pilot)


async def match_details(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: "Strengths" in _text(pilot, "#details-insights"))
    await steady(pilot)


async def filters(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await pilot.press("slash")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#min-score")))
    await steady(pilot)


async def help_open(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#help-body")))
    await steady(pilot)


async def accept(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#accept-message")))
    await pilot.press(*"Hello Sarah, shall we talk this week?")
    await steady(pilot)


async def reject_reason(pilot: Pilot[None]) -> None:
    await _feed_painted(pilot)
    await pilot.press("R")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#reason-list")))
    await steady(pilot)


async def batch_confirm(pilot: Pilot[None]) -> None:
    """Three rows marked, then ``r``: the summary before the batch runs (nothing sent)."""
    await _feed_painted(pilot)
    await pilot.press("space", "space", "space", "r")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#confirm-summary")))
    await steady(pilot)


async def campaign_picker(pilot: Pilot[None]) -> None:
    """``i`` on an accepted match. The one accepted is below the default minimum score, so
    the other scenes' feeds and counters never show it (this scene writes: keep it last)."""
    from talenttui.tui.dialogs.campaign_picker import CampaignPickerScreen

    app = _app(pilot)
    await _feed_painted(pilot)
    await pilot.press("slash")
    await wait_for(pilot, lambda: bool(app.screen.query("#min-score")))
    await pilot.press("tab", "0", "ctrl+s")
    rows = app.screen.query_one(MatchList)
    await wait_for(pilot, lambda: len(rows.matches) > 20)
    await pilot.press("G")
    last = rows.current
    if last is not None and last.status != "accepted":
        await pilot.press("a")
        await wait_for(pilot, lambda: bool(app.screen.query("#accept-message")))
        await pilot.press("enter")
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, CampaignPickerScreen))
    picker = app.screen
    assert isinstance(picker, CampaignPickerScreen)
    await wait_for(pilot, lambda: bool(picker.campaigns))
    await pilot.press(*"walk")
    await wait_for(pilot, lambda: len(picker.campaigns) == 3)
    await steady(pilot)


# -- the other tabs --------------------------------------------------------------------------


async def _tab(pilot: Pilot[None], key: str) -> None:
    """The feed first (as a person sees it), then the tab."""
    await _feed_painted(pilot)
    await pilot.press(key)


def _messages(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await _tab(pilot, key)
        pane = pilot.app.screen.query_one(ConversationsPane)
        await wait_for(pilot, lambda: bool(pane.conversations))
        await pilot.press("j")
        await wait_for(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
        # read on the server, not only drawn from the cache: else whether the next scenes
        # see it unread depends on how soon this app quit
        await wait_for(
            pilot,
            lambda: all(not c.unread_count for c in pane.conversations if c.id == pane.open_id),
        )
        await steady(pilot)

    return steps


async def conversation(pilot: Pilot[None]) -> None:
    """Sarah in her conversation with Jane, a reply half written in the composer."""
    await _messages("2")(pilot)
    await pilot.press("enter")
    pane = pilot.app.screen.query_one(ConversationsPane)
    await wait_for(pilot, lambda: pane.view.composer.has_focus)
    await pilot.press(*"Thursday at 10:00 PT works.", "ctrl+j", *"Talk then!")
    await steady(pilot)


async def campaigns(pilot: Pilot[None]) -> None:
    await _tab(pilot, "3")
    pane = pilot.app.screen.query_one(CampaignsPane)
    await wait_for(pilot, lambda: pane.link is not None and pane.details is not None)
    await steady(pilot)


async def invite(pilot: Pilot[None]) -> None:
    await campaigns(pilot)
    await pilot.press("i")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#invite-emails")))
    await pilot.press(*"ana.lee@example.com, ben.ng@example.com")
    await steady(pilot)


async def interviews(pilot: Pilot[None]) -> None:
    """The first campaign's first interview, its result open."""
    await _tab(pilot, "4")
    pane = pilot.app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.interviews))
    await pilot.press("enter", "down")
    await wait_for(pilot, lambda: pane.result is not None)
    await steady(pilot)


async def compare(pilot: Pilot[None]) -> None:
    """The first campaign's two newest completed interviews, marked, then ``c``."""
    from talenttui.tui.dialogs.compare_results import CompareScreen

    await _tab(pilot, "4")
    pane = pilot.app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.interviews))
    await pilot.press("enter", "v", "v", "v")
    await wait_for(pilot, lambda: pane.paged.status == "completed")
    await wait_for(pilot, lambda: {i.status for i in pane.interviews} == {"completed"})
    await pilot.press("down", "space", "down", "space", "c")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: len(screen.results) == 2)
    pilot.app.clear_notifications()  # "Showing completed interviews." would time out unpinned
    await steady(pilot)


def _analytics_loaded(pilot: Pilot[None], pane: AnalyticsPane) -> bool:
    """Every part in (the platform or its notice, a recruiter's campaign summary): a
    request still on its way would change the status bar's rate figure after ``steady``."""
    platform_shown = not _text(pilot, "#analytics-platform").startswith("Loading")
    summary_shown = not pane.recruiter or pane.summary is not None
    return pane.analytics is not None and platform_shown and summary_shown


def _analytics(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await _tab(pilot, key)
        pane = pilot.app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: _analytics_loaded(pilot, pane))
        await steady(pilot)

    return steps


async def profile(pilot: Pilot[None]) -> None:
    await _tab(pilot, "3")
    pane = pilot.app.screen.query_one(ProfilePane)
    await wait_for(pilot, lambda: pane.profile is not None)
    await steady(pilot)


async def profile_editor(pilot: Pilot[None]) -> None:
    await profile(pilot)
    await pilot.press("e")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#f-name")))
    await steady(pilot)


async def photo(pilot: Pilot[None]) -> None:
    await profile(pilot)
    await pilot.press("p")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#photo-path")))
    await pilot.press(*"~/Pictures/me.png")
    await wait_for(pilot, lambda: "Cannot read" in _text(pilot, "#photo-preview"))
    await steady(pilot)


async def first_run(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#first-title")))
    await pilot.press(*"Backend Developer", "tab", *"Python, SQL, Docker")
    await steady(pilot)


async def analytics_summary(pilot: Pilot[None]) -> None:
    """Jane's Analytics scrolled to its end: the platform and a campaign's summary."""
    await _tab(pilot, "5")
    pane = pilot.app.screen.query_one(AnalyticsPane)
    await wait_for(pilot, lambda: _analytics_loaded(pilot, pane))
    pane.scroll_end(animate=False)
    await steady(pilot)


def _developer(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await _tab(pilot, key)
        pane = pilot.app.screen.query_one(DeveloperPane)
        await wait_for(pilot, lambda: pane.started and not pane._notice.display)
        await steady(pilot)

    return steps


def _developer_dialog(key: str, field: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await _developer("7")(pilot)
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
    await _developer("7")(pilot)
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
    await _developer("7")(pilot)
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


SCENES: tuple[Scene, ...] = (
    Scene("login", None, at_login),
    Scene("login-code", None, code_shown),
    Scene("feed", JANE, feed),
    Scene("match-details", JANE, match_details),
    Scene("filters", JANE, filters),
    Scene("help", JANE, help_open),
    Scene("accept", JANE, accept),
    Scene("messages", JANE, _messages("2")),
    Scene("campaigns", JANE, campaigns),
    Scene("invite", JANE, invite),
    Scene("interviews", JANE, interviews),
    Scene("compare", JANE, compare),
    Scene("analytics", JANE, _analytics("5")),
    Scene("candidate-feed", SARAH, feed),
    Scene("candidate-messages", SARAH, _messages("2")),
    Scene("conversation", SARAH, conversation),
    Scene("profile", SARAH, profile),
    Scene("candidate-analytics", SARAH, _analytics("4")),
    Scene("reject-reason", JANE, reject_reason),
    Scene("batch-confirm", JANE, batch_confirm),
    Scene("profile-editor", SARAH, profile_editor),
    Scene("photo", SARAH, photo),
    Scene("first-run", NEWCOMER, first_run),
    Scene("analytics-summary", JANE, analytics_summary),
    Scene("developer", JANE, _developer("7")),
    Scene("new-key", JANE, _developer_dialog("n", "#key-name")),
    Scene("new-webhook", JANE, _developer_dialog("w", "#hook-url")),
    Scene("key-shown", JANE, key_shown),
    Scene("webhook-secret", JANE, webhook_secret_shown),
    Scene("candidate-developer", SARAH, _developer("f9")),
    Scene("campaign-picker", JANE, campaign_picker),
)
"""Every tab of both roles, the login steps and every dialog."""


def run_scene_app(scene: Scene, live: Live) -> TalentApp:
    """``app_for_scene`` from synchronous code (a test, before the app's own loop)."""
    return asyncio.run(app_for_scene(scene, live))
