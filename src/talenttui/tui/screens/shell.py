"""The signed-in screen: tabs that fit the role, a status bar, the footer.

Only the tab shown at login is built with the screen; Messages is built right after the
first paint (its unread counts are on its tab's label and in the status bar, its realtime
events arrive on any tab), every other tab the first time it is shown: building all of
them at once held the feed's first paint for as long as the HTTP it needs, several times.
"""

from __future__ import annotations

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

from talenttui.tui.messages import ProfileSaved, ServerEvent, ViewStale
from talenttui.tui.panes.analytics import AnalyticsPane
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane, UnreadTotal
from talenttui.tui.panes.developer import DeveloperPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.shell_tabs import ShellTabs
from talenttui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from talenttui.tui.session import AppSession, Session


class Pane(Protocol):
    def main_widget(self) -> Widget: ...


class PaneClass(Protocol):
    def __call__(self, session: Session, *, id: str | None = None) -> Widget: ...


@dataclass(frozen=True)
class ShellTab:
    title: str
    pane: PaneClass
    pane_id: str


RECRUITER_ROLE = 2
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
    "matches": ShellTab("Matches", MatchFeed, "feed"),
    "messages": ShellTab("Messages", ConversationsPane, "conversations"),
    "profile": ShellTab("Profile", ProfilePane, "profile"),
    "campaigns": ShellTab("Campaigns", CampaignsPane, "campaigns"),
    "interviews": ShellTab("Interviews", InterviewsPane, "interviews"),
    "analytics": ShellTab("Analytics", AnalyticsPane, "analytics"),
    "developer": ShellTab("Developer", DeveloperPane, "developer"),
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
            pane = TabPane(tab.title, tab.pane(self.session, id=tab.pane_id), id="tab-developer")
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
                        yield tab.pane(self.session, id=tab.pane_id)
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
        self.session.shell_shown()
        self.offer_first_run()
        if "messages" in self.tabs:
            self.call_after_refresh(self.build_tab, "messages")

    async def build_tab(self, name: str) -> Pane | None:
        """The tab's pane, mounted now if it was not yet (None once the screen is emptied)."""
        try:
            holder = self.query_one(f"#tab-{name}", TabPane)
        except NoMatches:
            return None
        if not holder.children:
            tab = TABS[name]
            self._building[name] = holder.mount(tab.pane(self.session, id=tab.pane_id))
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
        for pane in self.query(ProfilePane):
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
        for pane in self.query_one(f"#{active}", TabPane).children:
            if isinstance(pane, MatchFeed) or (isinstance(pane, LazyPane) and pane.started):
                pane.action_refresh()

    @on(ServerEvent)
    def _server_event(self, event: ServerEvent) -> None:
        self.query_one(MatchFeed).server_event(event.event)
        for pane in self.query(ConversationsPane):
            pane.server_event(event.event, event.data)

    @on(UnreadTotal)
    def _unread(self, event: UnreadTotal) -> None:
        """On the Messages tab's label and in the status bar."""
        title = TABS["messages"].title
        tab = self.query_one(TabbedContent).get_tab("tab-messages")
        tab.label = Content(f"{title} ({event.total})" if event.total else title)
        self.query_one(StatusBar).unread = event.total

    @on(MatchFeed.MessagePerson)
    async def _message_person(self, event: MatchFeed.MessagePerson) -> None:
        """``m`` on a match: the Messages tab, with that person's conversation open."""
        await self.action_tab(self.tabs.index("messages") + 1)
        self.query_one(ConversationsPane).start_with(event.match)
