"""Every picture of the app, defined once: the snapshot tests (test_snapshots.py) check each
scene at 80x24 and 120x40, and scripts/screenshots.py renders the same scenes into
screenshots/*.svg. What a scene is and what is pinned for it: tests/tui/scene_kit.py; the
settings' scenes (Profile, Developer): tests/tui/scenes_settings.py.
"""

from __future__ import annotations

from tests.tui.conftest import JANE, SARAH, wait_for
from tests.tui.scene_kit import (
    NEWCOMER,
    Scene,
    Steps,
    app_of,
    feed_painted,
    open_tab,
    steady,
    text_of,
)
from tests.tui.scenes_settings import (
    company_editor,
    developer,
    developer_dialog,
    key_shown,
    photo,
    profile,
    profile_editor,
    recruiter_profile,
    webhook_secret_shown,
)
from textual.pilot import Pilot

from talenttui.tui.panes.analytics import AnalyticsPane
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.widgets.match_list import MatchList

# -- the login screen ------------------------------------------------------------------------


async def at_login(pilot: Pilot[None]) -> None:
    await steady(pilot)


async def code_shown(pilot: Pilot[None]) -> None:
    """The code step: the email field takes keys once it has focus."""
    await wait_for(pilot, lambda: getattr(pilot.app.focused, "id", None) == "email")
    await pilot.press(*JANE, "enter")
    await wait_for(pilot, lambda: "Demo code" in text_of(pilot, "#demo-code"))
    await steady(pilot)


# -- the feed and its dialogs ----------------------------------------------------------------


async def feed(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await steady(pilot)


async def match_details(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("enter")
    await wait_for(pilot, lambda: "Strengths" in text_of(pilot, "#details-insights"))
    await steady(pilot)


async def filters(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("slash")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#min-score")))
    await steady(pilot)


async def help_open(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("question_mark")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#help-body")))
    await steady(pilot)


async def accept(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("a")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#accept-message")))
    await pilot.press(*"Hello Sarah, shall we talk this week?")
    await steady(pilot)


async def reject_reason(pilot: Pilot[None]) -> None:
    await feed_painted(pilot)
    await pilot.press("R")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#reason-list")))
    await steady(pilot)


async def batch_confirm(pilot: Pilot[None]) -> None:
    """Three rows marked, then ``r``: the summary before the batch runs (nothing sent)."""
    await feed_painted(pilot)
    await pilot.press("space", "space", "space", "r")
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#confirm-summary")))
    await steady(pilot)


async def campaign_picker(pilot: Pilot[None]) -> None:
    """``i`` on an accepted match. The one accepted is below the default minimum score, so
    the other scenes' feeds and counters never show it (this scene writes: keep it last)."""
    from talenttui.tui.dialogs.campaign_picker import CampaignPickerScreen

    app = app_of(pilot)
    await feed_painted(pilot)
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


def _messages(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await open_tab(pilot, key)
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
    await open_tab(pilot, "3")
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
    await open_tab(pilot, "4")
    pane = pilot.app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.interviews))
    await pilot.press("enter", "down")
    await wait_for(pilot, lambda: pane.result is not None)
    await steady(pilot)


async def compare(pilot: Pilot[None]) -> None:
    """The first campaign's two newest completed interviews, marked, then ``c``."""
    from talenttui.tui.dialogs.compare_results import CompareScreen

    await open_tab(pilot, "4")
    pane = pilot.app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.interviews))
    await pilot.press("enter", "v", "v", "v")
    await wait_for(pilot, lambda: pane.paged.status == "completed")
    await wait_for(pilot, lambda: {i.status for i in pane.interviews} == {"completed"})
    await pilot.press("space", "down", "space", "c")  # the filtered list's cursor is on row 1
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, CompareScreen))
    screen = pilot.app.screen
    assert isinstance(screen, CompareScreen)
    await wait_for(pilot, lambda: len(screen.results) == 2)
    pilot.app.clear_notifications()  # "Showing completed interviews." would time out unpinned
    await steady(pilot)


def _analytics_loaded(pilot: Pilot[None], pane: AnalyticsPane) -> bool:
    """Every part in (the platform or its notice, a recruiter's campaign summary): a
    request still on its way would change the status bar's rate figure after ``steady``."""
    platform_shown = not text_of(pilot, "#analytics-platform").startswith("Loading")
    summary_shown = not pane.recruiter or pane.summary is not None
    return pane.analytics is not None and platform_shown and summary_shown


def _analytics(key: str) -> Steps:
    async def steps(pilot: Pilot[None]) -> None:
        await open_tab(pilot, key)
        pane = pilot.app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: _analytics_loaded(pilot, pane))
        await steady(pilot)

    return steps


async def first_run(pilot: Pilot[None]) -> None:
    await wait_for(pilot, lambda: bool(pilot.app.screen.query("#first-title")))
    await pilot.press(*"Backend Developer", "tab", *"Python, SQL, Docker")
    await steady(pilot)


async def analytics_summary(pilot: Pilot[None]) -> None:
    """Jane's Analytics scrolled to its end: the platform and a campaign's summary."""
    await open_tab(pilot, "5")
    pane = pilot.app.screen.query_one(AnalyticsPane)
    await wait_for(pilot, lambda: _analytics_loaded(pilot, pane))
    pane.scroll_end(animate=False)
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
    Scene("recruiter-profile", JANE, recruiter_profile),
    Scene("company-editor", JANE, company_editor),
    Scene("photo", SARAH, photo),
    Scene("first-run", NEWCOMER, first_run),
    Scene("analytics-summary", JANE, analytics_summary),
    Scene("developer", JANE, developer("7")),
    Scene("new-key", JANE, developer_dialog("n", "#key-name")),
    Scene("new-webhook", JANE, developer_dialog("w", "#hook-url")),
    Scene("key-shown", JANE, key_shown),
    Scene("webhook-secret", JANE, webhook_secret_shown),
    Scene("candidate-developer", SARAH, developer("f9")),
    Scene("campaign-picker", JANE, campaign_picker),
)
"""Every tab of both roles, the login steps and every dialog."""
