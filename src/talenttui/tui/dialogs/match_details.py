"""One match in full: the card, the reasons, the server's insights (strengths, gaps,
talking points) and, for a recruiter once the match reveals the candidate's email, that
candidate's interviews in the organization's campaigns with the latest result; ``i``
invites them to one."""

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
    from talenttui.api.models.interviews import InterviewPage, InterviewResult, InterviewSummary
    from talenttui.api.models.matches import Insights, Match
    from talenttui.tui.session import Session

INTERVIEWS_LIMIT = 100


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
        Binding(
            "i",
            "invite",
            "Invite",
            id="details.invite",
            tooltip="Invite to an interview (accepted matches)",
        ),
    ]

    def __init__(self, session: Session, match: Match) -> None:
        super().__init__()
        self.session = session
        self._match = match
        self.interviews: list[InterviewSummary] = []
        self.result: InterviewResult | None = None
        self._interviews_of: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="details-box"):
            yield Static(render_match(self._match), id="details-card", markup=False)
            yield Static(self._interviews_hint(), id="details-interviews")
            yield Static(Content("Loading insights…").stylize("dim"), id="details-insights")
        yield KeyFooter()

    def _recruiter(self) -> bool:
        me = self.session.credentials.current
        return me is not None and me.org_id is not None

    def _interviews_hint(self) -> Content:
        if not self._recruiter():
            return Content("")
        if self._match.contact_email is None:
            text = "Interviews: accept this match to see the candidate's email and interviews."
            return Content.assemble("\n", (text, "dim"))
        return Content.assemble("\n", ("Loading interviews…", "dim"))

    def on_mount(self) -> None:
        self.load()
        self._interviews_for(self._match.contact_email)

    def _interviews_for(self, email: str | None) -> None:
        """Once per address: the row's, or the one the server's answer reveals."""
        if self._recruiter() and email and email != self._interviews_of:
            self._interviews_of = email
            self.load_interviews(email)

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
        self._match = match
        self._interviews_for(match.contact_email)
        self.query_one("#details-card", Static).update(render_match(match))
        if match.insights is not None:
            target.update(render_insights(match.insights))
        else:
            target.update(Content("No insights for this match.").stylize("dim"))

    @work(group="details-interviews", exclusive=True, exit_on_error=False)
    async def load_interviews(self, email: str) -> None:
        """Interviews the organization holds for this address (skilldeo's search, then the
        exact address), the newest first; the latest one's result beside them."""
        from talenttui.api.endpoints.interviews import list_interviews

        me = self.session.credentials.current
        call = list_interviews(
            org_id=me.org_id if me else None, search_param=email, top=INTERVIEWS_LIMIT
        )
        await load_into(
            self.session,
            call,
            refresh=True,
            show=lambda fresh: self._show_interviews(fresh.data, email),
            failed=lambda exc: self._interviews_text(
                Content(f"Interviews are not available: {exc.message}")
            ),
        )

    async def _show_interviews(self, page: InterviewPage, email: str) -> None:
        from talenttui.api.endpoints.interviews import get_result

        mine = [r for r in page.records if r.candidate_email.casefold() == email.casefold()]
        self.interviews = mine
        if not mine:
            self._interviews_text(
                Content.assemble(
                    "\n", ("Interviews", "bold underline"), "\n", ("None yet: i invites.", "dim")
                )
            )
            return
        self._interviews_text(interviews_text(mine))
        await load_into(
            self.session,
            get_result(mine[0].interview_id),
            refresh=True,
            show=lambda fresh: self._show_result(fresh.data),
            failed=lambda exc: None,
        )

    def _show_result(self, result: InterviewResult) -> None:
        from talenttui.tui.widgets.interview_result import render_result

        self.result = result
        self._interviews_text(
            Content.assemble(interviews_text(self.interviews), "\n\n", render_result(result))
        )

    def _interviews_text(self, content: Content) -> None:
        self.query_one("#details-interviews", Static).update(content)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Invite needs a recruiter (dimmed for others)."""
        if action == "invite":
            return self._recruiter() or None
        return True

    def action_invite(self) -> None:
        from talenttui.tui.dialogs.invite_matches import invite_matches

        invite_matches(self, self.session, [self._match])

    def action_close(self) -> None:
        self.dismiss(None)


def interviews_text(interviews: list[InterviewSummary]) -> Content:
    from talenttui.tui.widgets.interview_result import decision_text

    parts: list[Content | str | tuple[str, str]] = ["\n", ("Interviews", "bold underline")]
    for row in interviews:
        facts = [row.status or "", decision_text(row.overall_decision)]
        parts += ["\n", row.campaign_name or f"campaign {row.campaign_id}", "  "]
        parts += [(" · ".join(f for f in facts if f), "dim")]
    return Content.assemble(*parts)
