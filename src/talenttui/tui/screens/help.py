"""Every key of the screen it was opened from, grouped by where it applies."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Static


def _where(node: object) -> str:
    from textual.app import App

    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return "This screen"
    return type(node).__name__


def describe_bindings(screen: Screen[object]) -> Content:
    """One line per action: its keys, what it does, and a hint; keys hidden from the footer too."""
    groups: dict[str, dict[tuple[str, str], list[str]]] = {}
    app = screen.app
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.description:
            continue
        actions = groups.setdefault(_where(active.node), {})
        keys = actions.setdefault((binding.description, binding.tooltip), [])
        keys.append(app.get_key_display(binding))
    parts: list[Content | str | tuple[str, str]] = []
    for where in sorted(groups, key=lambda g: (g == "Everywhere", g)):
        parts += [(where, "bold underline"), "\n"]
        for (description, hint), keys in groups[where].items():
            parts += [(", ".join(keys).ljust(16), "bold"), description]
            if hint:
                parts += [("  " + hint, "dim")]
            parts += ["\n"]
        parts += ["\n"]
    parts += [("ctrl+p".ljust(16), "bold"), "Command palette: every action by name\n"]
    return Content.assemble(*parts)


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "modals.tcss"
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
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
