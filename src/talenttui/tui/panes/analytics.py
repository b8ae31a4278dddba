"""The Analytics tab: your own figures (views, matches, messages) and the skills in demand."""

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
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.text import age_text, bar
from talenttui.tui.widgets.text_blocks import Heading, Notice

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.analytics import UserAnalytics
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


def figure_id(section: str, field: str) -> str:
    return f"figure-{section}-{field}"


def figure_text(value: object) -> str:
    return "n/a" if value is None else str(value)


class AnalyticsPane(LazyPane, VerticalScroll):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = [
        Binding("f5", "refresh", "Refresh", id="analytics.refresh", tooltip="Reload the figures"),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="analytics-notice")
        self.analytics: UserAnalytics | None = None

    def compose(self) -> ComposeResult:
        yield self._notice
        for section, heading, figures in SECTIONS:
            yield Heading(heading)
            with Horizontal(classes="figure-row"):
                for field, label in figures:
                    yield Static(
                        Content.styled(label, "dim"), id=figure_id(section, field), classes="figure"
                    )
        yield Heading("Skills in demand")
        yield Static("", id="analytics-skills")

    def first_show(self) -> None:
        self._notice.say("Loading your figures…")
        self.load_analytics()

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
