"""One match in full: the card, the reasons, and the server's insights (strengths, gaps, talking points)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import load_into
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.match_detail import render_match

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.models.matches import Insights, Match
    from talenttui.tui.session import Session


def render_insights(insights: Insights) -> Content:
    parts: list[Content | str | tuple[str, str]] = []
    if insights.summary:
        parts += ["\n", ("Insights", "bold underline"), "\n", insights.summary, "\n"]
    for title, items in (
        ("Strengths", insights.strengths),
        ("Gaps", insights.gaps),
        ("Talking points", insights.talking_points),
    ):
        if items:
            parts += ["\n", (title, "bold underline"), "\n"]
            for item in items:
                parts += ["• ", item, "\n"]
    return Content.assemble(*parts)


class MatchDetailsScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="details.close"),
        Binding("q", "close", "Close", id="details.close_q", show=False),
    ]

    def __init__(self, session: Session, match: Match) -> None:
        super().__init__()
        self.session = session
        self._match = match

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-box"):
            yield Static(render_match(self._match), id="details-card", markup=False)
            yield Static(Content("Loading insights…").stylize("dim"), id="details-insights")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, exit_on_error=False)
    async def load(self) -> None:
        from talenttui.api.endpoints.matches import get_match

        target = self.query_one("#details-insights", Static)
        await load_into(
            self.session,
            get_match(self._match.id),
            refresh=False,
            show=self._show,
            failed=lambda exc: target.update(Content(f"Insights are not available: {exc.message}")),
        )

    def _show(self, fresh: Fresh[Match]) -> None:
        target = self.query_one("#details-insights", Static)
        match = fresh.data.model_copy(update={"status": self._match.status})
        self.query_one("#details-card", Static).update(render_match(match))
        if match.insights is not None:
            target.update(render_insights(match.insights))
        else:
            target.update(Content("No insights for this match.").stylize("dim"))

    def action_close(self) -> None:
        self.dismiss(None)
