"""The Analytics tab's pictures against the real demo server: the bars say what the API
says, Enterprise users see the platform, others the plan it needs, and recruiters a
campaign's interviews by status, decision and score."""

from __future__ import annotations

import secrets
from collections import Counter

from tests.conftest import Live
from tests.tui.conftest import JANE, SARAH, app_for, sign_in, wait_for
from tests.tui.test_work_lists import add_campaigns, api_list, jane_api
from textual.widgets import Static

from talenttui.api.endpoints.analytics import platform_analytics, user_analytics
from talenttui.api.endpoints.interviews import list_interviews
from talenttui.server.demo.constants import ACME_ORG_ID
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.analytics import AnalyticsPane
from talenttui.tui.panes.analytics_charts import bar_rows, score_rows, spark


def lines_of(app: TalentApp, selector: str) -> list[str]:
    return str(app.screen.query_one(selector, Static).render()).splitlines()


def row(lines: list[str], label: str) -> str:
    [found] = [line for line in lines if line.startswith(label + " ")]
    return found


def test_bars_share_a_scale_and_sparks_follow_the_values() -> None:
    drawn = str(bar_rows([("a", 10, "10"), ("bb", 5, "5")], width=10)).splitlines()
    assert drawn == ["a   ██████████ 10", "bb  █████····· 5"]
    assert spark([0, 5, 10]) == "▁▅█"
    assert spark([0, 0]) == "▁▁"
    assert [n for _, n, _ in score_rows([39, 40, 54, 55, 84, 85, 100])] == [1, 2, 1, 1, 2]


async def test_a_candidates_figures_as_bars_and_the_enterprise_notice(demo_server: Live) -> None:
    await sign_in(demo_server, SARAH)
    app = app_for(demo_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        pane = app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: pane.analytics is not None)
        platform = app.screen.query_one("#analytics-platform", Static)
        await wait_for(pilot, lambda: "Enterprise" in str(platform.render()))
        assert str(platform.render()) == (
            "Platform analytics come with the Enterprise plan (this account's plan: free)."
        )
        api = await (await app.client()).send(user_analytics())
        matches = lines_of(app, "#analytics-matches-picture")
        assert row(matches, "received").endswith(f" {api.matches.total_received}")
        accepted = f" {api.matches.accepted} ({api.matches.acceptance_rate})"
        assert row(matches, "accepted").endswith(accepted)
        messages = lines_of(app, "#analytics-messages-picture")
        assert row(messages, "answered").endswith(" " + api.messages.response_rate)
        next_campaign = app.active_bindings.get("c")
        assert next_campaign is None or not next_campaign.enabled  # no campaigns for candidates


async def test_enterprise_recruiters_see_the_platform_and_a_campaign_summary(
    demo_server: Live,
) -> None:
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        pane = app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: pane.platform is not None and pane.summary is not None)
        client = await app.client()
        platform = await client.send(platform_analytics())
        shown = lines_of(app, "#analytics-platform")
        assert row(shown, "candidates").endswith(f" {platform.users.candidates}")
        per_day = [d.count for d in platform.messages_per_day]
        assert any(spark(per_day) in line for line in shown)

        first = pane.summary
        assert first is not None
        campaign_id, interviews, scores = first
        listed = await client.send(list_interviews(campaign_id=campaign_id, top=100))
        assert [i.interview_id for i in interviews] == [i.interview_id for i in listed.records]
        statuses = Counter(i.status for i in listed.records)
        decisions = Counter(i.overall_decision for i in listed.records)
        summary = lines_of(app, "#campaign-summary")
        assert row(summary, "completed").endswith(f" {statuses['completed']}")
        assert row(summary, "shortlisted").endswith(f" {decisions['shortlisted']}")
        assert sum(n for _, n, _ in score_rows(scores)) == len(scores) > 0
        assert summary[-1] == f"(1 of {len(pane.campaigns)}; c: next)"

        await pilot.press("c")
        await wait_for(pilot, lambda: pane.summary is not None and pane.summary[0] != campaign_id)
        assert lines_of(app, "#campaign-summary")[-1] == f"(2 of {len(pane.campaigns)}; c: next)"
        second = pane.summary
        assert second is not None and second[0] == pane.campaigns[1].id


async def test_c_goes_on_past_the_first_hundred_campaigns(demo_server: Live) -> None:
    """``c`` past the last campaign read loads the next page, and the count is the server's."""
    add_campaigns(demo_server, 101, f"many{secrets.token_hex(2)}")
    every = api_list(demo_server, "campaign", jane_api(demo_server), org_id=ACME_ORG_ID)
    assert every["total_count"] > 100
    await sign_in(demo_server, JANE)
    app = app_for(demo_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("5")
        pane = app.screen.query_one(AnalyticsPane)
        await wait_for(pilot, lambda: pane.summary is not None and len(pane.campaigns) == 100)
        await pilot.press(*["c"] * 99)
        hundredth = every["records"][99]["id"]
        await wait_for(pilot, lambda: pane.summary is not None and pane.summary[0] == hundredth)
        await pilot.press("c")
        next_one = every["records"][100]["id"]
        await wait_for(pilot, lambda: pane.summary is not None and pane.summary[0] == next_one)
        assert [c.id for c in pane.campaigns] == [r["id"] for r in every["records"][:200]]
        last = lines_of(app, "#campaign-summary")[-1]
        assert last == f"(101 of {every['total_count']}; c: next)"
