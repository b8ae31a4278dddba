"""The match feed: a virtualised list beside a detail pane, triaged by keys.

A thin widget over the triage engine (``tui/triage.py``), which it serves as the view:
actions are stored before they show; a refusal rolls the row back with a notice; without
a network the write waits in the outbox and is sent, once, when the server answers again.
``v`` (or the filter dialog) picks the status shown.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Static

from talenttui.tui.cursor_rest import CursorRest
from talenttui.tui.failures import ReportsFailures
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.loading import load_into, store
from talenttui.tui.panes.feed_batch import FeedBatch
from talenttui.tui.panes.feed_counters import counters_line
from talenttui.tui.panes.feed_keys import FEED_BINDINGS
from talenttui.tui.preferences import STATUS_VIEWS, FeedFilters
from talenttui.tui.tally import Tally
from talenttui.tui.triage import Severity, Triager
from talenttui.tui.widgets.match_detail import MatchDetail
from talenttui.tui.widgets.match_list import MatchList
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.call import Call
    from talenttui.api.client import Fresh
    from talenttui.api.models.match_rows import MatchRow, MatchRowPage
    from talenttui.api.models.matches import ExperienceLevel, Match
    from talenttui.api.models.matches import MatchStatus as Status
    from talenttui.api.outbox import OutboxEntry
    from talenttui.tui.session import Session
    from talenttui.tui.watch import Watch

PAGE_SIZE = 100
VIEWS: tuple[str | None, ...] = (None, *STATUS_VIEWS)
"""What ``v`` cycles through: the active matches (the default), then each status alone."""


class MatchFeed(ReportsFailures, Vertical):
    """The engine's view (``triage.FeedView``): rows, counters and cursor as it says."""

    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = FEED_BINDINGS

    class MessagePerson(Message):
        """``m``: the shell opens the conversation with this match's person."""

        def __init__(self, match: Match) -> None:
            super().__init__()
            self.match = match

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._page = 0
        self._total_pages = 0
        self._total = 0
        self._tally = Tally()
        self._triager = Triager(self, self._store)
        self._loading_more = False
        self._age: float | None = None
        self.source = "network"
        """Where the rows on screen came from: network, cache, or cache while offline."""
        self._loaded = False
        self.fetching = False
        """A first-page load is under way. (Not Textual's ``loading``: that hides the
        feed behind an indicator, and the list's focus with it.)"""
        self._list = MatchList(id="match-list", highlights=False)
        self._detail = MatchDetail(id="match-detail")
        self._counters = Static("", id="feed-counters", markup=False)
        self._notice_line = Notice(id="feed-notice")
        self._batch = FeedBatch(self, session, self._list, self._triager)
        self._rest = CursorRest(self, self._show_detail)

    @property
    def filters(self) -> FeedFilters:
        return self.session.preferences.filters

    @property
    def counts(self) -> dict[str, int]:
        """Matches per status in the view; they add up to ``total``."""
        return self._tally.counts

    @property
    def total(self) -> int:
        """Matches the server has for these filters (all pages)."""
        return self._total

    @property
    def idle(self) -> bool:
        """No action of this session still on its way to the server."""
        return self._triager.idle

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
        self.watch(self.match_list, "cursor", self._cursor_moved, init=False)
        self.load_feed()

    # -- loading -------------------------------------------------------------------------

    def _page_call(self, page: int) -> Call[MatchRowPage]:
        from talenttui.api.endpoints.matches import as_rows, list_matches

        f = self.filters
        return as_rows(
            list_matches(
                limit=PAGE_SIZE,
                page=page,
                min_score=f.min_score,
                skills=f.skills,
                location=f.location,
                experience_level=cast("ExperienceLevel | None", f.experience_level),
                status=cast("Status | None", f.status),
            )
        )

    @work(group="feed-load", exclusive=True, exit_on_error=False)
    async def load_feed(self, *, refresh: bool = False) -> None:
        """The first page: from the cache at once (then refreshed), or from the network;
        drawn with the writes still in the outbox applied."""
        started = time.monotonic()
        self._notice("Loading matches…" if not self._loaded else "")
        self.fetching = True
        try:
            client = await self.session.client()
            if client.signed_in:
                self._triager.pending.reset_from(await (await client.outbox()).entries())
            await load_into(
                self.session,
                self._page_call(1),
                refresh=refresh,
                show=lambda fresh: self._show_first_page(fresh, started),
                failed=lambda exc: self._notice(f"Cannot load matches: {exc.message}", error=True),
            )
        finally:
            self.fetching = False

    def _drawn(
        self, matches: list[MatchRow], fresh: Fresh[MatchRowPage], since: float
    ) -> list[MatchRow]:
        """Server rows with the writes they do not show yet drawn as made (and counted)."""
        fetched_at = time.time() - fresh.age_seconds
        return self._triager.drawn(matches, fetched_at, since, self._tally)

    def _show_first_page(self, fresh: Fresh[MatchRowPage], since: float) -> None:
        page = fresh.data
        current = self.match_list.current
        self._page = 1
        self._total_pages = page.pagination.total_pages
        self._total = page.pagination.total
        counts = page.counts.model_dump() if page.counts is not None else None
        self._tally = Tally.for_view(self.filters.status, counts, (m.status for m in page.matches))
        self.match_list.set_matches(
            self._drawn(page.matches, fresh, since), keep_cursor_on=current.id if current else None
        )
        settle_loaded_rows()
        self._age = fresh.age_seconds
        self.source = fresh.source
        self._loaded = True
        self._notice(
            "" if page.matches else "No matches fit these filters. Press / to change them."
        )
        self._rest.now()

    @on(MatchList.NearEnd)
    def _near_end(self) -> None:
        if not self._loading_more and self._page < self._total_pages:
            self.load_more()

    @work(group="feed-more", exclusive=True, exit_on_error=False)
    async def load_more(self) -> None:
        started = time.monotonic()
        self._loading_more = True
        try:
            await load_into(
                self.session,
                self._page_call(self._page + 1),
                refresh=True,
                show=lambda fresh: self._show_next_page(fresh, started),
                failed=lambda exc: self._notice(
                    f"Cannot load more matches: {exc.message}", error=True
                ),
            )
        finally:
            self._loading_more = False

    def _show_next_page(self, fresh: Fresh[MatchRowPage], since: float) -> None:
        self._page += 1
        rows = self.match_list
        new = [m for m in fresh.data.matches if rows.index_of(m.id) is None]
        rows.append_matches(self._drawn(new, fresh, since))
        settle_loaded_rows()
        self._update_counters()

    def action_refresh(self) -> None:
        self.load_feed(refresh=True)

    # -- what the person sees ------------------------------------------------------------

    def _update_counters(self) -> None:
        """The line keeps its one-row height: no layout pass on each cursor move."""
        line = counters_line(
            self._tally,
            self.filters,
            position=self.match_list.cursor if self.match_list.matches else None,
            total=self._total,
            source=self.source,
            age=self._age,
        )
        self._counters.update(line, layout=False)

    def _notice(self, text: str, *, error: bool = False) -> None:
        self._notice_line.say(text, error=error)

    def _show_detail(self) -> None:
        """The whole match under the cursor (parsed from its row's page) and the counters."""
        row = self.match_list.current
        self._detail.show(row.full() if row is not None else None)
        self._update_counters()

    def _cursor_moved(self) -> None:
        """Watched, not messaged: the detail is then drawn in the frame that draws the
        cursor, not one or two frames later; while a key is held, once the cursor rests
        (``cursor_rest``, ``bench/bench_feed_detail.py``)."""
        self._rest.moved()

    # -- triage --------------------------------------------------------------------------

    def action_accept(self) -> None:
        from talenttui.tui.dialogs.accept import AcceptScreen

        match = self.match_list.current
        if self._batch.marked:
            self._batch.run("accept")
            return
        if match is None:
            return

        async def accepted(message: str | None) -> None:
            if message is not None:
                await self._triager.act(match, "accept", message or None)

        self.app.push_screen(AcceptScreen(match.name), accepted)

    async def action_reject(self) -> None:
        if self._batch.marked:
            self._batch.run("reject")
        elif (match := self.match_list.current) is not None:
            await self._triager.act(match, "reject", None)

    async def action_save(self) -> None:
        if self._batch.marked:
            self._batch.run("save")
        elif (match := self.match_list.current) is not None:
            await self._triager.act(match, "save", None)

    def action_reject_reason(self) -> None:
        self._batch.reject_with_reason(self.match_list.current)

    def action_invite(self) -> None:
        self._batch.invite(self.match_list.current)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Invites are a recruiter's (an organization's campaigns): off for candidates."""
        if action == "invite":
            me = self.session.credentials.current
            return me is not None and me.org_id is not None
        return True

    def action_mark(self) -> None:
        self._batch.mark()

    def action_mark_range(self) -> None:
        self._batch.mark_range()

    def action_clear_marks(self) -> None:
        self._batch.clear()

    async def action_undo(self) -> None:
        await self._triager.undo()

    # -- the engine's view (triage.FeedView) ----------------------------------------------

    async def _store(self, call: Call[Any], label: str, watch: Watch) -> OutboxEntry | None:
        return await store(self.session, call, label=label, watch=watch)

    @property
    def current(self) -> MatchRow | None:
        return self.match_list.current

    def advance_past(self, match_id: str) -> None:
        index = self.match_list.index_of(match_id)
        if index is not None and index + 1 < len(self.match_list.matches):
            self.match_list.move_to(index + 1)

    def move_to(self, match_id: str) -> None:
        index = self.match_list.index_of(match_id)
        if index is not None:
            self.match_list.move_to(index)

    def say(
        self, text: str, *, severity: Severity = "information", timeout: float | None = None
    ) -> None:
        self.notify(text, severity=severity, timeout=timeout, markup=False)

    def show_status(self, match_id: str, status: str, reason: str | None = None) -> None:
        index = self.match_list.index_of(match_id)
        if index is None:
            return
        match = self.match_list.matches[index]
        self._tally.move(match.status, status)
        self.match_list.update_match(match.with_status(status, reason))
        if self.match_list.current is not None and self.match_list.current.id == match_id:
            self._rest.now()
        else:
            self._update_counters()

    # -- details, filters and the status view --------------------------------------------

    def action_details(self) -> None:
        from talenttui.tui.dialogs.match_details import MatchDetailsScreen

        if (match := self.match_list.current) is not None:
            self.app.push_screen(MatchDetailsScreen(self.session, match.full()))

    def action_message(self) -> None:
        if (match := self.match_list.current) is not None:
            self.post_message(self.MessagePerson(match.full()))

    def action_filters(self) -> None:
        from talenttui.tui.dialogs.filters import FiltersScreen

        def chosen(filters: FeedFilters | None) -> None:
            if filters is not None and filters != self.filters:
                self._use(filters)

        self.app.push_screen(FiltersScreen(self.filters), chosen)

    def action_cycle_status(self) -> None:
        view = VIEWS[(VIEWS.index(self.filters.status) + 1) % len(VIEWS)]
        self._use(replace(self.filters, status=view))
        self.notify(f"Showing {view or 'active'} matches.", timeout=2)

    def _use(self, filters: FeedFilters) -> None:
        self.session.preferences.save_filters(filters)
        self._loaded = False
        self._total = 0
        self._tally = Tally()
        self.match_list.set_matches([])
        self._update_counters()
        self.load_feed()

    def server_event(self, event: str) -> None:
        """Realtime: a new match, or a resync (events were missed), means the feed is stale.

        ``match.accepted``/``match.rejected`` announce actions, ours included: the rows
        already show them.
        """
        if event in ("match.created", "session.resync"):
            self.load_feed(refresh=True)
