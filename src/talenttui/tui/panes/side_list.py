"""What the side lists of Messages, Campaigns and Interviews share."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol, cast

from textual.widgets import OptionList

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.models.campaigns import CampaignPage, CampaignStatus
    from talenttui.tui.session import Session

LIST_LIMIT = 100
"""The most the server sends in one page; a longer list says it shows the newest."""


class HasId(Protocol):
    @property
    def id(self) -> object: ...


def index_by_id(items: Sequence[HasId], wanted: object) -> int | None:
    """Where the item with id ``wanted`` is, if it is still listed."""
    if wanted is None:
        return None
    return next((index for index, item in enumerate(items) if item.id == wanted), None)


def step_cursor(options: OptionList, step: int) -> None:
    """``j``/``k``: the list's own cursor actions, so they scroll and stop as arrows do."""
    if step > 0:
        options.action_cursor_down()
    else:
        options.action_cursor_up()


def campaigns_call(
    session: Session, *, search: str = "", status: str | None = None, skip: int = 0
) -> Call[CampaignPage]:
    """The organization's campaigns, newest first, as the Campaigns and Interviews tabs list
    them (a page of ``LIST_LIMIT`` from ``skip``)."""
    from talenttui.api.endpoints.campaigns import list_campaigns

    me = session.credentials.current
    return list_campaigns(
        org_id=me.org_id if me else None,
        search_param=search or None,
        status=cast("CampaignStatus | None", status),
        top=LIST_LIMIT,
        skip=skip,
    )
