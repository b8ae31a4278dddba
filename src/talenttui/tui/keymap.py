"""``[keys]`` in ``config.toml``: binding ids mapped to keys, checked before Textual sees them.

Every action of the app is a ``Binding`` with an id (``feed.reject``); ``[keys]`` maps ids to
one key or several separated by commas (``feed.reject = "x"``, ``app.help = "f1,?"``). An
unknown id, a key Textual would never send, or two actions of one place on the same key is
left out and reported, never raised: a typo in a config file must not keep anyone out.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import Keys, _character_to_key

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})


@cache
def _key_names() -> frozenset[str]:
    """Named keys (``f5``, ``escape``) and the names Textual gives printable characters
    (``slash``, ``question_mark``), which is how it spells them in bindings."""
    named = {key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")}
    printable = {_character_to_key(chr(code)) for code in range(33, 127)}
    return frozenset(named | printable)


@dataclass(frozen=True)
class BoundAction:
    id: str
    keys: str
    """The default key(s), as in ``BINDINGS``: comma-separated."""
    description: str
    owner: str
    """The class whose ``BINDINGS`` declare it: ids of one owner share one keyboard."""


def _subclasses(cls: type[DOMNode]) -> Iterator[type[DOMNode]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def bound_actions() -> tuple[BoundAction, ...]:
    """Every binding with an id that talenttui's app, screens and widgets declare.

    Importing every module of the app finds them all (the app imports most of them lazily).
    """
    import talenttui.tui

    for module in pkgutil.walk_packages(talenttui.tui.__path__, "talenttui.tui."):
        importlib.import_module(module.name)
    found: dict[str, BoundAction] = {}
    for cls in dict.fromkeys(_subclasses(DOMNode)):
        if not cls.__module__.startswith("talenttui.tui."):
            continue
        for item in cls.__dict__.get("BINDINGS", ()):
            if isinstance(item, Binding) and item.id is not None:
                found.setdefault(
                    item.id, BoundAction(item.id, item.key, item.description, cls.__qualname__)
                )
    return tuple(sorted(found.values(), key=lambda action: action.id))


def key_problem(keys: str) -> str | None:
    """Why ``keys`` (comma-separated, each ``mod+…+key``) is not a key Textual sends."""
    for key in keys.split(","):
        key = key.strip()
        if not key:
            return "an empty key"
        *modifiers, name = key.split("+")
        unknown = [m for m in modifiers if m not in MODIFIERS]
        if unknown:
            return f"unknown modifier {unknown[0]!r} in {key!r}"
        if not name:
            return f"no key after the modifier in {key!r}"
        if len(name) == 1 and name.isprintable() and not name.isspace():
            continue
        if name not in _key_names():
            return f"unknown key {name!r}"
    return None


def _normal(keys: str) -> list[str]:
    return [_character_to_key(k) if len(k) == 1 else k for k in map(str.strip, keys.split(","))]


@dataclass(frozen=True)
class CheckedKeymap:
    keymap: dict[str, str]
    """What can be applied (``App.set_keymap``)."""
    problems: tuple[str, ...]
    """What was left out and why, one sentence each."""


def check_keymap(table: Mapping[str, object]) -> CheckedKeymap:
    actions = {action.id: action for action in bound_actions()}
    keymap: dict[str, str] = {}
    problems: list[str] = []
    for binding_id, keys in table.items():
        if binding_id not in actions:
            problems.append(f"[keys] {binding_id}: no such action (see the README's list)")
        elif not isinstance(keys, str):
            problems.append(f'[keys] {binding_id}: the key must be a string, like "x"')
        elif (problem := key_problem(keys)) is not None:
            problems.append(f"[keys] {binding_id} = {keys!r}: {problem}")
        else:
            keymap[binding_id] = keys
    return CheckedKeymap(_without_clashes(keymap, actions, problems), tuple(problems))


def _without_clashes(
    keymap: dict[str, str], actions: Mapping[str, BoundAction], problems: list[str]
) -> dict[str, str]:
    """Two actions of one owner on one key: the remapped one is left out."""
    kept = dict(keymap)
    for binding_id, keys in keymap.items():
        owner = actions[binding_id].owner
        for other in actions.values():
            if other.id == binding_id or other.owner != owner:
                continue
            taken = set(_normal(kept.get(other.id, other.keys)))
            clash = taken.intersection(_normal(keys))
            if clash:
                problems.append(
                    f"[keys] {binding_id} = {keys!r}: {sorted(clash)[0]} is already {other.id}"
                )
                kept.pop(binding_id)
                break
    return kept
