"""The signed-in screen: tabs that fit the role, a status bar, the footer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, TabbedContent, TabPane

from talenttui.tui.messages import ServerEvent, ViewStale
from talenttui.tui.panes.analytics import AnalyticsPane
from talenttui.tui.panes.campaigns import CampaignsPane
from talenttui.tui.panes.conversations import ConversationsPane
from talenttui.tui.panes.interviews import InterviewsPane
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.panes.match_feed import MatchFeed
from talenttui.tui.panes.profile import ProfilePane
from talenttui.tui.widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from talenttui.tui.app import TalentApp

RECRUITER_ROLE = 2
CANDIDATE_TABS = ("matches", "messages", "profile", "analytics")
RECRUITER_TABS = ("matches", "messages", "campaigns", "interviews", "analytics")
TAB_TITLES = {
    "matches": "Matches",
    "messages": "Messages",
    "profile": "Profile",
    "campaigns": "Campaigns",
    "interviews": "Interviews",
    "analytics": "Analytics",
}


class ShellScreen(Screen[None]):
    DEFAULT_CSS = "\n".join(
        (Path(__file__).parent / name).read_text(encoding="utf-8")
        for name in ("shell.tcss", "../panes/panes.tcss")
    )
    BINDINGS = [
        Binding(str(n), f"tab({n})", f"Go to tab {n}", id=f"shell.tab{n}", show=False)
        for n in range(1, 6)
    ]

    @property
    def talent(self) -> TalentApp:
        return cast("TalentApp", self.app)

    @property
    def tabs(self) -> tuple[str, ...]:
        me = self.talent.credentials.current
        return RECRUITER_TABS if me and me.role_id == RECRUITER_ROLE else CANDIDATE_TABS

    def compose(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            for tab in self.tabs:
                with TabPane(TAB_TITLES[tab], id=f"tab-{tab}"):
                    if tab == "matches":
                        yield MatchFeed(id="feed")
                    elif tab == "messages":
                        yield ConversationsPane(id="conversations")
                    elif tab == "profile":
                        yield ProfilePane(id="profile")
                    elif tab == "campaigns":
                        yield CampaignsPane(id="campaigns")
                    elif tab == "interviews":
                        yield InterviewsPane(id="interviews")
                    elif tab == "analytics":
                        yield AnalyticsPane(id="analytics")
        me = self.talent.credentials.current
        if me is None:
            yield StatusBar()
        else:
            role = "recruiter" if me.role_id == RECRUITER_ROLE else "candidate"
            yield StatusBar(me.email or me.public_id or "", role)
        yield Footer()

    def on_mount(self) -> None:
        self.talent.start_realtime()
        self.talent.replay_outbox()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "tab" and parameters:
            return int(str(parameters[0])) <= len(self.tabs)
        return True

    def action_tab(self, number: int) -> None:
        tabs = self.tabs
        if 1 <= number <= len(tabs):
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
        tabs = self.query_one(TabbedContent)
        for pane in self.query(ConversationsPane):
            pane.server_event(event.event, event.data, visible=tabs.active == "tab-messages")
        if event.event == "message.received":
            text = str(event.data.get("message") or "")
            preview = text if len(text) <= 80 else text[:79] + "…"
            self.notify(preview, title="New message", markup=False)
