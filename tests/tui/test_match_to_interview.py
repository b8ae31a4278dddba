"""The recruiter's day across both APIs, end to end against the real demo server: accept a
candidate, invite them with `i` (the mail lands in the server's outbox at the address the
match revealed), read their result beside the match, jump from an interview to its match;
bulk triage with one undo, and rejects with a reason the server keeps."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.server.skillsync_people import db
from tests.tui.conftest import JANE, SARAH, app_for, sign_in, wait_for
from tests.tui.test_feed import feed_loaded, feed_of, rows_of, show_every_score, writes_done
from textual.pilot import Pilot
from textual.widgets import Static

from talenttui.server.models import Interview, OutboxMail
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.campaign_picker import CampaignPickerScreen
from talenttui.tui.dialogs.confirm import ConfirmScreen
from talenttui.tui.dialogs.match_details import MatchDetailsScreen
from talenttui.tui.dialogs.reject_reason import RejectReasonScreen
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.preferences import DEFAULT_REJECT_REASONS

CAMPAIGN = "Dotnet AI walk-in"


def jane_headers(live: Live) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(live.client, JANE)['token']}"}


def server_match(live: Live, match_id: str, headers: dict[str, str]) -> dict[str, Any]:
    resp = live.client.get(f"/v1/matches/{match_id}", headers=headers)
    assert resp.status_code == 200, resp.text
    data: dict[str, Any] = resp.json()["data"]
    return data


def invite_mails(live: Live, email: str) -> list[str]:
    with db(live) as session:
        rows = session.scalars(
            select(OutboxMail.subject).where(
                OutboxMail.email == email, OutboxMail.purpose == "invite"
            )
        )
        return list(rows)


async def accept_current(pilot: Pilot[None], app: TalentApp) -> str:
    match = rows_of(app).current
    assert match is not None
    await pilot.press("a")
    await wait_for(pilot, lambda: bool(app.screen.query("#accept-message")))
    await pilot.press("enter")
    await wait_for(pilot, lambda: not app.screen.query("#accept-message"))
    await writes_done(pilot, app)
    return match.id


async def pick_campaign(pilot: Pilot[None], app: TalentApp, name: str) -> None:
    await wait_for(pilot, lambda: isinstance(app.screen, CampaignPickerScreen))
    picker = app.screen
    assert isinstance(picker, CampaignPickerScreen)
    await pilot.press(*name)
    await wait_for(pilot, lambda: [c.name for c in picker.campaigns][:1] == [name])
    await pilot.press("enter")
    await wait_for(pilot, lambda: not isinstance(app.screen, CampaignPickerScreen))


async def accept_and_invite(
    pilot: Pilot[None], app: TalentApp, live: Live, headers: dict[str, str]
) -> tuple[str, str]:
    """``a`` then ``i`` on the cursor's match: its id and the email the accept revealed."""
    match_id = await accept_current(pilot, app)
    email = server_match(live, match_id, headers)["contact_email"]
    assert email and not invite_mails(live, email)
    await pilot.press("k", "i")
    await pick_campaign(pilot, app, CAMPAIGN)
    await wait_for(pilot, lambda: bool(invite_mails(live, email)))
    return match_id, str(email)


async def test_invite_from_an_accepted_match_mails_the_revealed_email(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    headers = await asyncio.to_thread(jane_headers, demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        await pilot.press("j", "j")
        before = rows_of(app).current
        assert before is not None and before.contact_email is None
        await pilot.press("i")
        await wait_for(pilot, lambda: any("first" in str(n.message) for n in app._notifications))
        assert not isinstance(app.screen, CampaignPickerScreen)

        _, email = await accept_and_invite(pilot, app, demo_server, headers)
    assert invite_mails(demo_server, email) == [f"Interview invitation: {CAMPAIGN}"]


def complete_interview(live: Live, email: str) -> dict[str, Any]:
    """The evaluation finishing (skilldeo does it; the demo has no evaluator)."""
    result = {
        "overall_decision": "shortlisted",
        "job_stability_score": 83,
        "role_fitment": [{"role": "Dotnet Developer", "competency_level": 4}],
        "soft_skills": [
            {"skill": "Communication", "competency_level": 5, "skill_type": "interpersonal"}
        ],
        "tech_skills": [{"skill": "C#", "competency_level": 3, "skill_type": "programming"}],
    }
    with db(live) as session:
        interview = session.scalars(
            select(Interview).where(Interview.candidate_email == email)
        ).one()
        for name, value in result.items():
            setattr(interview, name, value)
        interview.status = "completed"
        interview.completed_at = datetime.now(UTC)
        session.commit()
        return {"interview_id": interview.id, **result}


async def test_the_result_beside_the_match_is_what_the_api_returns(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    headers = await asyncio.to_thread(jane_headers, demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        await pilot.press("j", "j", "j")
        match_id, email = await accept_and_invite(pilot, app, demo_server, headers)
        done = complete_interview(demo_server, email)
        api = demo_server.client.get(
            "/api/v1/svc/interview/getResult",
            params={"interviewId": done["interview_id"]},
            headers=headers,
        ).json()["records"]

        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, MatchDetailsScreen))
        details = app.screen
        assert isinstance(details, MatchDetailsScreen)
        await wait_for(pilot, lambda: details.result is not None)
        assert details.result is not None
        assert details.result.model_dump(exclude_none=True) == {
            k: v for k, v in api.items() if v is not None
        }
        shown = str(details.query_one("#details-interviews", Static).render())
        assert CAMPAIGN in shown and "completed · shortlisted" in shown
        assert "Job stability" in shown and "83/100" in shown
        for name, level in (("Dotnet Developer", 4), ("Communication", 5), ("C#", 3)):
            line = next(line for line in shown.splitlines() if line.startswith(name))
            assert line.rstrip().endswith(f"{level}/5") or f"{level}/5 " in line, line

        await pilot.press("escape", "4")
        pane = app.screen.query_one(InterviewsPane)
        await wait_for(pilot, lambda: bool(pane.campaigns))
        campaigns = [c.name for c in pane.campaigns]
        for _ in range(campaigns.index(CAMPAIGN)):
            await pilot.press("j")
        await wait_for(pilot, lambda: any(i.candidate_email == email for i in pane.interviews))
        await pilot.press("tab")
        index = next(n for n, i in enumerate(pane.interviews) if i.candidate_email == email)
        for _ in range(index + 1):
            await pilot.press("down")
        await wait_for(
            pilot, lambda: pane.result is not None and pane.result.candidate_email == email
        )
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, MatchDetailsScreen))
        assert app.screen._match.id == match_id  # type: ignore[attr-defined]


async def test_bulk_reject_of_ten_with_a_reason_is_on_the_server(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    show_every_score()
    app = app_for(demo_server)
    headers = await asyncio.to_thread(jane_headers, demo_server)
    reason = DEFAULT_REJECT_REASONS[2]
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app, 21)
        await pilot.press("G")
        for _ in range(4):
            await pilot.press("k")
        await pilot.press("space")  # marks, then steps down a row
        for _ in range(10):
            await pilot.press("k")
        await pilot.press("V")
        marked = [m.id for m in rows_of(app).marked]
        assert len(marked) == 10
        before = {m.id: m.status for m in rows_of(app).marked}

        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, RejectReasonScreen))
        await pilot.press("3")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert confirm.summary == f"Reject 10 (reason: {reason}): enter to confirm"
        await pilot.press("enter")
        await writes_done(pilot, app)
        assert rows_of(app).marked == []
        for match_id in marked:
            on_server = server_match(demo_server, match_id, headers)
            assert (on_server["status"], on_server["reject_reason"]) == ("rejected", reason)

        await pilot.press("u")
        await writes_done(pilot, app)
        for match_id, status in before.items():
            assert server_match(demo_server, match_id, headers)["status"] == status
        assert feed_of(app).counts["rejected"] == 0


async def test_a_batch_cancelled_at_its_summary_changes_nothing(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await feed_loaded(pilot, app, 3)
        statuses = [m.status for m in rows_of(app).matches[:2]]
        await pilot.press("space", "space", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(app.screen, ConfirmScreen))
        assert len(rows_of(app).marked) == 2
        assert feed_of(app).idle
        assert [m.status for m in rows_of(app).matches[:2]] == statuses
        await pilot.press("escape")
        assert rows_of(app).marked == []


async def test_r_rejects_the_row_with_a_reason_shown_in_the_rejected_view(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        match = rows_of(app).current
        assert match is not None
        await pilot.press("R")
        await wait_for(pilot, lambda: isinstance(app.screen, RejectReasonScreen))
        await pilot.press("5")
        await writes_done(pilot, app)
        for _ in range(4):
            await pilot.press("v")
        await wait_for(pilot, lambda: feed_of(app).filters.status == "rejected")
        await wait_for(pilot, lambda: any(m.id == match.id for m in rows_of(app).matches))
        row = next(m for m in rows_of(app).matches if m.id == match.id)
        assert row.reject_reason == DEFAULT_REJECT_REASONS[4]
        rows_of(app).move_to(rows_of(app).index_of(match.id) or 0)
        await pilot.pause()
        detail = str(app.screen.query_one("#match-detail-body").render())
        assert f"Reason {DEFAULT_REJECT_REASONS[4]}" in detail
        await pilot.press("u")
        await writes_done(pilot, app)


async def test_candidates_have_no_invite_key(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await feed_loaded(pilot, app)
        assert feed_of(app).check_action("invite", ()) is False
        await pilot.press("i")
        await pilot.pause(0.3)
        assert not isinstance(app.screen, CampaignPickerScreen)
