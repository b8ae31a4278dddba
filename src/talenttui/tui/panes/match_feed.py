"""The match feed: a virtualised list beside a detail pane, triaged by keys.

Actions are optimistic: the row changes at once and the cursor moves on; the request goes
through one queue so writes reach the server in the order they were made (an undo never
overtakes the action it undoes). A refusal rolls the row back with a notice; no network
puts the write in the outbox, replayed when the server is back.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.preferences import FeedFilters
from talenttui.tui.text import age_text
from talenttui.tui.widgets.match_detail import MatchDetail
from talenttui.tui.widgets.match_list import MatchList

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh
    from talenttui.api.models.matches import ExperienceLevel, Match, MatchPage
    from talenttui.tui.app import TalentApp

PAGE_SIZE = 100
Action = Literal["accept", "reject", "save", "reset"]
STATUS_OF: dict[Action, str] = {
    "accept": "accepted",
    "reject": "rejected",
    "save": "saved",
    "reset": "new",
}
ACTION_TO: dict[str, Action] = {status: action for action, status in STATUS_OF.items()}
COUNTED = ("new", "saved", "accepted", "rejected")


@dataclass(frozen=True)
class Triage:
    """One action as the person made it; undo sends the action that restores ``before``."""

    match_id: str
    name: str
    before: str
    after: str


@dataclass(frozen=True)
class Write:
    match_id: str
    action: Action
    message: str | None
    triage: Triage
    undo: bool


class MatchFeed(Vertical):
    BINDINGS = [
        Binding(
            "a", "accept", "Accept", id="feed.accept", tooltip="Accept, with an optional message"
        ),
        Binding("r", "reject", "Reject", id="feed.reject"),
        Binding("s", "save", "Save", id="feed.save", tooltip="Keep for later"),
        Binding("u", "undo", "Undo", id="feed.undo", tooltip="Undo the last action"),
        Binding("enter", "details", "Details", id="feed.details", tooltip="Full match details"),
        Binding(
            "slash",
            "filters",
            "Filter",
            id="feed.filters",
            tooltip="Skills, score, location, level",
        ),
        Binding("f5", "refresh", "Refresh", id="feed.refresh", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._page = 0
        self._total_pages = 0
        self._total = 0
        self._counts: dict[str, int] = {}
        self._undo: list[Triage] = []
        self._writes: asyncio.Queue[Write] = asyncio.Queue()
        self._loading_more = False
        self._pending: dict[str, str] = {}
        self._in_flight: Counter[str] = Counter()
        """Match id -> the status an action not yet confirmed by the server sets."""
        self._age: float | None = None
        self.source = "network"
        """Where the rows on screen came from: network, cache, or cache while offline."""
        self._loaded = False
        self.loading = False
        self._list = MatchList(id="match-list")
        self._detail = MatchDetail(id="match-detail")
        self._counters = Static("", id="feed-counters", markup=False)
        self._notice_line = Static("", id="feed-notice", markup=False)
        self._sending = False

    @property
    def talent(self) -> TalentApp:
        return cast("TalentApp", self.app)

    @property
    def filters(self) -> FeedFilters:
        return self.talent.preferences.filters

    @property
    def counts(self) -> dict[str, int]:
        return self._counts

    @property
    def total(self) -> int:
        """Matches the server has for these filters (all pages)."""
        return self._total

    @property
    def idle(self) -> bool:
        """No triage action waiting or in flight."""
        return self._writes.empty() and not self._sending

    @property
    def match_list(self) -> MatchList:
        return self._list

    def compose(self) -> ComposeResult:
        """The children are made in ``__init__`` and held, not queried: a quit during the
        first mount prunes them before ``on_mount`` runs, and a query would then raise."""
        yield self._counters
        with Horizontal(id="feed-body"):
            yield self._list
            yield self._detail
        yield self._notice_line

    def main_widget(self) -> MatchList:
        """Where the keys go whenever the tab shows (the shell gives it focus)."""
        return self._list

    def on_mount(self) -> None:
        self.load_feed()
        self.run_writes()

    # -- loading -------------------------------------------------------------------------

    def _page_call(self, page: int) -> Call[MatchPage]:
        from talenttui.api.endpoints.matches import list_matches

        f = self.filters
        return list_matches(
            limit=PAGE_SIZE,
            page=page,
            min_score=f.min_score,
            skills=f.skills,
            location=f.location,
            experience_level=cast("ExperienceLevel | None", f.experience_level),
        )

    @work(group="feed-load", exclusive=True, exit_on_error=False)
    async def load_feed(self, *, refresh: bool = False) -> None:
        """The first page: from the cache at once (then refreshed), or from the network."""
        from talenttui.api.errors import ApiError, AuthError

        self._notice("Loading matches…" if not self._loaded else "")
        self.loading = True
        try:
            client = await self.talent.client()
            call = self._page_call(1)
            fresh: Fresh[MatchPage] = (
                await client.refetch(call)
                if refresh
                else await client.cached(call, on_refresh=self._show_first_page)
            )
        except AuthError:
            self.loading = False
            await self.talent.session_over("Your session has expired. Log in again.")
            return
        except ApiError as exc:
            self.loading = False
            self._notice(f"Cannot load matches: {exc.message}", error=True)
            return
        self._show_first_page(fresh)
        self.loading = False

    def _with_pending(self, matches: list[Match]) -> list[Match]:
        """Server rows with the actions still on their way drawn as made."""
        if not self._pending:
            return matches
        return [
            m.model_copy(update={"status": self._pending[m.id]}) if m.id in self._pending else m
            for m in matches
        ]

    def _show_first_page(self, fresh: Fresh[MatchPage]) -> None:
        page = fresh.data
        current = self.match_list.current
        self._page = 1
        self._total_pages = page.pagination.total_pages
        self._total = page.pagination.total
        self.match_list.set_matches(
            self._with_pending(page.matches), keep_cursor_on=current.id if current else None
        )
        settle_loaded_rows()
        self._counts = (
            page.counts.model_dump() if page.counts is not None else self._counted(page.matches)
        )
        self._age = fresh.age_seconds
        self.source = fresh.source
        self._loaded = True
        self._update_counters()
        self._notice(
            "" if page.matches else "No matches fit these filters. Press / to change them."
        )
        self._detail.show(self.match_list.current)

    @staticmethod
    def _counted(matches: list[Match]) -> dict[str, int]:
        counts = dict.fromkeys(COUNTED, 0)
        for match in matches:
            counts[match.status] = counts.get(match.status, 0) + 1
        return counts

    @on(MatchList.NearEnd)
    def _near_end(self) -> None:
        if not self._loading_more and self._page < self._total_pages:
            self.load_more()

    @work(group="feed-more", exclusive=True, exit_on_error=False)
    async def load_more(self) -> None:
        from talenttui.api.errors import ApiError

        self._loading_more = True
        try:
            client = await self.talent.client()
            fresh: Fresh[MatchPage] = await client.refetch(self._page_call(self._page + 1))
        except ApiError as exc:
            self._notice(f"Cannot load more matches: {exc.message}", error=True)
            return
        finally:
            self._loading_more = False
        self._page += 1
        rows = self.match_list
        rows.append_matches(
            self._with_pending([m for m in fresh.data.matches if rows.index_of(m.id) is None])
        )
        settle_loaded_rows()

    def action_refresh(self) -> None:
        self.load_feed(refresh=True)

    # -- what the person sees ------------------------------------------------------------

    def _update_counters(self) -> None:
        c = self._counts
        text = Content.assemble(
            ("New ", "dim"),
            (str(c.get("new", 0)), "bold"),
            ("  Saved ", "dim"),
            (str(c.get("saved", 0)), "bold"),
            ("  Accepted ", "dim"),
            (str(c.get("accepted", 0)), "bold"),
            ("  │ ", "dim"),
            f"{self._total} shown" if self._total else "",
            ("  │ " + self.filters.describe(), "dim"),
        )
        if self.source == "offline" and self._age is not None:
            text = text.append(Content.styled(f"  │ offline, from {age_text(self._age)}", "bold"))
        elif self.source == "cache" and self._age is not None and self._age >= 60:
            text = text.append(Content.styled(f"  │ cached {age_text(self._age)}", "dim"))
        self._counters.update(text)

    def _notice(self, text: str, *, error: bool = False) -> None:
        notice = self._notice_line
        notice.display = bool(text)
        notice.set_class(error, "error")
        notice.update(Content(text))

    @on(MatchList.Highlighted)
    def _highlighted(self, event: MatchList.Highlighted) -> None:
        self._detail.show(event.match)

    # -- triage --------------------------------------------------------------------------

    def action_accept(self) -> None:
        from talenttui.tui.screens.accept import AcceptScreen

        match = self.match_list.current
        if match is None:
            return

        def accepted(message: str | None) -> None:
            if message is not None:
                self._triage(match, "accept", message or None)

        self.app.push_screen(AcceptScreen(match.name), accepted)

    def action_reject(self) -> None:
        if (match := self.match_list.current) is not None:
            self._triage(match, "reject")

    def action_save(self) -> None:
        if (match := self.match_list.current) is not None:
            self._triage(match, "save")

    def _triage(self, match: Match, action: Action, message: str | None = None) -> None:
        after = STATUS_OF[action]
        if match.status == after and message is None:
            self.notify(f"Already {after}.", timeout=2)
            self._advance(match.id)
            return
        triage = Triage(match.id, match.name, match.status, after)
        self._undo.append(triage)
        self._apply(match.id, after)
        self._advance(match.id)
        self._queue_write(Write(match.id, action, message, triage, undo=False))

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.", timeout=2)
            return
        triage = self._undo.pop()
        self._apply(triage.match_id, triage.before)
        index = self.match_list.index_of(triage.match_id)
        if index is not None:
            self.match_list.move_to(index)
        action = ACTION_TO[triage.before]
        self._queue_write(Write(triage.match_id, action, None, triage, undo=True))
        self.notify(f"Undone: {triage.name} is {triage.before} again.", timeout=3, markup=False)

    def _advance(self, match_id: str) -> None:
        index = self.match_list.index_of(match_id)
        if index is not None and index + 1 < len(self.match_list.matches):
            self.match_list.move_to(index + 1)

    def _apply(self, match_id: str, status: str) -> None:
        index = self.match_list.index_of(match_id)
        if index is None:
            return
        match = self.match_list.matches[index]
        if match.status in self._counts:
            self._counts[match.status] = max(0, self._counts[match.status] - 1)
        self._counts[status] = self._counts.get(status, 0) + 1
        updated = match.model_copy(update={"status": status})
        self.match_list.update_match(updated)
        if self.match_list.current is not None and self.match_list.current.id == match_id:
            self._detail.show(updated)
        self._update_counters()

    @work(group="feed-writes", exclusive=True, exit_on_error=False)
    async def run_writes(self) -> None:
        """Send triage actions one at a time, in the order they were made."""
        while True:
            write = await self._writes.get()
            self._sending = True
            try:
                await self._send(write)
            finally:
                self._sending = False
                self._settle(write)

    async def _send(self, write: Write) -> None:
        from talenttui.api.client import Queued
        from talenttui.api.endpoints.matches import act_on_match
        from talenttui.api.errors import ApiError, AuthError

        call = act_on_match(write.match_id, write.action, message=write.message)
        label = f"{write.action} {write.triage.name}"
        try:
            client = await self.talent.client()
            outcome = await client.send_or_queue(call, label=label)
        except AuthError:
            self._rollback(write)
            await self.talent.session_over("Your session has expired. Log in again.")
            return
        except ApiError as exc:
            self._rollback(write)
            self.notify(
                f"Could not {write.action} {write.triage.name}: {exc.message}. The change was undone.",
                severity="error",
                markup=False,
            )
            return
        if isinstance(outcome, Queued):
            self.notify(
                f"Offline: “{label}” will be sent when the server is back.",
                severity="warning",
                timeout=3,
                markup=False,
            )
            self.talent.refresh_queued()

    def _queue_write(self, write: Write) -> None:
        self._pending[write.match_id] = STATUS_OF[write.action]
        self._in_flight[write.match_id] += 1
        self._writes.put_nowait(write)

    def _settle(self, write: Write) -> None:
        """The server has this write (or refused it): once none is left, no overlay is needed."""
        self._in_flight[write.match_id] -= 1
        if self._in_flight[write.match_id] <= 0:
            del self._in_flight[write.match_id]
            self._pending.pop(write.match_id, None)

    def _rollback(self, write: Write) -> None:
        restore = write.triage.after if write.undo else write.triage.before
        self._apply(write.match_id, restore)
        if not write.undo and self._undo and self._undo[-1] == write.triage:
            self._undo.pop()

    # -- details and filters -------------------------------------------------------------

    def action_details(self) -> None:
        from talenttui.tui.screens.match_details import MatchDetailsScreen

        if (match := self.match_list.current) is not None:
            self.app.push_screen(MatchDetailsScreen(match))

    def action_filters(self) -> None:
        from talenttui.tui.screens.filters import FiltersScreen

        def chosen(filters: FeedFilters | None) -> None:
            if filters is not None and filters != self.filters:
                self.talent.preferences.save_filters(filters)
                self._loaded = False
                self.loading = True
                self.match_list.set_matches([])
                self.load_feed()

        self.app.push_screen(FiltersScreen(self.filters), chosen)

    def server_event(self, event: str) -> None:
        """Realtime: a new match, or a resync (events were missed), means the feed is stale.

        ``match.accepted``/``match.rejected`` announce actions, ours included: the rows
        already show them.
        """
        if event in ("match.created", "session.resync"):
            self.load_feed(refresh=True)
