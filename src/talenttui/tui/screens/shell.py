"""The signed-in screen: tabs that fit the role, a status bar, the footer.

Only the tab shown at login (the feed) is built, and its code imported, with the screen.
Once the feed has loaded, the realtime link opens, the outbox is sent and Messages is
built (its unread counts are on its tab's label and in the status bar, its realtime
events arrive on any tab); every other tab is built the first time it is shown. Building
all of them at once held the feed's first paint for several times the HTTP it needs.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, cast

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import TabbedContent, TabPane
from textual.worker import WorkerError

from talenttui.tui.messages import ProfileSaved, ServerEvent, ViewStale
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.shell_tabs import ShellTabs
from talenttui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from talenttui.tui.panes.conversations import ConversationsPane, UnreadTotal
    from talenttui.tui.session import AppSession, Session


class Pane(Protocol):
    def main_widget(self) -> Widget: ...


class PaneClass(Protocol):
    def __call__(self, session: Session, *, id: str | None = None) -> Widget: ...


@dataclass(frozen=True)
class ShellTab:
    title: str
    module: str
    """In ``talenttui.tui.panes``: imported when the tab is first built, not to paint the feed."""
    class_name: str
    pane_id: str

    def build(self, session: Session) -> Widget:
        module = importlib.import_module(f"talenttui.tui.panes.{self.module}")
        pane_class = cast("PaneClass", getattr(module, self.class_name))
        return pane_class(session, id=self.pane_id)


RECRUITER_ROLE = 2
FIRST_LOAD_WAIT = 3.0
"""Seconds the realtime link and Messages wait at most for the feed's first load (a server
that does not answer must not keep the link that notices its return from opening)."""
CANDIDATE_TABS = ("matches", "messages", "profile", "analytics")
RECRUITER_TABS = (
    "matches",
    "messages",
    "campaigns",
    "interviews",
    "analytics",
    "profile",
    "developer",
)
TABS: dict[str, ShellTab] = {
    "matches": ShellTab("Matches", "match_feed", "MatchFeed", "feed"),
    "messages": ShellTab("Messages", "conversations", "ConversationsPane", "conversations"),
    "profile": ShellTab("Profile", "profile", "ProfilePane", "profile"),
    "campaigns": ShellTab("Campaigns", "campaigns", "CampaignsPane", "campaigns"),
    "interviews": ShellTab("Interviews", "interviews", "InterviewsPane", "interviews"),
    "analytics": ShellTab("Analytics", "analytics", "AnalyticsPane", "analytics"),
    "developer": ShellTab("Developer", "developer", "DeveloperPane", "developer"),
}


class ShellScreen(Screen[None]):
    """The visible tab's main list has focus whenever the tab shows, after a reload and when
    a dialog closes: Textual would leave it on the tab bar, on nothing, or (a hidden list's
    sibling taking it) switch back to the tab being left."""

    AUTO_FOCUS = ""
    """Not Textual's first focusable widget (the tab bar): ``focus_main`` chooses."""
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    """The shell's own layout; each pane brings its styles (its ``.tcss``)."""
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(n), f"tab({n})", f"Go to tab {n}", id=f"shell.tab{n}", show=False)
            for n in range(1, 8)
        ),
        Binding(
            "f9",
            "developer",
            "Developer settings",
            id="shell.developer",
            show=False,
            tooltip="API keys and webhooks",
        ),
    ]

    def __init__(self, session: AppSession) -> None:
        super().__init__()
        self.session = session
        self._opened: tuple[str, ...] = ()
        """Tabs the role does not have, opened from the palette (a candidate's Developer)."""
        self._building: dict[str, AwaitMount] = {}
        """Tabs whose pane is being mounted: a second ask waits for the same mount."""

    @property
    def tabs(self) -> tuple[str, ...]:
        me = self.session.credentials.current
        role = RECRUITER_TABS if me and me.role_id == RECRUITER_ROLE else CANDIDATE_TABS
        return role + self._opened

    async def action_developer(self) -> None:
        """The Developer tab, added for a candidate the first time they ask for it."""
        if "developer" not in self.tabs:
            tab = TABS["developer"]
            pane = TabPane(tab.title, tab.build(self.session), id="tab-developer")
            await self.query_one(TabbedContent).add_pane(pane)
            self._opened += ("developer",)
        await self.action_tab(self.tabs.index("developer") + 1)

    def compose(self) -> ComposeResult:
        shown = self.tabs[0]
        with ShellTabs(id="tabs"):
            for name in self.tabs:
                tab = TABS[name]
                with TabPane(tab.title, id=f"tab-{name}"):
                    if name == shown:
                        yield tab.build(self.session)
        me = self.session.credentials.current
        server = self.session.server_label
        if me is None:
            yield StatusBar(server)
        else:
            role = "recruiter" if me.role_id == RECRUITER_ROLE else "candidate"
            yield StatusBar(server, me.email or me.public_id or "", role)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.focus_main()
        self.after_first_load()

    @work(group="shell-start", exit_on_error=False)
    async def after_first_load(self) -> None:
        """What the feed's first paint does not need waits for its first load (from the
        cache, then the server) to be painted: the realtime link, the outbox, Messages, the
        first-run form."""
        feed = self.query_one(MatchFeed)  # mounted before this screen: its load has begun
        for worker in [w for w in self.app.workers if w.node is feed and w.group == "feed-load"]:
            with contextlib.suppress(WorkerError, TimeoutError):
                # shielded: a timed-out wait must not cancel the load it waits for (a
                # worker's wait() awaits its task, and cancelling that wait cancels the task)
                await asyncio.wait_for(asyncio.shield(worker.wait()), FIRST_LOAD_WAIT)
        await self.wait_for_refresh()  # the rows on screen first, then the rest
        self.session.shell_shown()
        if "messages" in self.tabs:
            await self.build_tab("messages")
        self.offer_first_run()

    async def build_tab(self, name: str) -> Pane | None:
        """The tab's pane, mounted now if it was not yet (None once the screen is emptied)."""
        try:
            holder = self.query_one(f"#tab-{name}", TabPane)
        except NoMatches:
            return None
        if not holder.children:
            self._building[name] = holder.mount(TABS[name].build(self.session))
            try:
                await self._building[name]
            finally:
                del self._building[name]
        elif (mounting := self._building.get(name)) is not None:
            await mounting
        return self._pane(holder)

    @work(group="first-run", exit_on_error=False)
    async def offer_first_run(self) -> None:
        """A new account (no title, no skills) lands on the short first-run form: without
        them the matching engine has nothing to go on and the feed stays empty."""
        from talenttui.api.endpoints.profiles import get_profile
        from talenttui.api.errors import ApiError
        from talenttui.tui.dialogs.first_run import FirstRunScreen
        from talenttui.tui.profile_form import is_blank

        try:
            client = await self.session.client()
            fresh = await client.cached(get_profile())
        except ApiError:
            return  # the tabs say what is wrong when they load
        if is_blank(fresh.data) and self.is_current:
            self.app.push_screen(FirstRunScreen(self.session), self._first_run_done)

    def _first_run_done(self, saved: object) -> None:
        if saved is not None:
            self.post_message(ProfileSaved())

    @on(ProfileSaved)
    def _profile_saved(self) -> None:
        """The server recomputed the matches on save: the feed shows the new ones."""
        self.query_one(MatchFeed).action_refresh()
        for pane in self.query("#profile").results(LazyPane):
            if pane.started:
                pane.action_refresh()

    # -- focus ---------------------------------------------------------------------------

    @staticmethod
    def _pane(tab: TabPane) -> Pane | None:
        for pane in tab.children:
            return cast("Pane", pane)
        return None

    def _active_tab(self) -> TabPane | None:
        """None once the screen is emptied (signed out) or before its tabs exist."""
        for tabs in self.query(TabbedContent).results(TabbedContent):
            try:
                return tabs.active_pane
            except NoMatches:  # the panes go before the tabs when the screen is emptied
                return None
        return None

    def main_widget(self) -> Widget | None:
        """The visible tab's main list: where the keys go, and whose keys help lists."""
        active = self._active_tab()
        pane = self._pane(active) if active is not None else None
        return pane.main_widget() if pane is not None else None

    def focus_main(self) -> None:
        target = self.main_widget()
        if target is not None:
            self.set_focus(target)

    def _focus_lost(self) -> bool:
        """Nothing, or something outside the visible tab (the tab bar, a hidden list)."""
        focused, active = self.focused, self._active_tab()
        return focused is None or (active is not None and active not in focused.ancestors)

    def watch_focused(self, focused: Widget | None) -> None:
        """A reload covers the list (``loading``) or replaces its rows, and Textual drops
        the focus of a widget that is hidden, even for a moment: it comes back."""
        if focused is None and self.is_current:
            self.call_after_refresh(self._restore_focus)

    def _restore_focus(self) -> None:
        if self.is_current and self._focus_lost():
            self.focus_main()

    def on_screen_resume(self, _: events.ScreenResume) -> None:
        self._restore_focus()

    @on(TabbedContent.TabActivated)
    async def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """Only for the tab still shown: an activation message can arrive after the person
        has already chosen another tab (``2`` right after login). A click on a tab not
        built yet builds it."""
        if event.pane.id and not event.pane.children:
            await self.build_tab(event.pane.id.removeprefix("tab-"))
        if event.pane is self._active_tab():
            self.focus_main()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab" and parameters:
            return int(str(parameters[0])) <= len(self.tabs)
        return True

    async def action_tab(self, number: int) -> None:
        """The new tab's list takes focus before the old tab hides: a focused widget that
        hides hands focus to a sibling, and focus inside a pane makes that pane active."""
        tabs = self.tabs
        if 1 <= number <= len(tabs):
            pane = await self.build_tab(tabs[number - 1])
            if pane is not None:
                self.set_focus(pane.main_widget())
                self.query_one(TabbedContent).active = f"tab-{tabs[number - 1]}"

    @on(ViewStale)
    def _view_stale(self) -> None:
        """Only the tab on screen refetches; the others do when they are next shown."""
        active = self.query_one(TabbedContent).active
        for tab in self.query(TabPane):
            for pane in tab.children:
                if tab.id != active:
                    if isinstance(pane, LazyPane):
                        pane.went_stale()
                elif isinstance(pane, MatchFeed) or (isinstance(pane, LazyPane) and pane.started):
                    pane.action_refresh()

    @on(ServerEvent)
    def _server_event(self, event: ServerEvent) -> None:
        self.query_one(MatchFeed).server_event(event.event)
        for pane in self._conversations():
            pane.server_event(event.event, event.data)

    def _conversations(self) -> list[ConversationsPane]:
        """The Messages pane once built (its module is imported with it)."""
        return cast("list[ConversationsPane]", list(self.query("#conversations")))

    def on_unread_total(self, event: UnreadTotal) -> None:
        """On the Messages tab's label and in the status bar."""
        title = TABS["messages"].title
        tab = self.query_one(TabbedContent).get_tab("tab-messages")
        tab.label = Content(f"{title} ({event.total})" if event.total else title)
        self.query_one(StatusBar).unread = event.total

    @on(MatchFeed.MessagePerson)
    async def _message_person(self, event: MatchFeed.MessagePerson) -> None:
        """``m`` on a match: the Messages tab, with that person's conversation open."""
        await self.action_tab(self.tabs.index("messages") + 1)
        for pane in self._conversations():
            pane.start_with(event.match)
