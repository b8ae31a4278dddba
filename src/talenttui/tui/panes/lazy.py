"""A tab's pane that reads nothing until the person first opens its tab."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from talenttui.tui.failures import ReportsFailures

if TYPE_CHECKING:
    from textual.widget import Widget

    from talenttui.tui.session import Session


class LazyPane(ReportsFailures):
    """Mixed in before a container class: ``class ProfilePane(LazyPane, VerticalScroll)``.

    Most sessions open one or two tabs; loading every tab at login would spend the rate
    limit and the start-up on figures nobody looks at. Not a ``Widget`` at run time: a
    second ``Widget`` base in the MRO would bring ``Widget``'s default CSS after the
    container's and undo its layout.
    """

    FOCUS: ClassVar[str | None] = None
    """The selector of the pane's main list, which takes the keys (None: the pane itself)."""

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self._started = False
        self._stale = False

    @property
    def started(self) -> bool:
        """The tab has been opened (and its first load begun)."""
        return self._started

    def main_widget(self) -> Widget:
        """Where the keys go whenever the tab shows (the shell gives it focus)."""
        return self.query_one(self.FOCUS) if self.FOCUS else self

    def on_show(self) -> None:
        if not self._started:
            self._started = True
            self.first_show()
        if self._stale:  # also on a first show: Messages loads from its mount on
            self._stale = False
            self.action_refresh()

    def went_stale(self) -> None:
        """What the pane shows is from before (a reconnect; writes from an earlier run that
        have just gone in) while its tab is hidden: it refetches when next shown."""
        self._stale = True

    def first_show(self) -> None:
        """Begin the pane's first load."""
        raise NotImplementedError

    def action_refresh(self) -> None:
        """Refetch what the pane shows (f5, or the app after a reconnect)."""
        raise NotImplementedError
