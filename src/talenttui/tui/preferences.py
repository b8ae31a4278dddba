"""What the app reads from ``config.toml`` (the feed's filters in ``[feed]``, the theme in
``[ui]``, the keymap in ``[keys]``) and writes back (filters and theme).

Writes go through tomlkit, which keeps the file as the person wrote it (comments, order,
spacing) and changes only the values the app owns. Nothing in the file can stop the app:
what cannot be read or understood is left out and said in ``notices``. Kiosk mode reads
nothing and keeps everything in memory.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXPERIENCE_LEVELS = ("junior", "mid", "senior", "lead")
STATUS_VIEWS = ("new", "saved", "accepted", "rejected")
"""The feed shows one status, or (None, the default) the active ones: new, saved, accepted."""
DEFAULT_MIN_SCORE = 60
"""What the server applies when no minimum score is sent (the reference: "default: 60")."""


@dataclass(frozen=True)
class FeedFilters:
    skills: tuple[str, ...] = ()
    min_score: int | None = None
    location: str | None = None
    experience_level: str | None = None
    status: str | None = None

    @property
    def active(self) -> bool:
        return bool(self.skills) or any(
            v is not None
            for v in (self.min_score, self.location, self.experience_level, self.status)
        )

    def describe(self) -> str:
        parts = [f"{self.status} only"] if self.status else []
        if self.min_score is None:
            parts.append(f"score ≥ {DEFAULT_MIN_SCORE} (default)")
        else:
            parts.append(f"score ≥ {self.min_score}")
        if self.skills:
            parts.append("skills: " + ", ".join(self.skills))
        if self.location:
            parts.append(f"location: {self.location}")
        if self.experience_level:
            parts.append(f"level: {self.experience_level}")
        return " · ".join(parts)

    @classmethod
    def from_table(cls, table: dict[str, Any]) -> FeedFilters:
        skills = table.get("skills", [])
        min_score = table.get("min_score")
        location = table.get("location")
        level = table.get("experience_level")
        status = table.get("status")
        return cls(
            skills=tuple(s for s in skills if isinstance(s, str) and s.strip())
            if isinstance(skills, list)
            else (),
            min_score=min_score
            if isinstance(min_score, int)
            and not isinstance(min_score, bool)
            and 0 <= min_score <= 100
            else None,
            location=location if isinstance(location, str) and location.strip() else None,
            experience_level=level if level in EXPERIENCE_LEVELS else None,
            status=status if status in STATUS_VIEWS else None,
        )

    def to_table(self) -> dict[str, Any]:
        table: dict[str, Any] = {"skills": list(self.skills)}
        if self.min_score is not None:
            table["min_score"] = self.min_score
        if self.location:
            table["location"] = self.location
        if self.experience_level:
            table["experience_level"] = self.experience_level
        if self.status:
            table["status"] = self.status
        return table


def _table(data: dict[str, Any], name: str, notices: list[str]) -> dict[str, Any]:
    value = data.get(name, {})
    if isinstance(value, dict):
        return value
    notices.append(f"{name} is not a table ([{name}]); ignored")
    return {}


def _feed_filters(table: dict[str, Any], notices: list[str]) -> FeedFilters:
    """``FeedFilters.from_table`` drops what it does not understand; that is said here."""
    filters = FeedFilters.from_table(table)
    kept = filters.to_table()
    for name, value in table.items():
        if name not in kept:
            notices.append(f"[feed] {name} = {value!r} is not understood; ignored")
    return filters


def _flat(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``feed.reject = "x"`` is a dotted key in TOML, read as ``{"feed": {"reject": "x"}}``;
    binding ids are the dotted names (``"feed.reject" = "x"`` reads the same)."""
    flat: dict[str, Any] = {}
    for name, value in table.items():
        if isinstance(value, dict):
            flat.update(_flat(value, f"{prefix}{name}."))
        else:
            flat[f"{prefix}{name}"] = value
    return flat


DEFAULT_REJECT_REASONS = (
    "Skills do not fit",
    "Not enough experience",
    "Overqualified",
    "Salary expectations",
    "Location or remote terms",
    "Role already filled",
    "Not the right level",
    "Duplicate",
    "Other",
)
"""What ``R`` offers, keys ``1``…``9`` in order; ``[triage] reject_reasons`` replaces them."""
MAX_REJECT_REASONS = 9


def _reject_reasons(table: dict[str, Any], notices: list[str]) -> tuple[str, ...]:
    value = table.get("reject_reasons")
    if value is None:
        return DEFAULT_REJECT_REASONS
    if (
        isinstance(value, list)
        and 0 < len(value) <= MAX_REJECT_REASONS
        and all(isinstance(v, str) and 0 < len(v.strip()) <= 100 for v in value)
    ):
        return tuple(v.strip() for v in value)
    notices.append(
        f"[triage] reject_reasons = {value!r} is not a list of 1 to 9 short texts; "
        "the default reasons are used"
    )
    return DEFAULT_REJECT_REASONS


FILTER_KEYS = tuple(f.name for f in dataclasses.fields(FeedFilters))
"""The ``[feed]`` keys the app owns: others in that table are left as written."""


@dataclass
class Preferences:
    path: Path | None
    filters: FeedFilters = field(default_factory=FeedFilters)
    theme: str | None = None
    keys: dict[str, Any] = field(default_factory=dict)
    """``[keys]`` as written: binding id -> key(s); checked by ``tui.keymap``."""
    reject_reasons: tuple[str, ...] = DEFAULT_REJECT_REASONS
    """``[triage] reject_reasons``: what ``R`` offers."""
    notices: list[str] = field(default_factory=list)
    """What was ignored while reading, one sentence each, for the person to read."""
    report: Callable[[str], None] | None = None
    """Where a failed save is said (the app's notifications)."""
    bell: bool = False
    """``[ui] bell = true``: the terminal bell rings with a new message's notice."""

    @classmethod
    def load(cls, path: Path, *, kiosk: bool) -> Preferences:
        if kiosk:
            return cls(None)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            return cls(path)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            return cls(
                path,
                notices=[
                    f"{path} could not be read ({exc}): started with the defaults "
                    "(bundled server, no filters, default theme and keys)"
                ],
            )
        notices: list[str] = []
        ui = _table(data, "ui", notices)
        theme = ui.get("theme")
        if theme is not None and not isinstance(theme, str):
            notices.append(f"[ui] theme = {theme!r} is not a name; ignored")
            theme = None
        bell = ui.get("bell", False)
        if not isinstance(bell, bool):
            notices.append(f"[ui] bell = {bell!r} is not true or false; ignored")
            bell = False
        return cls(
            path,
            _feed_filters(_table(data, "feed", notices), notices),
            theme,
            _flat(_table(data, "keys", notices)),
            _reject_reasons(_table(data, "triage", notices), notices),
            notices,
            bell=bell,
        )

    def save_filters(self, filters: FeedFilters) -> None:
        self.filters = filters
        self._write_table("feed", filters.to_table(), owned=FILTER_KEYS)

    def save_theme(self, theme: str) -> None:
        if theme == self.theme:
            return
        self.theme = theme
        self._write_table("ui", {"theme": theme}, owned=("theme",))

    def _write_table(self, name: str, values: dict[str, Any], *, owned: Iterable[str]) -> None:
        """Set the table's values in the file as it is now: the app's keys that are no
        longer set go, everything else (other keys, comments, order) stays."""
        if self.path is None:
            return
        import tomlkit
        from tomlkit.exceptions import TOMLKitError
        from tomlkit.items import Table

        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        except (OSError, UnicodeDecodeError) as exc:
            self._not_saved(f"it could not be read ({exc})")
            return
        try:
            document = tomlkit.parse(text)
        except TOMLKitError as exc:
            self._not_saved(f"it has an error ({exc}); fix or remove it")
            return
        table = document.get(name)
        if not isinstance(table, Table):
            document[name] = values
        else:
            for key in owned:
                if key not in values and key in table:
                    del table[key]
            for key, value in values.items():
                _set(table, key, value)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(tomlkit.dumps(document), encoding="utf-8")
        os.replace(tmp, self.path)

    def _not_saved(self, why: str) -> None:
        if self.report is not None:
            self.report(f"Not saved in {self.path}: {why}.")


def _set(table: Any, key: str, value: Any) -> None:
    """A new key goes after the table's last key, not after the comments and blank lines
    that end it (they introduce the next table). tomlkit has no public call for that."""
    keys = list(table)
    if key in table or not keys:
        table[key] = value
    else:
        table.value._insert_after(keys[-1], key, value)
