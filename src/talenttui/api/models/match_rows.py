"""The feed's rows: what the list draws, parsed once; each whole match kept packed.

100,000 pydantic ``Match`` models held ~500 MiB (4.9 KiB and 15 tracked objects each).
A ``MatchRow`` keeps the id, status, score and the list's text (one string), and points
into its page: the page's matches as the server sent them, as one compressed JSON blob
shared by its rows. The whole ``Match`` is parsed again (``MatchRow.full``) only for the
row under the cursor, a dialog or an action, and the last few are kept parsed.
"""

from __future__ import annotations

import json
import sys
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from talenttui.api.models.matches import Match, MatchPage, Pagination, StatusCounts

SEP = "\x1f"
"""Between the fields of ``MatchRow.line`` (a control character: server text never keeps
one, ``sanitize`` and the list's fitting replace them)."""
PARSED_KEPT = 256
"""Whole matches kept parsed: a screen of rows and the marks of a batch, re-read free."""


class PackedPage:
    """One page's matches as the server sent them, compressed (~1/5 of the JSON)."""

    __slots__ = ("_data",)

    def __init__(self, raw: Sequence[Any]) -> None:
        text = json.dumps(list(raw), separators=(",", ":"), ensure_ascii=False)
        self._data = zlib.compress(text.encode(), 6)

    def __len__(self) -> int:
        """Bytes held."""
        return len(self._data)

    def unpacked(self) -> list[Any]:
        return _unpacked(self)


@lru_cache(maxsize=4)
def _unpacked(page: PackedPage) -> list[Any]:
    """A page's matches, kept for the next rows of the same page (a cursor walks a page)."""
    found: list[Any] = json.loads(zlib.decompress(page._data))
    return found


@lru_cache(maxsize=PARSED_KEPT)
def _parsed(page: PackedPage, position: int) -> Match:
    return Match.model_validate(page.unpacked()[position])


@dataclass(frozen=True, slots=True)
class MatchRow:
    """One line of the feed. ``status`` and ``reject_reason`` are what is drawn (an
    optimistic action changes them); the rest is the server's."""

    id: str
    line: str
    """Name, headline, location and top skills, joined by ``SEP``."""
    match_score: int
    status: str
    reject_reason: str | None
    page: PackedPage
    position: int

    def _field(self, index: int) -> str:
        return self.line.split(SEP, 4)[index]

    @property
    def name(self) -> str:
        return self._field(0)

    @property
    def headline(self) -> str:
        return self._field(1)

    @property
    def location(self) -> str:
        return self._field(2)

    @property
    def skills(self) -> str:
        """The top three skills, by weight, comma-separated."""
        return self._field(3)

    @property
    def user_id(self) -> str | None:
        """The other party's id, from the whole match (parsed, then kept)."""
        return self.full().user_id

    @property
    def contact_email(self) -> str | None:
        """From the whole match: shown once the recruiter has accepted."""
        return self.full().contact_email

    def full(self) -> Match:
        """The whole match, with this row's status and reject reason."""
        match = _parsed(self.page, self.position)
        if match.status != self.status or match.reject_reason != self.reject_reason:
            match = match.model_copy(
                update={"status": self.status, "reject_reason": self.reject_reason}
            )
        return match

    def with_status(self, status: str, reason: str | None = None) -> MatchRow:
        return replace(self, status=sys.intern(status), reject_reason=reason)

    @classmethod
    def of(cls, match: Match) -> MatchRow:
        """A row for a match made here (tests, a match not from a page)."""
        return match_rows([match])[0]


def _line(match: Match) -> str:
    profile = match.profile
    fields = (
        match.name,
        profile.headline if profile else "",
        (profile.location or "") if profile else "",
        ", ".join(match.top_skills(3)),
    )
    return SEP.join(field.replace(SEP, " ") for field in fields)


def match_rows(matches: Sequence[Match], raw: Sequence[Any] | None = None) -> list[MatchRow]:
    """Rows for validated matches; ``raw``: the same matches as the server sent them
    (packed as they are, cheaper than dumping the models again)."""
    if raw is None:
        raw = [match.model_dump(mode="json") for match in matches]
    page = PackedPage(raw)
    intern = sys.intern
    return [
        MatchRow(
            match.id,
            _line(match),
            match.match_score,
            intern(match.status),
            match.reject_reason,
            page,
            position,
        )
        for position, match in enumerate(matches)
    ]


@dataclass(frozen=True)
class MatchRowPage:
    """``GET /v1/matches/{userId}`` for the feed: rows, not models."""

    matches: list[MatchRow]
    pagination: Pagination
    counts: StatusCounts | None


def parse_row_page(payload: Any) -> MatchRowPage:
    """Validated as a ``MatchPage`` (the same rules as every read), then packed into rows;
    the page's models are dropped here."""
    page = MatchPage.model_validate(payload)
    raw = payload.get("matches") if isinstance(payload, Mapping) else None
    if not isinstance(raw, list) or len(raw) != len(page.matches):
        raw = None
    return MatchRowPage(match_rows(page.matches, raw), page.pagination, page.counts)
