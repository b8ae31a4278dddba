"""The recruiter's Campaigns and Interviews tabs end to end against the real demo server.

Jane (Acme) signs in through the OTP flow; what the tabs show is compared with what the same
client gets from the API. Invites go to this module's own demo server (tests/tui/conftest.py).
"""

from __future__ import annotations

import secrets

import httpx
import pytest
from tests.conftest import Live
from tests.tui.conftest import JANE, app_for, app_refusing, sign_in, wait_for
from textual.widgets import Label, OptionList, Static, TextArea

from talenttui.api.endpoints.campaigns import (
    get_campaign_details,
    get_campaign_link,
    list_campaigns,
)
from talenttui.api.endpoints.interviews import get_result, invite, list_interviews
from talenttui.api.errors import ValidationFailed
from talenttui.server.demo.constants import (
    ACME_ORG_ID,
    JANE_USER_ID,
    REFERENCE_CANDIDATE_EMAIL,
    REFERENCE_INTERVIEW_ID,
)
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.invite import InviteScreen
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.screens.shell import ShellScreen
from talenttui.tui.text import date_text

DOTNET_CAMPAIGN = 22554


def text_of(app: TalentApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def prompts(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_campaigns_are_acmes_with_details_and_link(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(CampaignsPane)
        await wait_for(pilot, lambda: bool(pane.campaigns) and pane.link is not None)
        client = await app.client()
        api = await client.send(list_campaigns(org_id=ACME_ORG_ID, top=100))
        assert len(api.records) > 3 and not api.hasMore
        assert [c.name for c in pane.campaigns] == [c.name for c in api.records]
        shown = prompts(app.screen.query_one("#campaign-list", OptionList))
        assert [row.splitlines()[0].split("  ")[0] for row in shown] == [
            c.name for c in api.records
        ]
        assert pane.open_id == api.records[0].id

        await pilot.press("j", "j")
        second = api.records[2]
        await wait_for(pilot, lambda: pane.details is not None and pane.link is not None)
        assert pane.open_id == second.id
        details = await client.send(get_campaign_details(second.id, JANE_USER_ID))
        assert pane.details == details
        lines = text_of(app, "#campaign-details").splitlines()
        assert lines[0] == details.name
        for label, value in (
            ("Status", details.status),
            ("Skill", details.skill),
            ("Location", details.location),
            ("Starts", date_text(details.start_date)),
            ("Ends", date_text(details.end_date)),
        ):
            assert value and f"{label.ljust(12)}{value}" in lines
        link = await client.send(get_campaign_link(second.id))
        assert link.link.startswith(demo_server.url + "/join/")
        assert text_of(app, "#campaign-link").replace("\n", "") == link.link
        async with httpx.AsyncClient() as browser:  # the link opens a page on this server
            joined = await browser.get(link.link)
        assert joined.status_code == 200 and details.name in joined.text

        await pilot.press("y")
        assert app.clipboard == link.link
        assert any(str(n.message) == "Link copied" for n in app._notifications)
        view = app.screen.query_one("#campaign-view")
        assert app.screen.query_one("#campaign-list").region.width >= 28
        assert view.region.right <= 80 and view.region.bottom <= 22
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert (keys["f5"], keys["y"], keys["i"]) == ("Refresh", "Copy link", "Invite")


async def test_invite_names_bad_lines_shows_the_servers_refusal_then_invites(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        pane = app.screen.query_one(CampaignsPane)
        await wait_for(pilot, lambda: pane.open_id is not None)
        campaign_id = pane.open_id
        assert campaign_id is not None and pane.campaigns[0].status == "active"
        client = await app.client()
        with pytest.raises(ValidationFailed) as refused:
            await client.send(
                invite(["ok@example.org", "a..b@example.com"], campaign_id, JANE_USER_ID)
            )

        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InviteScreen))
        area = app.screen.query_one("#invite-emails", TextArea)
        assert area.has_focus
        status = app.screen.query_one("#invite-status", Label)
        await pilot.press(*"not-an-email", "ctrl+s")
        await wait_for(pilot, lambda: status.has_class("error"))
        assert str(status.render()) == "line 1: 'not-an-email' is not an email address"

        area.text = "ok@example.org\na..b@example.com"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "refused by the server" in str(status.render()))
        assert str(status.render()).splitlines() == [
            "line 2: 'a..b@example.com' is refused by the server.",
            refused.value.message,
            "Expected: Valid email address",
        ]
        assert "emails[1]" in refused.value.message

        good = f"tui.invite.{secrets.token_hex(3)}@example.com"
        again = f"tui.again.{secrets.token_hex(3)}@example.com"
        await client.send(invite([again], campaign_id, JANE_USER_ID))
        area.text = f"{good}, {again}\nbob@\n"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "ctrl+s again" in str(status.render()))
        assert str(status.render()).splitlines() == [
            "line 2: 'bob@' is not an email address",
            "ctrl+s again invites the 2 good ones; or fix the lines.",
        ]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))
        assert any(
            "1 invited, 1 already invited, 1 refused" in str(n.message) for n in app._notifications
        )
        listed = await client.send(list_interviews(campaign_id=campaign_id, search_param=good))
        assert [(i.candidate_email, i.status) for i in listed.records] == [(good, "invited")]

        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, InviteScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ShellScreen))


async def test_interviews_of_a_campaign_and_a_result(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = app.screen.query_one(InterviewsPane)
        await wait_for(pilot, lambda: bool(pane.campaigns) and bool(pane.interviews))
        client = await app.client()
        first = pane.campaigns[0].id
        api = await client.send(list_interviews(campaign_id=first, top=100))
        assert [i.interview_id for i in pane.interviews] == [i.interview_id for i in api.records]

        steps = [c.id for c in pane.campaigns].index(DOTNET_CAMPAIGN)
        await pilot.press(*["j"] * steps)
        await wait_for(pilot, lambda: pane.campaign_id == DOTNET_CAMPAIGN)
        api = await client.send(list_interviews(campaign_id=DOTNET_CAMPAIGN, top=100))
        await wait_for(pilot, lambda: len(pane.interviews) == len(api.records))
        assert pane.interviews == api.records
        rows = prompts(app.screen.query_one("#interview-list", OptionList))
        assert [r.splitlines()[0] for r in rows] == [i.candidate_email for i in api.records]

        await pilot.press("enter")
        assert app.screen.query_one("#interview-list", OptionList).has_focus
        assert api.records[-1].interview_id == REFERENCE_INTERVIEW_ID, "the oldest comes last"
        await pilot.press("j", "end")
        await wait_for(pilot, lambda: pane.result is not None and pane.result.interview_id == 5012)
        result = await client.send(get_result(REFERENCE_INTERVIEW_ID))
        assert pane.result == result and result.scores is not None
        lines = text_of(app, "#result-text").splitlines()
        assert lines[0] == REFERENCE_CANDIDATE_EMAIL
        assert any(line.split() == ["Decision", "shortlisted"] for line in lines)
        stability = result.scores.job_stability_score
        assert any(
            line.startswith("Job stability") and line.endswith(f"{stability}/100") for line in lines
        )
        rated = [(r.role, r.competency_level) for r in result.scores.role_fitment] + [
            (s.skill, s.competency_level)
            for s in (*result.scores.soft_skills, *result.scores.tech_skills)
        ]
        assert len(rated) == 3
        for name, level in rated:
            assert any(line.startswith(name) and f"{level}/5" in line for line in lines), name
        panel = app.screen.query_one("#interview-result")
        assert panel.region.width >= 36
        assert panel.region.right <= 80 and panel.region.bottom <= 22


async def test_a_result_the_server_does_not_have_shows_its_error(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = app.screen.query_one(InterviewsPane)
        await wait_for(pilot, lambda: bool(pane.interviews))
        pane.open_result(10**9)
        await wait_for(pilot, lambda: "Cannot load" in text_of(app, "#result-text"))
        assert text_of(app, "#result-text") == "Cannot load this result: Interview not found"


async def test_campaigns_show_the_servers_error(demo_server: Live) -> None:
    await sign_in(demo_server, JANE)
    locked = {"message": "Campaigns are locked", "status_code": 403, "error": True}
    app = app_refusing(demo_server, {"/api/v1/svc/campaign/list": httpx.Response(403, json=locked)})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await wait_for(pilot, lambda: "locked" in text_of(app, "#campaigns-notice"))
        assert text_of(app, "#campaigns-notice") == "Cannot load campaigns: Campaigns are locked"
        assert app.screen.query_one("#campaigns-notice").has_class("error")
        await pilot.press("4")
        await wait_for(pilot, lambda: "locked" in text_of(app, "#interview-campaigns-notice"))
        assert app.is_running
