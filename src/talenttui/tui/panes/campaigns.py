"""The Campaigns tab (recruiters): the organization's campaigns beside the selected one's
details and share link; `y` copies the link, `i` invites candidates to it by email. `/`
searches (skilldeo's ``search_param``), `v` filters by status, and the list reads on past
100 campaigns, a page ahead of the cursor."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static

from talenttui.tui.loading import load_into
from talenttui.tui.panes.campaign_pages import campaign_pages, read_campaign_page
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.side_list import index_by_id, step_cursor
from talenttui.tui.text import date_text, literal
from talenttui.tui.widgets.paged_list import PagedList
from talenttui.tui.widgets.text_blocks import Heading, Hint

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.campaigns import (
        CampaignDetails,
        CampaignSummary,
        ShareLink,
    )
    from talenttui.tui.session import Session
    from talenttui.tui.widgets.paged_list import PageQuery

LABEL_WIDTH = 12
HINT = "y copies the link · i invites candidates by email · / searches · v filters"


def render_details(details: CampaignDetails) -> Content:
    rows = [
        ("Status", details.status or ""),
        ("Type", details.agent_type or ""),
        ("Skill", details.skill or ""),
        ("Location", details.location or ""),
        ("Starts", date_text(details.start_date)),
        ("Ends", date_text(details.end_date)),
        ("Job expires", date_text(details.job_expiry_date)),
    ]
    parts: list[Content | str | tuple[str, str]] = [(details.name or str(details.id), "bold")]
    for label, value in rows:
        if value:
            parts += ["\n", (label.ljust(LABEL_WIDTH), "dim"), value]
    return Content.assemble(*parts)


class CampaignsPane(LazyPane, Horizontal):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    FOCUS = "#campaign-list"
    BINDINGS = [
        Binding(
            "f5",
            "refresh",
            "Refresh",
            id="campaigns.refresh",
            tooltip="Reload the campaigns and the selected one",
        ),
        Binding(
            "y",
            "copy_link",
            "Copy link",
            id="campaigns.copy_link",
            tooltip="Copy the selected campaign's share link",
        ),
        Binding(
            "i",
            "invite",
            "Invite",
            id="campaigns.invite",
            tooltip="Invite candidates to the selected campaign by email",
        ),
        Binding("slash", "search", "Search", id="campaigns.search", tooltip="Search campaigns"),
        Binding(
            "v",
            "cycle_status",
            "Status",
            id="campaigns.status",
            tooltip="Cycle: all, active, inactive, closed",
        ),
        Binding("j", "move(1)", "Next campaign", id="campaigns.next", show=False),
        Binding("k", "move(-1)", "Previous campaign", id="campaigns.previous", show=False),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._list = campaign_pages(
            compact=False,
            options_id="campaign-list",
            notice_id="campaigns-notice",
            id="campaigns-paged",
        )
        self._open_id: int | None = None
        self.details: CampaignDetails | None = None
        self.link: ShareLink | None = None

    @property
    def campaigns(self) -> list[CampaignSummary]:
        return self._list.rows

    @property
    def paged(self) -> PagedList[CampaignSummary]:
        return self._list

    @property
    def open_id(self) -> int | None:
        """The campaign whose details are on screen."""
        return self._open_id

    def compose(self) -> ComposeResult:
        with Vertical(id="campaigns-side"):
            yield self._list
        with VerticalScroll(id="campaign-view"):
            yield Static(Content.styled("No campaign selected", "dim"), id="campaign-details")
            yield Heading("Share link")
            yield Static("", id="campaign-link")
            yield Hint(Content.styled(HINT, "dim"))

    def first_show(self) -> None:
        self.load_campaigns()

    # -- the list ------------------------------------------------------------------------

    def load_campaigns(self, *, refresh: bool = False) -> None:
        if not self.campaigns:
            self._list.notice.say("Loading campaigns…")
        self._list.restart(refresh=refresh)

    @on(PagedList.Wanted, "#campaigns-paged")
    def _wanted(self, event: PagedList.Wanted) -> None:
        self.load_page(event.page)

    @work(group="campaigns", exclusive=True, exit_on_error=False)
    async def load_page(self, query: PageQuery) -> None:
        await read_campaign_page(
            self.session,
            self._list,
            query,
            chosen=lambda: self._open_id,
            emptied=self._nothing_open,
        )

    def _nothing_open(self) -> None:
        """The search or filter left no campaign: no details of one that is not listed."""
        self._open_id = None
        self.details = self.link = None
        self.query_one("#campaign-details", Static).update(
            Content.styled("No campaign selected", "dim")
        )
        self.query_one("#campaign-link", Static).update("")
        self.refresh_bindings()

    def action_search(self) -> None:
        self._list.focus_search()

    def action_cycle_status(self) -> None:
        status = self._list.cycle_status()
        self.notify(f"Showing {status or 'all'} campaigns.", timeout=2)

    def action_move(self, step: int) -> None:
        step_cursor(self._list.options, step)

    @on(OptionList.OptionHighlighted, "#campaign-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and int(event.option.id) != self._open_id:
            self.open_campaign(int(event.option.id))

    # -- the selected campaign -----------------------------------------------------------

    def open_campaign(self, campaign_id: int, *, refresh: bool = False) -> None:
        """Its details and its link, each shown (or refused) on its own."""
        self._open_id = campaign_id
        self.details = None
        self.link = None
        self.refresh_bindings()
        index = index_by_id(self.campaigns, campaign_id)
        if index is not None and not refresh:
            name = self.campaigns[index].name
            details = self.query_one("#campaign-details", Static)
            details.remove_class("error")
            details.update(Content.assemble((name, "bold"), "\n", ("Loading…", "dim")))
            link = self.query_one("#campaign-link", Static)
            link.remove_class("error")
            link.update("")
        self.load_details(campaign_id, refresh=refresh)
        self.load_link(campaign_id, refresh=refresh)

    @work(group="campaign-details", exclusive=True, exit_on_error=False)
    async def load_details(self, campaign_id: int, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.campaigns import get_campaign_details

        me = self.session.credentials.current
        if me is None or me.user_id is None:
            self._details_failed("this account has no recruiter id")
            return
        call = get_campaign_details(campaign_id, me.user_id)
        await load_into(
            self.session,
            call,
            refresh=refresh,
            show=self._show_details,
            failed=lambda exc: self._details_failed(exc.message),
        )

    def _details_failed(self, message: str) -> None:
        details = self.query_one("#campaign-details", Static)
        details.add_class("error")
        details.update(Content(f"Cannot load this campaign: {message}"))

    def _show_details(self, fresh: Fresh[CampaignDetails]) -> None:
        if fresh.data.id != self._open_id:
            return
        self.details = fresh.data
        details = self.query_one("#campaign-details", Static)
        details.remove_class("error")
        details.update(render_details(fresh.data))

    @work(group="campaign-link", exclusive=True, exit_on_error=False)
    async def load_link(self, campaign_id: int, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.campaigns import get_campaign_link

        def show(fresh: Fresh[ShareLink]) -> None:
            if campaign_id == self._open_id:
                self._show_link(fresh.data)

        call = get_campaign_link(campaign_id)
        await load_into(self.session, call, refresh=refresh, show=show, failed=self._link_failed)

    def _link_failed(self, exc: ApiError) -> None:
        link = self.query_one("#campaign-link", Static)
        link.add_class("error")
        link.update(Content(f"Cannot load the link: {exc.message}"))

    def _show_link(self, link: ShareLink) -> None:
        self.link = link
        shown = self.query_one("#campaign-link", Static)
        shown.remove_class("error")
        shown.update(literal(link.link))
        self.refresh_bindings()

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Copy and invite need a selected campaign (and copy its link): dimmed until then."""
        if action == "copy_link":
            return self.link is not None or None
        if action == "invite":
            return self._open_id is not None or None
        return True

    def action_copy_link(self) -> None:
        if self.link is not None:
            self.app.copy_to_clipboard(self.link.link)
            self.notify("Link copied")

    def action_invite(self) -> None:
        from talenttui.tui.dialogs.invite import InviteScreen

        index = index_by_id(self.campaigns, self._open_id)
        if index is None:
            return
        campaign = self.campaigns[index]
        self.app.push_screen(InviteScreen(self.session, campaign.id, campaign.name))

    def action_refresh(self) -> None:
        self.load_campaigns(refresh=True)
        if self._open_id is not None:
            self.open_campaign(self._open_id, refresh=True)
