"""The feed's filters, as the reference's query parameters: skills, minimum score, location,
level, and the status shown (the active matches unless one is chosen)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from talenttui.tui.preferences import (
    DEFAULT_MIN_SCORE,
    EXPERIENCE_LEVELS,
    STATUS_VIEWS,
    FeedFilters,
)
from talenttui.tui.widgets.key_footer import KeyFooter


class FiltersScreen(ModalScreen[FeedFilters | None]):
    """Its keys are ones a text field leaves alone (``ctrl+x`` is the input's cut)."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="filters.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="filters.apply"),
        Binding("ctrl+r", "clear", "Clear all", id="filters.clear", tooltip="Remove every filter"),
    ]

    def __init__(self, filters: FeedFilters) -> None:
        super().__init__()
        self._filters = filters

    def compose(self) -> ComposeResult:
        f = self._filters
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Label("Filter matches", classes="dialog-title")
            yield Label("Skills (comma-separated)")
            yield Input(", ".join(f.skills), placeholder="React, Python", id="skills")
            yield Label("Minimum score (0-100)")
            yield Input(
                "" if f.min_score is None else str(f.min_score),
                placeholder=f"{DEFAULT_MIN_SCORE} (the default)",
                id="min-score",
                type="integer",
            )
            yield Label("Location (city, country or remote)")
            yield Input(f.location or "", placeholder="Remote", id="location")
            with Horizontal(classes="pair"):
                with Vertical():
                    yield Label("Experience level")
                    yield Select(
                        [(level, level) for level in EXPERIENCE_LEVELS],
                        value=f.experience_level or Select.NULL,
                        prompt="any",
                        id="level",
                    )
                with Vertical():
                    yield Label("Status shown")
                    yield Select(
                        [(status, status) for status in STATUS_VIEWS],
                        value=f.status or Select.NULL,
                        prompt="active",
                        id="status",
                    )
            yield Label("", id="filters-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Apply", variant="primary", id="apply")
                yield Button("Clear", id="clear")
                yield Button("Cancel", id="cancel")
        yield KeyFooter()

    def read(self) -> FeedFilters | None:
        skills = tuple(
            dict.fromkeys(
                s.strip() for s in self.query_one("#skills", Input).value.split(",") if s.strip()
            )
        )
        raw_score = self.query_one("#min-score", Input).value.strip()
        min_score: int | None = None
        if raw_score:
            if not raw_score.isdigit() or not 0 <= int(raw_score) <= 100:
                self.query_one("#filters-error", Label).update("The minimum score is 0 to 100.")
                return None
            min_score = int(raw_score)
        location = self.query_one("#location", Input).value.strip() or None
        level = self.query_one("#level", Select).value
        status = self.query_one("#status", Select).value
        return FeedFilters(
            skills=skills,
            min_score=min_score,
            location=location,
            experience_level=level if isinstance(level, str) else None,
            status=status if isinstance(status, str) else None,
        )

    @on(Input.Submitted)
    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        filters = self.read()
        if filters is not None:
            self.dismiss(filters)

    @on(Button.Pressed, "#clear")
    def action_clear(self) -> None:
        self.dismiss(FeedFilters())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
