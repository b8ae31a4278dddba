"""Every key of a screen, whatever has focus: what help lists and the palette offers.

Textual's ``Screen.active_bindings`` starts from the focused widget, so a list that lost
focus (or a focused tab bar) hides the tab's keys. Here the chain starts from the screen's
main widget (the visible tab's list) when it has one. Textual has no public way to read a
node's bindings with the keymap applied, so this module alone reads ``_bindings`` and
``_keymap``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.actions import parse
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane


@runtime_checkable
class HasMainWidget(Protocol):
    def main_widget(self) -> Widget | None: ...


@dataclass(frozen=True)
class ScreenKey:
    group: str
    """Where it applies: the tab's name, "This screen" or "Everywhere"."""
    node: DOMNode
    """The action's namespace."""
    binding: Binding
    """With the keymap applied: ``binding.key`` is the key that runs it."""


def _chain(screen: Screen[object]) -> list[DOMNode]:
    if isinstance(screen, ModalScreen):
        return [screen]
    main = screen.main_widget() if isinstance(screen, HasMainWidget) else None
    return list(main.ancestors_with_self) if main is not None else [screen, screen.app]


def group_of(node: DOMNode) -> str:
    if isinstance(node, App):
        return "Everywhere"
    if isinstance(node, Screen):
        return "This screen"
    ancestors = node.ancestors_with_self
    pane = next((n for n in ancestors if isinstance(n, TabPane)), None)
    tabs = next((n for n in ancestors if isinstance(n, TabbedContent)), None)
    if pane is None or tabs is None:
        return "This screen"
    return tabs.get_tab(pane).label_text


def _listed(node: DOMNode, binding: Binding) -> bool:
    """Ours (they all have an id, to be rebound by it), and Textual's screen and app keys
    (focus next, palette). Not the scroll keys widgets inherit, which the arrows cover."""
    return bool(binding.description) and (binding.id is not None or isinstance(node, App | Screen))


def _enabled(node: DOMNode, action: str) -> bool:
    """``check_action`` as Textual asks it: False hides the key, None shows it dimmed."""
    _, name, parameters = parse(action)
    return node.check_action(name, parameters) is not False


def screen_keys(screen: Screen[object]) -> list[ScreenKey]:
    """Each key once, where it is bound nearest the main widget (as a key press finds it)."""
    keymap = screen.app._keymap
    seen: set[str] = set()
    keys: list[ScreenKey] = []
    for node in _chain(screen):
        bindings = node._bindings.copy()
        if keymap:
            bindings.apply_keymap(keymap)
        group = group_of(node)
        for key, binding in bindings:
            if key in seen or not _listed(node, binding) or not _enabled(node, binding.action):
                continue
            seen.add(key)
            keys.append(ScreenKey(group, node, binding))
    return keys


def palette_help(tooltip: str, key: str) -> str:
    """The palette parses help as markup: keys such as ``/`` or ``[`` are escaped."""
    from rich.markup import escape

    text = f"{tooltip}  ·  key: {key}" if tooltip else f"key: {key}"
    return escape(text)


def key_commands(screen: Screen[object]) -> list[SystemCommand]:
    """Each action of ``screen_keys`` as a palette command, run where its key would run it."""
    app = screen.app
    commands: list[SystemCommand] = []
    seen: set[str] = set()
    for key in screen_keys(screen):
        binding = key.binding
        if binding.action in seen or binding.action == "command_palette":
            continue
        seen.add(binding.action)

        async def run(node: DOMNode = key.node, action: str = binding.action) -> None:
            await app.run_action(action, default_namespace=node)

        shown = app.get_key_display(binding)
        commands.append(
            SystemCommand(binding.description, palette_help(binding.tooltip, shown), run)
        )
    return commands


def palette_commands(
    screen: Screen[object], textuals: Iterable[SystemCommand], *, kiosk: bool
) -> Iterable[SystemCommand]:
    """Every key of the screen as a palette command, whatever has focus, after Textual's own
    (``textuals``) minus its "Keys" panel (the focused widget's keys only: Help lists them
    all) and, in kiosk mode, anything that writes a file ("Screenshot" saves to ~/Downloads)."""
    ours = key_commands(screen)
    left_out = {command.title for command in ours} | {"Keys"}
    if kiosk:
        left_out.add("Screenshot")
    yield from (command for command in textuals if command.title not in left_out)
    yield from ours
