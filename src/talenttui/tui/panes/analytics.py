"""The Analytics tab: your own figures (views, matches, messages) as numbers and bars, the
skills in demand, the platform's figures (Enterprise plans; others are told so) and, for
recruiters, a campaign's interviews by status, decision and score (``c`` picks the next)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from talenttui.tui.loading import load_into
from talenttui.tui.panes.analytics_charts import campaign_picture, platform_picture, user_rows
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.text import age_text, bar
from talenttui.tui.widgets.text_blocks import Heading, Notice

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.analytics import PlatformAnalytics, UserAnalytics
    from talenttui.api.models.campaigns import CampaignPage, CampaignSummary
    from talenttui.api.models.interviews import InterviewSummary
    from talenttui.tui.session import Session

SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "profile_views",
        "Profile views",
        (("total", "Total"), ("this_week", "This week"), ("growth", "Growth")),
    ),
    (
        "matches",
        "Matches",
        (
            ("total_received", "Received"),
            ("accepted", "Accepted"),
            ("acceptance_rate", "Acceptance rate"),
            ("avg_match_score", "Average score"),
        ),
    ),
    (
        "messages",
        "Messages",
        (
            ("sent", "Sent"),
            ("received", "Received"),
            ("response_rate", "Response rate"),
            ("avg_response_time", "Response time"),
        ),
    ),
)
"""(field of UserAnalytics, heading, ((field, label), ...)): one row of figures each."""
SKILL_BAR_WIDTH = 20
SUMMARY_MOST = 500
"""Interviews a campaign summary counts (pages of 100)."""
SCORED_MOST = 25
"""Latest completed interviews whose results (one request each) make the score picture."""


def figure_id(section: str, field: str) -> str:
    return f"figure-{section}-{field}"


def figure_text(value: object) -> str:
    return "n/a" if value is None else str(value)


class AnalyticsPane(LazyPane, VerticalScroll):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = [
        Binding("f5", "refresh", "Refresh", id="analytics.refresh", tooltip="Reload the figures"),
        Binding(
            "c",
            "next_campaign",
            "Next campaign",
            id="analytics.next_campaign",
            tooltip="The summary of the organization's next campaign",
        ),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="analytics-notice")
        self.analytics: UserAnalytics | None = None
        self.platform: PlatformAnalytics | None = None
        self.campaigns: list[CampaignSummary] = []
        """The organization's campaigns read so far, newest first (pages of ``LIST_LIMIT``)."""
        self.campaigns_total: int | None = None
        self._more_campaigns = False
        self.campaign_index = 0
        self.summary: tuple[int, list[InterviewSummary], list[int]] | None = None
        """The campaign summarised: its id, its interviews, its latest results' scores."""

    def compose(self) -> ComposeResult:
        yield self._notice
        for section, heading, figures in SECTIONS:
            yield Heading(heading)
            with Horizontal(classes="figure-row"):
                for field, label in figures:
                    yield Static(
                        Content.styled(label, "dim"), id=figure_id(section, field), classes="figure"
                    )
            yield Static("", id=f"analytics-{section}-picture", classes="picture")
        yield Heading("Skills in demand")
        yield Static("", id="analytics-skills")
        yield Heading("Platform")
        yield Static(Content.styled("Loading…", "dim"), id="analytics-platform")
        if self.recruiter:
            yield Heading("Campaign summary")
            yield Static(Content.styled("Loading…", "dim"), id="campaign-summary")

    @property
    def recruiter(self) -> bool:
        from talenttui.api.models.auth import RECRUITER_ROLE

        me = self.session.credentials.current
        return me is not None and me.role_id == RECRUITER_ROLE

    def first_show(self) -> None:
        self._notice.say("Loading your figures…")
        self.load_analytics()
        self.load_platform()
        if self.recruiter:
            self.load_campaigns()

    @work(group="analytics", exclusive=True, exit_on_error=False)
    async def load_analytics(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.analytics import user_analytics

        call = user_analytics()
        await load_into(self.session, call, refresh=refresh, show=self._show, failed=self._failed)

    def _failed(self, exc: ApiError) -> None:
        self._notice.say(f"Cannot load your figures: {exc.message}", error=True)

    def _show(self, fresh: Fresh[UserAnalytics]) -> None:
        analytics = fresh.data
        self.analytics = analytics
        for section, _, figures in SECTIONS:
            group = getattr(analytics, section)
            for field, label in figures:
                self.query_one(f"#{figure_id(section, field)}", Static).update(
                    Content.assemble(
                        (figure_text(getattr(group, field)), "bold"), "\n", (label, "dim")
                    )
                )
        for section, picture in zip(
            ("matches", "messages", "profile_views"), user_rows(analytics), strict=True
        ):
            self.query_one(f"#analytics-{section}-picture", Static).update(picture)
        self.query_one("#analytics-skills", Static).update(self._skills(analytics))
        offline = fresh.source == "offline"
        self._notice.say(
            f"Offline: figures as of {age_text(fresh.age_seconds)}." if offline else ""
        )

    @staticmethod
    def _skills(analytics: UserAnalytics) -> Content:
        trending = analytics.skills_trending
        if not trending:
            return Content.styled("No demand figures yet.", "dim")
        width = max(len(s.skill) for s in trending)
        return Content("\n").join(
            Content.assemble(
                skill.skill.ljust(width),
                "  ",
                bar(skill.demand_score / 100, SKILL_BAR_WIDTH),
                f" {skill.demand_score}",
            )
            for skill in trending
        )

    def action_refresh(self) -> None:
        self.load_analytics(refresh=True)
        self.load_platform(refresh=True)
        if self.recruiter:
            self.load_campaigns(refresh=True)

    # -- the platform --------------------------------------------------------------------

    @work(group="analytics-platform", exclusive=True, exit_on_error=False)
    async def load_platform(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.analytics import platform_analytics

        await load_into(
            self.session,
            platform_analytics(),
            refresh=refresh,
            show=self._show_platform,
            failed=self._platform_failed,
        )

    def _show_platform(self, fresh: Fresh[PlatformAnalytics]) -> None:
        self.platform = fresh.data
        self.query_one("#analytics-platform", Static).update(platform_picture(fresh.data))

    def _platform_failed(self, exc: ApiError) -> None:
        from talenttui.api.errors import PermissionDenied

        self.platform = None
        if isinstance(exc, PermissionDenied):
            plan = exc.details.get("plan")
            text = "Platform analytics come with the Enterprise plan" + (
                f" (this account's plan: {plan})." if isinstance(plan, str) else "."
            )
        else:
            text = f"Cannot load the platform's figures: {exc.message}"
        self.query_one("#analytics-platform", Static).update(Content.styled(text, "bold"))

    # -- a campaign's summary (recruiters) -----------------------------------------------

    @work(group="analytics-campaigns", exclusive=True, exit_on_error=False)
    async def load_campaigns(self, *, refresh: bool = False, skip: int = 0) -> None:
        """The first page, or (``skip``) the next one when ``c`` passes the last read."""
        from talenttui.tui.panes.side_list import campaigns_call

        await load_into(
            self.session,
            campaigns_call(self.session, skip=skip),
            refresh=refresh,
            show=lambda fresh: self._show_campaigns(fresh, skip),
            failed=self._summary_failed,
        )

    def _show_campaigns(self, fresh: Fresh[CampaignPage], skip: int) -> None:
        page = fresh.data
        self.campaigns = self.campaigns[:skip] + list(page.records)
        self.campaigns_total = page.total_count
        self._more_campaigns = bool(page.hasMore) and bool(page.records)
        self.refresh_bindings()
        if not self.campaigns:
            self._summary_say("Your organization has no campaigns yet.")
            return
        wanted = skip if skip and page.records else self.campaign_index
        self.campaign_index = min(wanted, len(self.campaigns) - 1)
        self.load_summary()

    def action_next_campaign(self) -> None:
        if not self.campaigns:
            return
        if self.campaign_index + 1 == len(self.campaigns) and self._more_campaigns:
            self.load_campaigns(skip=len(self.campaigns))
            return
        self.campaign_index = (self.campaign_index + 1) % len(self.campaigns)
        self.load_summary()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_campaign":
            return self.recruiter and len(self.campaigns) > 1
        return True

    @work(group="analytics-summary", exclusive=True, exit_on_error=False)
    async def load_summary(self) -> None:
        """Every interview of the campaign (pages of 100), and the scores of its latest
        completed ones; cancelled by the next ``c`` (reads only)."""
        from talenttui.api.endpoints.interviews import get_result, list_interviews
        from talenttui.api.errors import ApiError, AuthError

        campaign = self.campaigns[self.campaign_index]
        self._summary_say(f"Loading {campaign.name}…")
        try:
            client = await self.session.client()
            interviews: list[InterviewSummary] = []
            total = 0
            while len(interviews) < SUMMARY_MOST:
                call = list_interviews(campaign_id=campaign.id, top=100, skip=len(interviews))
                page = (await client.cached(call)).data
                interviews += page.records
                total = page.total_count or len(interviews)
                if not page.hasMore or not page.records:
                    break
            completed = [i for i in interviews if i.status == "completed"]
            completed.sort(key=lambda i: i.completed_at or "", reverse=True)
            scores: list[int] = []
            for interview in completed[:SCORED_MOST]:
                result = (await client.cached(get_result(interview.interview_id))).data
                if result.scores is not None and result.scores.job_stability_score is not None:
                    scores.append(result.scores.job_stability_score)
        except AuthError as exc:
            await self.session.session_refused(exc)
            return
        except ApiError as exc:
            self._summary_failed(exc)
            return
        self.summary = (campaign.id, interviews, scores)
        total_campaigns = self.campaigns_total or len(self.campaigns)
        position = f"  ({self.campaign_index + 1} of {total_campaigns}; c: next)"
        picture = campaign_picture(campaign.name, interviews, scores, total)
        self.query_one("#campaign-summary", Static).update(
            Content.assemble(picture, ("\n" + position.strip(), "dim"))
        )

    def _summary_say(self, text: str) -> None:
        self.query_one("#campaign-summary", Static).update(Content.styled(text, "dim"))

    def _summary_failed(self, exc: ApiError) -> None:
        self._summary_say(f"Cannot load the campaign summary: {exc.message}")
