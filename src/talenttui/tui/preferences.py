"""What the app remembers in ``config.toml``: the feed's filters (``[feed]``) and the theme (``[ui]``).

Only those two tables are rewritten; the rest of the file (``server = …``, comments) is kept
as the person wrote it. Kiosk mode keeps everything in memory.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
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


@dataclass
class Preferences:
    path: Path | None
    filters: FeedFilters = field(default_factory=FeedFilters)
    theme: str | None = None

    @classmethod
    def load(cls, path: Path, *, kiosk: bool) -> Preferences:
        if kiosk:
            return cls(None)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except (OSError, tomllib.TOMLDecodeError):
            return cls(path)
        feed = data.get("feed")
        ui = data.get("ui")
        theme = ui.get("theme") if isinstance(ui, dict) else None
        return cls(
            path,
            FeedFilters.from_table(feed) if isinstance(feed, dict) else FeedFilters(),
            theme if isinstance(theme, str) else None,
        )

    def save_filters(self, filters: FeedFilters) -> None:
        self.filters = filters
        self._write_table("feed", filters.to_table())

    def save_theme(self, theme: str) -> None:
        if theme == self.theme:
            return
        self.theme = theme
        self._write_table("ui", {"theme": theme})

    def _write_table(self, name: str, table: dict[str, Any]) -> None:
        if self.path is None:
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = ""
        block = f"[{name}]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items())
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(replace_table(text, name, block), encoding="utf-8")
        os.replace(tmp, self.path)


def _toml_value(value: Any) -> str:
    """Strings, integers and lists of strings: JSON's spelling is valid TOML for these."""
    return json.dumps(value, ensure_ascii=False)


_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)


def replace_table(text: str, name: str, block: str) -> str:
    """``text`` with the table ``[name]`` replaced by ``block`` (appended if absent)."""
    header = re.search(rf"^[ \t]*\[{re.escape(name)}\][ \t]*$", text, re.MULTILINE)
    if header is None:
        sep = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        return text + sep + block
    following = _TABLE_HEADER.search(text, header.end())
    end = following.start() if following else len(text)
    rest = text[end:]
    return text[: header.start()] + block + ("\n" + rest if rest else "")
