"""Addresses pasted as a list (commas, semicolons, spaces or newlines between them), each
bad one named by its line in words ("line 2: 'bob@' is not an email address").

The check is the shape only (one ``@``, a local part, a dotted domain, no spaces): the
server judges every address it is sent, and its refusal is named by line too."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATORS = re.compile(r"[,;\s]+")
_SHAPE = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")


@dataclass(frozen=True)
class Address:
    line: int
    """1-based, as a person counts the lines they pasted."""
    text: str


@dataclass(frozen=True)
class EmailList:
    good: list[Address]
    bad: list[Address]

    @property
    def emails(self) -> list[str]:
        return [a.text for a in self.good]

    def problems(self) -> list[str]:
        return [f"line {a.line}: '{a.text}' is not an email address" for a in self.bad]

    def line_of(self, index: int) -> Address | None:
        """The address sent at ``emails[index]`` (how the server names a refusal)."""
        return self.good[index] if 0 <= index < len(self.good) else None


def parse_email_list(text: str) -> EmailList:
    good: list[Address] = []
    bad: list[Address] = []
    for number, line in enumerate(text.splitlines(), 1):
        for token in _SEPARATORS.split(line):
            if token:
                (good if _SHAPE.fullmatch(token) else bad).append(Address(number, token))
    return EmailList(good, bad)
