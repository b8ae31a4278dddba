"""A side list people can work through: a search field (skilldeo's ``search_param``), a
status filter, the count ("100 of 340 interviews · completed"), and pages of 100 read
with ``top``/``skip``, the next one asked for 25 rows before the end (``hasMore``).

The pane that holds it does the reading: the list posts ``Wanted`` with the ``skip`` to
read, and the pane hands the answer back to ``show_page``. A new search or filter starts
a new generation, so a late page of the old one is dropped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from talenttui.tui.widgets.text_blocks import Notice

T = TypeVar("T")
PAGE = 100
"""The most skilldeo sends in one page."""
AHEAD = 25
"""Rows before the end at which the next page is asked for."""


@dataclass(frozen=True)
class PageQuery:
    search: str
    status: str | None
    skip: int
    generation: int
    refresh: bool
    """From the network, not the cache: asked for (``f5``), or a page past the first."""


class PagedList(Vertical, Generic[T]):
    DEFAULT_CSS = """
    PagedList { height: 1fr; }
    PagedList > Input { margin: 0 1; }
    PagedList > OptionList { border: none; height: 1fr; }
    """

    class Wanted(Message):
        """Read this page (``query.skip == 0``: the first, for a new search or filter)."""

        def __init__(self, paged: PagedList[object], page: PageQuery) -> None:
            super().__init__()
            self.paged = paged
            self.page = page

        @property
        def control(self) -> PagedList[object]:
            return self.paged

    def __init__(
        self,
        *,
        noun: str,
        statuses: tuple[str | None, ...],
        option: Callable[[T], Option],
        options_id: str,
        placeholder: str,
        notice_id: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._noun = noun
        self._statuses = statuses
        self._option = option
        self.options = OptionList(id=options_id)
        self.search_field = Input(placeholder=placeholder, compact=True)
        self.search_field.can_focus = False
        """Out of the tab order (tab goes list to list): ``/`` focuses it."""
        self.notice = Notice(id=notice_id)
        self.rows: list[T] = []
        self.total: int | None = None
        self.has_more = False
        self.search = ""
        self.status: str | None = statuses[0]
        self._generation = 0
        self._asked: int | None = None
        """The ``skip`` of the page being read, if one is."""

    def compose(self) -> ComposeResult:
        yield self.search_field
        yield self.options
        yield self.notice

    def restart(self, *, refresh: bool = False) -> None:
        """A new search or filter (or ``f5``): the first page again."""
        self._generation += 1
        self._ask(0, refresh=refresh)

    def _ask(self, skip: int, *, refresh: bool) -> None:
        self._asked = skip
        wanted = PageQuery(self.search, self.status, skip, self._generation, refresh)
        self.post_message(self.Wanted(self, wanted))  # type: ignore[arg-type]

    def show_page(
        self, query: PageQuery, records: Sequence[T], has_more: bool | None, total: int | None
    ) -> bool:
        """The answer to ``query``; False (and nothing changed) when it is stale."""
        if query.generation != self._generation or query.skip not in (0, len(self.rows)):
            return False
        self._asked = None
        self.has_more = bool(has_more)
        self.total = total
        if query.skip == 0:
            self.rows = list(records)
            self.options.set_options(self._option(r) for r in self.rows)
            if self.options.has_focus:
                self._cursor_on_first()
        else:
            self.rows.extend(records)
            self.options.add_options(self._option(r) for r in records)
        self.say_count()
        return True

    def failed(self, text: str) -> None:
        self._asked = None
        self.notice.say(text, error=True)

    def say_count(self, extra: str = "") -> None:
        shown = len(self.rows)
        total = self.total if self.total is not None else shown
        noun = self._noun.removesuffix("s") if total == 1 else self._noun
        parts = [f"{shown} of {total} {noun}" if total > shown else f"{total} {noun}"]
        if self.status:
            parts.append(self.status.replace("_", " "))
        if self.search:
            parts.append(f"“{self.search}”")
        if extra:
            parts.append(extra)
        self.notice.say(" · ".join(parts))

    def cycle_status(self) -> str | None:
        index = self._statuses.index(self.status) if self.status in self._statuses else 0
        self.status = self._statuses[(index + 1) % len(self._statuses)]
        self.restart()
        return self.status

    def refresh_option(self, index: int) -> None:
        """Redraw one row (a mark set or cleared)."""
        if 0 <= index < len(self.rows):
            self.options.replace_option_prompt_at_index(
                index, self._option(self.rows[index]).prompt
            )

    def focus_search(self) -> None:
        self.search_field.can_focus = True
        self.search_field.focus()

    @on(Input.Blurred)
    def _left(self) -> None:
        self.search_field.can_focus = False

    @on(OptionList.OptionHighlighted)
    def _near_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.has_more and self._asked is None and event.option_index >= len(self.rows) - AHEAD:
            self._ask(len(self.rows), refresh=True)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value.strip() != self.search:
            self.search = event.value.strip()
            self.restart()

    def _cursor_on_first(self) -> None:
        """A list with focus shows where its keys act: enter after a search lands on the
        first hit (nothing was highlighted, so `m` or `space` did nothing)."""
        if self.rows and self.options.highlighted is None:
            self.options.highlighted = 0

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.options.focus()
        self._cursor_on_first()
