"""Two interview results side by side (Interviews: mark two with ``space``, then ``c``):
decision, job stability, role fitment, soft and tech skills, line against line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import load_into
from talenttui.tui.widgets.interview_result import render_result
from talenttui.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.models.interviews import InterviewResult
    from talenttui.tui.session import Session


class CompareScreen(ReportsFailures, ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="compare.close"),
        Binding("c", "close", "Close", id="compare.close_c", show=False),
    ]

    def __init__(self, session: Session, first: int, second: int) -> None:
        super().__init__()
        self.session = session
        self.ids = (first, second)
        self.results: dict[int, InterviewResult] = {}

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare-box"), Horizontal(id="compare-pair"):
            for n, _ in enumerate(self.ids):
                yield Static(Content.styled("Loading…", "dim"), id=f"compare-{n}")
        yield KeyFooter()

    def on_mount(self) -> None:
        for n, interview_id in enumerate(self.ids):
            self.load(n, interview_id)

    @work(exit_on_error=False)
    async def load(self, n: int, interview_id: int) -> None:
        from talenttui.api.endpoints.interviews import get_result

        target = self.query_one(f"#compare-{n}", Static)

        def show(fresh: Fresh[InterviewResult]) -> None:
            self.results[interview_id] = fresh.data
            target.update(render_result(fresh.data, target.content_region.width or None))

        await load_into(
            self.session,
            get_result(interview_id),
            refresh=False,
            show=show,
            failed=lambda exc: target.update(Content(f"Cannot load this result: {exc.message}")),
        )

    def action_close(self) -> None:
        self.dismiss(None)
