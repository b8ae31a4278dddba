"""Every key of the screen it was opened from, grouped by where it applies: the visible tab,
the screen, everywhere; whatever had focus (``screen_keys``)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from talenttui.tui.screen_keys import screen_keys
from talenttui.tui.widgets.key_footer import KeyFooter

KEY_COLUMN = 16


def describe_bindings(screen: Screen[object]) -> Content:
    """One line per action: its keys, what it does, and a hint; keys hidden from the footer too."""
    groups: dict[str, dict[tuple[str, str], list[str]]] = {}
    app = screen.app
    for key in screen_keys(screen):
        binding = key.binding
        actions = groups.setdefault(key.group, {})
        keys = actions.setdefault((binding.description, binding.tooltip), [])
        shown = app.get_key_display(binding)
        keys.insert(0, shown) if binding.show else keys.append(shown)
    order = sorted(groups, key=lambda g: (g == "Everywhere", g == "This screen"))
    parts: list[Content | str | tuple[str, str]] = []
    for where in order:
        parts += [(where, "bold underline"), "\n"]
        for (description, hint), keys in groups[where].items():
            parts += [(", ".join(keys).ljust(KEY_COLUMN), "bold"), description]
            if hint:
                parts += [("  " + hint, "dim")]
            parts += ["\n"]
        parts += ["\n"]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "close", "Close", id="help.close"),
        Binding("question_mark", "close", "Close", id="help.close_q", show=False),
    ]

    def __init__(self, source: Screen[object]) -> None:
        super().__init__()
        self._text = describe_bindings(source)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            yield Static(self._text, id="help-body")
        yield KeyFooter()

    def action_close(self) -> None:
        self.dismiss(None)
