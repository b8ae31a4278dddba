"""The footer, with help and quit first and no key cut in half.

Textual's footer lays keys out left to right and cuts the last one at the edge ("u ▏"):
at 80 columns that lost help and quit. Here those two come first, and keys that do not
fit whole are hidden (every key is in help and the palette).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.screen import Screen

FIRST = ("help", "quit")
"""Actions shown before the screen's own keys, in this order."""


class KeyFooter(Footer):
    _recompose_due = False
    """A recompose is on its way: Textual's footer rebuilds all its keys once per change
    of the bindings (each focus change), several times a frame as a screen starts."""

    def bindings_changed(self, screen: Screen[object]) -> None:
        due = screen.app.app_focus and self.is_attached and screen is self.screen
        if due and self._recompose_due:
            return
        self._recompose_due = due
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        """Textual's keys, each given the footer's ``compact`` before it mounts. A key's
        own default differs from the footer's, so each was restyled twice as it mounted
        (its watcher at start, then the data bind), for nothing that shows: 60-90 ms of
        the shell's first frame after a login in a profile; in an A/B the warm start went
        from 2.42x to 2.27x and the code step moved within noise (``bench/RESULTS.md``)."""
        for widget in super().compose():
            bound = hasattr(widget, "action") and not widget.has_class("-command-palette")
            if bound:  # the palette's key keeps its own (compact) style: it is not bound
                widget.set_reactive(type(widget).compact, self.compact)  # type: ignore[attr-defined]
            yield widget

    def on_mount(self) -> None:
        super().on_mount()
        self._arrange()

    def on_resize(self) -> None:
        for child in self.children:
            child.display = True
        self.call_after_refresh(self._fit)

    async def recompose(self) -> None:
        """Textual recomposes the footer whenever the bindings change (focus, screen)."""
        self._recompose_due = False
        await super().recompose()
        self._arrange()

    def _arrange(self) -> None:
        """Help and quit to the front. Footer keys carry their action (``FooterKey`` is not
        public); the footer's own compose is kept as is (it nests grouped keys)."""
        keys = {getattr(child, "action", None): child for child in self.children}
        for action in reversed(FIRST):
            if action in keys:
                self.move_child(keys[action], before=0)
        self.call_after_refresh(self._fit)

    def _fit(self) -> None:
        """Hide every key from the first that would cross the right edge (or the palette key,
        which is docked there)."""
        docked = [child for child in self.children if child.styles.dock != "none"]
        limit = min((child.region.x for child in docked), default=self.region.right)
        cut = False
        for child in self.children:
            if child in docked:
                continue
            cut = cut or child.region.right > limit
            if cut:
                child.display = False
