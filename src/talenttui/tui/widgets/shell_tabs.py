"""The shell's tabs: the tab shown is what the person chose, never what has focus."""

from __future__ import annotations

from textual.widgets import TabbedContent, TabPane


class ShellTabs(TabbedContent):
    """Textual's ``TabbedContent`` shows whichever pane a widget gets focus in. Focus
    messages arrive late: the focus the shell gives the feed's list as it mounts was
    still on its way when a person pressed ``2`` right after login, and it switched the
    tab back to the feed (and the keys with it). Here only ``active`` (number keys, a
    click on a tab) chooses the tab; focus follows it (the shell's ``focus_main``)."""

    def _on_tab_pane_focused(self, event: TabPane.Focused) -> None:
        event.stop()
        event.prevent_default()  # Textual would still run the base class's handler
