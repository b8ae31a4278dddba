"""Terminal-injection payloads in every field the app shows (issue #13, point 9), as pictures.

A candidate writes markup, ANSI and OSC 52/0 sequences, C1 controls, bidi overrides and
zero-width characters into their name, title, location and bio through the API, and a
10,000-character message to Jane; Acme gets a campaign whose name carries the same and
100 KB more, and an interview whose email does (both written to the database: the API
has no way to create a campaign, and refuses such an email). Every screen that shows
them must show them literally: markup as typed, controls in caret notation, invisible
characters as <U+…>, nothing sent to the terminal raw.

The pictures must not move with the date: the server is the scenes' pictured demo, the
app's clock and time zone are pinned as for every picture (tests/tui/scenes.py), and the
hostile rows carry a fixed time too.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import or_, update
from tests.conftest import Live
from tests.database import on_postgres
from tests.server.otp_helpers import login
from tests.server.skilldeo_helpers import add_campaign
from tests.server.skillsync_people import db, person
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from tests.tui.scene_kit import SEEDED, pictured_demo, pinned
from textual.pilot import Pilot

from talenttui.server.demo.constants import ACME_ORG_ID, JANE_USER_ID
from talenttui.server.models import Conversation, Interview, Match, Message
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.widgets.match_list import MatchList

MARKUP = "[bold red]BOLD[/] [link=https://evil.example]click[/link] [@click=app.quit]q[/]"
ANSI = "\x1b[31mRED\x1b[0m\x1b[2J"
OSC = "\x1b]52;c;ZXZpbA==\x07\x1b]0;pwned\x07"
C1 = "\x9b31mC1\x9d0;t\x9c"
BIDI = "\u202eexe.txt\u202c"
ZERO_WIDTH = "pay\u200bpal\u200d\ufeff"
EVERYTHING = f"{MARKUP} {ANSI} {OSC} {C1} {BIDI} {ZERO_WIDTH}"
SHOWN_WHEN = SEEDED - timedelta(hours=1)
SIZE = (110, 32)

pytestmark = pytest.mark.skipif(
    on_postgres(),
    reason="the 100 KB campaign name is written straight into the database, and PostgreSQL "
    "holds campaign names to their 200 characters (SQLite does not), so no such row exists "
    "there; the pictures do not depend on the backend",
)


def _hostile_profile(required: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": f"Eve {BIDI}{ZERO_WIDTH} {ANSI}"[:100],
        "title": f"{MARKUP}"[:120],
        "location": f"{C1} {OSC}"[:120],
        "bio": EVERYTHING * 10,
        "experience_years": 12,
        "remote_work": True,
        "skills": [{"name": skill["name"], "level": "expert", "years": 12} for skill in required],
    }


@pytest.fixture(autouse=True)
def _pinned() -> Iterator[None]:
    with pinned():
        yield


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    live = pictured_demo(tmp_path_factory.mktemp("hostile-tui"))
    jane = {"Authorization": f"Bearer {login(live.client, JANE)['token']}"}
    opening = live.client.get("/v1/profiles/me", headers=jane).json()["data"]
    eve = person(live, name="Eve Hostile")
    put = live.client.put(
        "/v1/profiles/me", json=_hostile_profile(opening["required_skills"]), headers=eve.headers
    )
    assert put.status_code == 200, put.text
    message = (EVERYTHING + "\n") * 40
    sent = live.client.post(
        "/v1/messages",
        json={"recipient_id": opening["id"], "message": message[:10_000]},
        headers=eve.headers,
    )
    assert sent.status_code == 201, sent.text
    campaign = add_campaign(live, ACME_ORG_ID, JANE_USER_ID, name=f"{EVERYTHING} " + "A" * 100_000)
    with db(live) as session:
        conversation = sent.json()["data"]["conversation_id"]
        session.execute(
            update(Conversation)
            .where(Conversation.public_id == conversation)
            .values(updated_at=SHOWN_WHEN)
        )
        session.execute(
            update(Message)
            .where(Message.public_id == sent.json()["data"]["message_id"])
            .values(created_at=SHOWN_WHEN)
        )
        session.execute(  # a fixed expiry, so the picture does not move with the date
            update(Match)
            .where(or_(Match.user_id == eve.id, Match.matched_user_id == eve.id))
            .values(created_at=SHOWN_WHEN, updated_at=SHOWN_WHEN, expires_at=SHOWN_WHEN)
        )
        session.add(
            Interview(
                campaign_id=campaign,
                org_id=ACME_ORG_ID,
                candidate_email=f"{OSC}{BIDI}eve@evil.example",
                invited_at=SHOWN_WHEN,
            )
        )
        session.commit()
    yield live
    live.close()


def _steady(app: TalentApp) -> None:
    app.rate_text = "58/60 req"
    app.connection = "online"


async def _settled(pilot: Pilot[None], app: TalentApp) -> None:
    """Moving figures fixed, the screen drawn, and nothing raw in what it sends; first the
    shell's start-up work (Messages built and loaded: the unread total on its label)."""
    waited = ("shell-start", "conversations")
    await wait_for(
        pilot, lambda: not any(w.group in waited and not w.is_finished for w in app.workers)
    )
    _steady(app)
    await pilot.pause(0.3)
    _nothing_raw(app)


def _nothing_raw(app: TalentApp) -> None:
    """What the terminal is sent: no ESC, no C1, no bidi or zero-width character."""
    picture = app.export_screenshot()
    raw = [c for c in "\x1b\x9b\x9d\x9c\u202e\u202c\u200b\u200d\ufeff" if c in picture]
    assert raw == [], [hex(ord(c)) for c in raw]


async def _feed(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TalentApp)
    await wait_for(
        pilot, lambda: any("Eve" in m.name for m in app.screen.query_one(MatchList).matches)
    )
    feed = app.screen.query_one(MatchList)
    index = next(i for i, m in enumerate(feed.matches) if "Eve" in m.name)
    await pilot.press(*["j"] * index)
    await wait_for(pilot, lambda: app.connection == "online")
    await _settled(pilot, app)


async def _conversation(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TalentApp)
    await pilot.press("2")
    pane = app.screen.query_one(ConversationsPane)
    await wait_for(pilot, lambda: bool(pane.conversations))
    await pilot.press("j")
    await wait_for(pilot, lambda: pane.view.thread is not None and pane.view.thread.loaded)
    await _settled(pilot, app)


async def _campaign(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TalentApp)
    await pilot.press("3")
    pane = app.screen.query_one(CampaignsPane)
    await wait_for(pilot, lambda: bool(pane.campaigns))
    await wait_for(pilot, lambda: pane.link is not None)  # the hostile campaign, newest, is first
    await _settled(pilot, app)


async def _interviews(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, TalentApp)
    await pilot.press("4")
    pane = app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.campaigns))
    await wait_for(pilot, lambda: bool(pane.interviews))
    await _settled(pilot, app)


@pytest.mark.parametrize(
    "before",
    [_feed, _conversation, _campaign, _interviews],
    ids=["feed", "conversation", "campaign", "interviews"],
)
def test_hostile_text_shows_literally(
    snap_compare: Callable[..., bool],
    hostile_server: Live,
    before: Callable[[Pilot[None]], object],
) -> None:
    asyncio.run(sign_in(hostile_server, JANE, bundled=True))
    app = app_for(hostile_server, bundled=True)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)
