"""The organization's campaigns as a list to work through: the Campaigns tab's list and the
Interviews tab's chooser are this one list (search, status filter, pages past 100, the
count), so both read and show their pages the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets.option_list import Option

from talenttui.tui.loading import load_into
from talenttui.tui.panes.side_list import campaigns_call, index_by_id
from talenttui.tui.text import age_text, campaign_label
from talenttui.tui.widgets.paged_list import PagedList

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.models.campaigns import CampaignPage, CampaignSummary
    from talenttui.tui.session import Session
    from talenttui.tui.widgets.paged_list import PageQuery

STATUSES: tuple[str | None, ...] = (None, "active", "inactive", "closed")
"""What ``v`` cycles through: every campaign, then each status alone."""


def campaign_pages(
    *, compact: bool, options_id: str, notice_id: str, id: str
) -> PagedList[CampaignSummary]:
    """``compact``: one line a campaign (name and status), for the Interviews tab's chooser."""

    def option(campaign: CampaignSummary) -> Option:
        return Option(campaign_label(campaign, compact=compact), id=str(campaign.id))

    return PagedList(
        noun="campaigns",
        statuses=STATUSES,
        option=option,
        options_id=options_id,
        placeholder="/ search campaigns",
        notice_id=notice_id,
        id=id,
    )


async def read_campaign_page(
    session: Session,
    paged: PagedList[CampaignSummary],
    query: PageQuery,
    *,
    chosen: Callable[[], int | None],
    emptied: Callable[[], None],
) -> None:
    """Run in the pane's worker. A first page puts the cursor back on the ``chosen``
    campaign (else the first); a search or filter that leaves none calls ``emptied``."""
    call = campaigns_call(session, search=query.search, status=query.status, skip=query.skip)

    def show(fresh: Fresh[CampaignPage]) -> None:
        page = fresh.data
        if not paged.show_page(query, page.records, page.hasMore, page.total_count):
            return
        if query.skip == 0 and paged.rows:
            paged.options.highlighted = index_by_id(paged.rows, chosen()) or 0
        if not paged.rows:
            emptied()
            paged.notice.say(
                "No campaign fits this search or status."
                if query.search or query.status
                else "Your organization has no campaigns yet."
            )
        elif fresh.source == "offline":
            paged.say_count(f"offline, as of {age_text(fresh.age_seconds)}")

    await load_into(
        session,
        call,
        refresh=query.refresh,
        show=show,
        failed=lambda exc: paged.failed(f"Cannot load campaigns: {exc.message}"),
    )
