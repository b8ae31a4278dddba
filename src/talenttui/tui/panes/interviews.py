"""The Interviews tab (recruiters): pick a campaign, then one of its interviews, and read the
result the evaluation gave: decision, job stability, role fitment, soft and tech skills.

At 80 columns the campaigns sit above the interviews on the left, the result on the right.
Both are lists to work through, the campaigns as on the Campaigns tab: `/` searches the
list with focus (skilldeo's ``search_param``), `v` filters it by status, pages of 100 are
read ahead of the cursor, and `space` marks two interviews for `c` to compare side by side.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from talenttui.tui.loading import load_into
from talenttui.tui.panes.campaign_pages import campaign_pages, read_campaign_page
from talenttui.tui.panes.interview_rows import STATUSES, interview_option
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.side_list import LIST_LIMIT, step_cursor
from talenttui.tui.text import age_text
from talenttui.tui.widgets.interview_result import render_result
from talenttui.tui.widgets.paged_list import PagedList

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.campaigns import CampaignSummary
    from talenttui.api.models.interviews import (
        InterviewPage,
        InterviewResult,
        InterviewStatus,
        InterviewSummary,
    )
    from talenttui.tui.session import Session
    from talenttui.tui.widgets.paged_list import PageQuery

SCROLLBAR_ROOM = 2
COMPARED = 2
HINT = "Choose a campaign, then an interview (tab switches list; ↑/↓ or j/k move)."


class InterviewsPane(LazyPane, Horizontal):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    FOCUS = "#interview-campaigns"
    BINDINGS = [
        Binding(
            "f5",
            "refresh",
            "Refresh",
            id="interviews.refresh",
            tooltip="Reload the campaigns, the interviews and the open result",
        ),
        Binding(
            "m",
            "open_match",
            "Match",
            id="interviews.match",
            tooltip="Open the candidate's match (once you have accepted it)",
        ),
        Binding(
            "slash",
            "search",
            "Search",
            id="interviews.search",
            tooltip="Search the list with focus (campaigns or interviews)",
        ),
        Binding(
            "v",
            "cycle_status",
            "Status",
            id="interviews.status",
            tooltip="Cycle the status shown in the list with focus",
        ),
        Binding("space", "mark", "Mark", id="interviews.mark", show=False),
        Binding(
            "c", "compare", "Compare", id="interviews.compare", tooltip="Compare the two marked"
        ),
        Binding("j", "move(1)", "Next", id="interviews.next", show=False),
        Binding("k", "move(-1)", "Previous", id="interviews.previous", show=False),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._chooser = campaign_pages(
            compact=True,
            options_id="interview-campaigns",
            notice_id="interview-campaigns-notice",
            id="interview-campaigns-paged",
        )
        self._list: PagedList[InterviewSummary] = PagedList(
            noun="interviews",
            statuses=STATUSES,
            option=lambda i: interview_option(i, i.interview_id in self.marked),
            options_id="interview-list",
            placeholder="/ search interviews",
            notice_id="interview-count",
            id="interviews-paged",
        )
        self.marked: list[int] = []
        """Interview ids marked for ``c``, at most two (a third mark drops the oldest)."""
        self._campaign_id: int | None = None
        self._interview_id: int | None = None
        self.result: InterviewResult | None = None

    @property
    def campaigns(self) -> list[CampaignSummary]:
        return self._chooser.rows

    @property
    def chooser(self) -> PagedList[CampaignSummary]:
        return self._chooser

    @property
    def interviews(self) -> list[InterviewSummary]:
        """The interviews of ``campaign_id`` as last shown."""
        return self._list.rows

    @property
    def paged(self) -> PagedList[InterviewSummary]:
        return self._list

    @property
    def campaign_id(self) -> int | None:
        return self._campaign_id

    def compose(self) -> ComposeResult:
        with Vertical(id="interviews-side"):
            yield Static("Campaigns", classes="list-heading")
            yield self._chooser
            yield Static("Interviews", classes="list-heading")
            yield self._list
        with VerticalScroll(id="interview-result"):
            yield Static(Content.styled(HINT, "dim"), id="result-text")

    def first_show(self) -> None:
        self.load_campaigns()

    # -- campaigns -----------------------------------------------------------------------

    def load_campaigns(self, *, refresh: bool = False) -> None:
        if not self.campaigns:
            self._chooser.notice.say("Loading campaigns…")
        self._chooser.restart(refresh=refresh)

    @on(PagedList.Wanted, "#interview-campaigns-paged")
    def _campaigns_wanted(self, event: PagedList.Wanted) -> None:
        self.load_campaign_page(event.page)

    @work(group="interview-campaigns", exclusive=True, exit_on_error=False)
    async def load_campaign_page(self, query: PageQuery) -> None:
        await read_campaign_page(
            self.session,
            self._chooser,
            query,
            chosen=lambda: self._campaign_id,
            emptied=self._no_campaign,
        )

    def _no_campaign(self) -> None:
        """The search or filter left no campaign: none of its interviews either."""
        self._campaign_id = None
        self._forget_interviews()
        self._list.notice.say("")

    @on(OptionList.OptionHighlighted, "#interview-campaigns")
    def _campaign_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self._campaign_id:
            self.open_campaign(int(event.option.id))

    @on(OptionList.OptionSelected, "#interview-campaigns")
    def _campaign_selected(self) -> None:
        self.query_one("#interview-list", OptionList).focus()

    def open_campaign(self, campaign_id: int, *, refresh: bool = False) -> None:
        if campaign_id != self._campaign_id:
            self._forget_interviews()
        self._campaign_id = campaign_id
        self.load_interviews(refresh=refresh)

    def _forget_interviews(self) -> None:
        self._interview_id = None
        self.result = None
        self.marked = []
        self._list.rows = []
        self._list.options.clear_options()
        result = self.query_one("#result-text", Static)
        result.remove_class("error")
        result.update(Content.styled(HINT, "dim"))

    # -- interviews of the campaign ------------------------------------------------------

    def load_interviews(self, *, refresh: bool = False) -> None:
        self._list.notice.say("Loading interviews…")
        self._list.restart(refresh=refresh)

    @on(PagedList.Wanted, "#interviews-paged")
    def _wanted(self, event: PagedList.Wanted) -> None:
        if self._campaign_id is not None:
            self.load_page(self._campaign_id, event.page)

    @work(group="interviews", exclusive=True, exit_on_error=False)
    async def load_page(self, campaign_id: int, query: PageQuery) -> None:
        from talenttui.api.endpoints.interviews import list_interviews

        call = list_interviews(
            campaign_id=campaign_id,
            status=cast("InterviewStatus | None", query.status),
            search_param=query.search or None,
            top=LIST_LIMIT,
            skip=query.skip,
        )
        await load_into(
            self.session,
            call,
            refresh=query.refresh,
            show=lambda fresh: self._show_interviews(fresh, campaign_id, query),
            failed=lambda exc: self._list.failed(f"Cannot load interviews: {exc.message}"),
        )

    def _show_interviews(
        self, fresh: Fresh[InterviewPage], campaign_id: int, query: PageQuery
    ) -> None:
        """Only the campaign still chosen."""
        page = fresh.data
        if campaign_id != self._campaign_id:
            return
        if not self._list.show_page(query, page.records, page.hasMore, page.total_count):
            return
        ids = [i.interview_id for i in self.interviews]
        if query.skip == 0 and self._interview_id in ids:
            self._list.options.highlighted = ids.index(self._interview_id)
        if not ids:
            self._list.notice.say(
                "No interview fits this search or status."
                if query.search or query.status
                else "No interviews in this campaign yet."
            )
        elif fresh.source == "offline":
            self._list.say_count(f"offline, as of {age_text(fresh.age_seconds)}")

    @on(OptionList.OptionHighlighted, "#interview-list")
    def _interview_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self._interview_id:
            self.open_result(int(event.option.id))

    # -- the result ----------------------------------------------------------------------

    @work(group="interview-result", exclusive=True, exit_on_error=False)
    async def open_result(self, interview_id: int, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.interviews import get_result

        self._interview_id = interview_id
        call = get_result(interview_id)
        await load_into(
            self.session, call, refresh=refresh, show=self._show_result, failed=self._result_failed
        )

    def _result_failed(self, exc: ApiError) -> None:
        text = self.query_one("#result-text", Static)
        text.add_class("error")
        text.update(Content(f"Cannot load this result: {exc.message}"))

    def _show_result(self, fresh: Fresh[InterviewResult]) -> None:
        if fresh.data.interview_id != self._interview_id:
            return
        self.result = fresh.data
        self._paint_result()

    def _paint_result(self) -> None:
        if self.result is None:
            return
        text = self.query_one("#result-text", Static)
        text.remove_class("error")
        panel = self.query_one("#interview-result", VerticalScroll)
        width = panel.content_region.width - SCROLLBAR_ROOM
        text.update(render_result(self.result, width if width > 0 else None))

    def on_resize(self) -> None:
        """A skill's type shows only where it fits: a wider window may have room for it."""
        self._paint_result()

    # -- the candidate's match ------------------------------------------------------------

    def _open_interview(self) -> InterviewSummary | None:
        return next((i for i in self.interviews if i.interview_id == self._interview_id), None)

    def action_open_match(self) -> None:
        interview = self._open_interview()
        if interview is None or not interview.candidate_email:
            self.notify("Choose an interview first.", timeout=2)
            return
        self.find_match(interview.candidate_email)

    @work(group="interview-match", exclusive=True, exit_on_error=False)
    async def find_match(self, email: str) -> None:
        """The server's extension finds the match that reveals this address (an accepted
        one): its details open, with this result beside it."""
        from talenttui.api.endpoints.matches import list_matches
        from talenttui.api.models.matches import MatchPage
        from talenttui.tui.dialogs.match_details import MatchDetailsScreen

        call = list_matches(contact_email=email, status="accepted", min_score=0, limit=1)

        def show(fresh: Fresh[MatchPage]) -> None:
            if not fresh.data.matches:
                self.notify(
                    f"No accepted match with {email}: accept them in Matches first.",
                    markup=False,
                )
                return
            self.app.push_screen(MatchDetailsScreen(self.session, fresh.data.matches[0]))

        await load_into(
            self.session,
            call,
            refresh=True,
            show=show,
            failed=lambda exc: self.notify(
                f"Cannot look up the match: {exc.message}", severity="error", markup=False
            ),
        )

    # -- shared --------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        """j/k move in whichever list has focus (the campaigns when neither has)."""
        focused = self.screen.focused
        options = (
            focused
            if isinstance(focused, OptionList) and focused in self.query(OptionList)
            else self.query_one("#interview-campaigns", OptionList)
        )
        step_cursor(options, step)

    def _focused_list(self) -> PagedList[CampaignSummary] | PagedList[InterviewSummary] | None:
        """The list ``/`` and ``v`` act on: the one with focus (the campaigns when neither
        has it); the interviews only once a campaign is chosen."""
        focused = self.screen.focused
        if focused is not None and self._list in focused.ancestors_with_self:
            if self._campaign_id is None:
                self.notify("Choose a campaign first.", timeout=2)
                return None
            return self._list
        return self._chooser

    def action_search(self) -> None:
        paged = self._focused_list()
        if paged is not None:
            paged.focus_search()

    def action_cycle_status(self) -> None:
        paged = self._focused_list()
        if paged is not None:
            status = paged.cycle_status()
            noun = "interviews" if paged is self._list else "campaigns"
            self.notify(f"Showing {(status or 'all').replace('_', ' ')} {noun}.", timeout=2)

    def action_mark(self) -> None:
        """The interview under the cursor marked (or unmarked) for ``c``."""
        index = self._list.options.highlighted
        if index is None or not 0 <= index < len(self.interviews):
            return
        interview_id = self.interviews[index].interview_id
        changed = [interview_id]
        if interview_id in self.marked:
            self.marked.remove(interview_id)
        else:
            self.marked.append(interview_id)
            if len(self.marked) > COMPARED:
                changed.append(self.marked.pop(0))
        ids = [i.interview_id for i in self.interviews]
        for changed_id in changed:
            if changed_id in ids:
                self._list.refresh_option(ids.index(changed_id))
        self._list.say_count(f"{len(self.marked)} marked" if self.marked else "")

    def action_compare(self) -> None:
        from talenttui.tui.dialogs.compare_results import CompareScreen

        if len(self.marked) != COMPARED:
            self.notify("Mark two interviews with space, then press c.", timeout=3)
            return
        first, second = self.marked
        self.app.push_screen(CompareScreen(self.session, first, second))

    def action_refresh(self) -> None:
        self.load_campaigns(refresh=True)
        if self._campaign_id is not None:
            self.load_interviews(refresh=True)
        if self._interview_id is not None:
            self.open_result(self._interview_id, refresh=True)
