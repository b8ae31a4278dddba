"""Campaigns and Interviews as lists to work through, against the real demo server: `/`
searches with skilldeo's `search_param`, `v` filters by status, pages of 100 are read
ahead of the cursor past the first 100 (`top`/`skip`, `hasMore`, `total_count`), the
count is shown, and two marked interviews are compared side by side."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

import pytest
from tests.conftest import Live
from tests.server.otp_helpers import login
from tests.server.skillsync_people import db
from tests.tui.conftest import JANE, app_for, sign_in, wait_for
from textual.pilot import Pilot

from talenttui.api.models.campaigns import CampaignSummary
from talenttui.server.demo.constants import ACME_ORG_ID, JANE_USER_ID
from talenttui.server.models import Campaign
from talenttui.tui.app import TalentApp
from talenttui.tui.dialogs.compare_results import CompareScreen
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.widgets.paged_list import PagedList

JAVA = "Java AI walk-in"


def jane_api(live: Live) -> dict[str, str]:
    return {"Authorization": f"Bearer {login(live.client, JANE)['token']}"}


def api_list(live: Live, what: str, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    """Every page of a skilldeo list, read as the reference says (``top`` at most 100)."""
    records: list[dict[str, Any]] = []
    while True:
        resp = live.client.post(
            f"/api/v1/svc/{what}/list",
            json={"top": 100, "skip": len(records), **body},
            headers=headers,
        )
        assert resp.status_code == 200, resp.text
        page: dict[str, Any] = resp.json()
        records += page["records"]
        if not page["hasMore"]:
            return {"records": records, "total_count": page["total_count"]}


async def open_interviews_of(pilot: Pilot[None], app: TalentApp, name: str) -> InterviewsPane:
    await pilot.press("4")
    pane = app.screen.query_one(InterviewsPane)
    await wait_for(pilot, lambda: bool(pane.campaigns))
    for _ in range([c.name for c in pane.campaigns].index(name)):
        await pilot.press("j")
    await pilot.press("enter")
    await wait_for(pilot, lambda: pane.paged.total is not None and bool(pane.interviews))
    return pane


async def test_interviews_page_past_100_search_and_filter(demo_server: Live) -> None:
    headers = await asyncio.to_thread(jane_api, demo_server)
    java = next(
        c
        for c in api_list(demo_server, "campaign", headers, org_id=ACME_ORG_ID)["records"]
        if c["name"] == JAVA
    )
    tag = f"page{secrets.token_hex(2)}"
    invited = demo_server.client.post(
        "/api/v1/svc/interview/invite",
        json={
            "emails": [f"{tag}.{n}@example.com" for n in range(140)],
            "campaign_id": java["id"],
            "user_id": JANE_USER_ID,
            "invited_from": "test",
        },
        headers=headers,
    )
    assert invited.status_code == 200, invited.text
    every = api_list(demo_server, "interview", headers, campaign_id=java["id"])
    total = every["total_count"]
    assert total > 140

    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_interviews_of(pilot, app, JAVA)
        assert len(pane.interviews) == 100 and pane.paged.total == total
        assert str(pane.paged.notice.render()) == f"100 of {total} interviews"
        await pilot.press("end")
        await wait_for(pilot, lambda: len(pane.interviews) == min(total, 200))
        assert [i.interview_id for i in pane.interviews] == [
            r["interview_id"] for r in every["records"][:200]
        ]

        await pilot.press("slash", *tag)
        found = api_list(
            demo_server, "interview", headers, campaign_id=java["id"], search_param=tag
        )
        # every prefix of the tag finds the same 140: wait for the whole tag's page
        await wait_for(pilot, lambda: f"“{tag}”" in str(pane.paged.notice.render()))
        assert all(tag in i.candidate_email for i in pane.interviews)
        assert pane.paged.total == found["total_count"] == 140
        notice = f"{len(pane.interviews)} of 140 interviews · “{tag}”"
        if len(pane.interviews) == 140:
            notice = f"140 interviews · “{tag}”"
        assert str(pane.paged.notice.render()) == notice
        await pilot.press("enter", "v")
        await wait_for(pilot, lambda: pane.paged.status == "invited")
        await wait_for(pilot, lambda: bool(pane.interviews) and pane.paged.total == 140)
        assert {i.status for i in pane.interviews} == {"invited"}
        for _ in range(2):
            await pilot.press("v")
        await wait_for(pilot, lambda: pane.paged.status == "completed" and pane.paged.total == 0)
        assert "No interview fits" in str(pane.paged.notice.render())


async def test_two_marked_interviews_compare_as_the_api_returns_them(demo_server: Live) -> None:
    headers = await asyncio.to_thread(jane_api, demo_server)
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = await open_interviews_of(pilot, app, "Dotnet AI walk-in")
        for _ in range(3):
            await pilot.press("v")
        await wait_for(pilot, lambda: pane.paged.status == "completed" and bool(pane.interviews))
        await wait_for(pilot, lambda: {i.status for i in pane.interviews} == {"completed"})
        # the filtered list has focus, so its cursor is on the first row
        assert pane.paged.options.highlighted == 0
        await pilot.press("space", "down", "space")
        chosen = [i.interview_id for i in pane.interviews[:2]]
        assert pane.marked == chosen
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, CompareScreen))
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        await wait_for(pilot, lambda: len(compare.results) == 2)
        for interview_id in chosen:
            api = demo_server.client.get(
                "/api/v1/svc/interview/getResult",
                params={"interviewId": interview_id},
                headers=headers,
            ).json()["records"]
            shown = compare.results[interview_id].model_dump(exclude_none=True)
            assert shown == {k: v for k, v in api.items() if v is not None}
        texts = [str(compare.query_one(f"#compare-{n}").render()) for n in range(2)]
        for text, interview_id in zip(texts, chosen, strict=True):
            assert compare.results[interview_id].candidate_email in text
            assert "Job stability" in text and "Tech skills" in text


async def test_enter_after_a_search_puts_the_cursor_on_the_first_hit(demo_server: Live) -> None:
    """It was on nothing: the result stayed the hint and `m`, `space` did nothing."""
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        pane = await open_interviews_of(pilot, app, "Dotnet AI walk-in")
        assert pane.paged.options.highlighted is None and pane.result is None
        wanted = pane.interviews[2]
        await pilot.press("enter", "slash", *wanted.candidate_email, "enter")
        await wait_for(
            pilot, lambda: [i.interview_id for i in pane.interviews] == [wanted.interview_id]
        )
        await wait_for(pilot, lambda: pane.result is not None)
        assert pane.result is not None and pane.result.interview_id == wanted.interview_id
        assert pane.paged.options.highlighted == 0 and pane.paged.options.has_focus


def add_campaigns(live: Live, count: int, tag: str) -> None:
    with db(live) as session:
        for n in range(count):
            session.add(
                Campaign(
                    org_id=ACME_ORG_ID,
                    created_by=JANE_USER_ID,
                    name=f"{tag} campaign {n:03d}",
                    status="active" if n % 4 else "closed",
                    skill="python",
                    location="Remote",
                    link_token=secrets.token_hex(16),
                )
            )
        session.commit()


def campaigns_of_tab(pane: CampaignsPane | InterviewsPane) -> PagedList[CampaignSummary]:
    return pane.paged if isinstance(pane, CampaignsPane) else pane.chooser


@pytest.mark.parametrize(
    ("tab", "pane_type"),
    [("3", CampaignsPane), ("4", InterviewsPane)],
    ids=["campaigns-tab", "interviews-chooser"],
)
async def test_campaigns_page_past_100_search_and_filter(
    demo_server: Live, tab: str, pane_type: type[CampaignsPane | InterviewsPane]
) -> None:
    """The Campaigns tab's list and the Interviews tab's chooser are one list: past 100,
    `/` and `v` on it (the list with focus), the count shown."""
    tag = f"bulk{secrets.token_hex(2)}"
    add_campaigns(demo_server, 130, tag)
    headers = await asyncio.to_thread(jane_api, demo_server)
    every = api_list(demo_server, "campaign", headers, org_id=ACME_ORG_ID)
    total = every["total_count"]

    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(tab)
        pane = app.screen.query_one(pane_type)
        paged = campaigns_of_tab(pane)
        await wait_for(pilot, lambda: len(paged.rows) == 100)
        assert paged.total == total and paged.has_more
        assert str(paged.notice.render()) == f"100 of {total} campaigns"
        assert [c.id for c in paged.rows] == [r["id"] for r in every["records"][:100]]
        while len(paged.rows) < total:
            shown = len(paged.rows)
            await pilot.press("end")
            await wait_for(pilot, lambda n=shown: len(paged.rows) > n)  # type: ignore[misc]
        assert [c.id for c in paged.rows] == [r["id"] for r in every["records"]]
        assert str(paged.notice.render()) == f"{total} campaigns" and not paged.has_more

        await pilot.press("slash", *tag, "enter")
        await wait_for(pilot, lambda: paged.total == 130)
        assert all(tag in (c.name or "") for c in paged.rows)
        await pilot.press("v")
        await wait_for(pilot, lambda: paged.status == "active" and paged.total != 130)
        active = api_list(
            demo_server, "campaign", headers, org_id=ACME_ORG_ID, search_param=tag, status="active"
        )
        assert paged.total == active["total_count"] == 97
        assert [c.id for c in paged.rows] == [r["id"] for r in active["records"]][:97]
        assert str(paged.notice.render()) == f"97 campaigns · active · “{tag}”"
        if isinstance(pane, InterviewsPane):
            assert pane.paged.status is None, "v on the campaigns left the interviews' alone"


async def test_a_campaign_search_in_interviews_opens_or_clears_the_interviews(
    demo_server: Live,
) -> None:
    """A search that leaves one campaign opens its interviews; one that leaves none leaves
    no interviews of the campaign chosen before."""
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = app.screen.query_one(InterviewsPane)
        chooser = pane.chooser
        await wait_for(pilot, lambda: bool(pane.campaigns) and pane.campaign_id is not None)
        await pilot.press("slash", *"Dotnet AI", "enter")
        await wait_for(pilot, lambda: [c.name for c in pane.campaigns] == ["Dotnet AI walk-in"])
        assert str(chooser.notice.render()) == "1 campaign · “Dotnet AI”"
        dotnet = pane.campaigns[0].id
        await wait_for(pilot, lambda: pane.campaign_id == dotnet and bool(pane.interviews))
        await pilot.press("slash", *"zz", "enter")
        await wait_for(pilot, lambda: chooser.total == 0)
        assert "No campaign fits" in str(chooser.notice.render())
        assert pane.campaign_id is None and pane.interviews == []
