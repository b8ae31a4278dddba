"""A new account's first screen: title, skills and location, so the matching engine has
something to go on and the feed is not empty. The editor (``e`` on Profile) has the rest."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from talenttui.tui.dialogs.profile_form_screen import ProfileFormScreen, labelled
from talenttui.tui.profile_form import first_run_changes
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.text_blocks import Notice

FIRST_RUN_FIELDS = ("title", "skills", "location")


class FirstRunScreen(ProfileFormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save_first_run", "Save", id="first_run.save"),
        Binding("escape", "cancel", "Later", id="first_run.later"),
    ]
    FIELD_NAMES = FIRST_RUN_FIELDS
    AUTO_FOCUS = "#first-title"
    """Textual's own focus when the screen shows: a ``focus()`` in ``on_mount`` could lose
    to the screen's auto focus and leave the title unfocused (seen about 1 run in 6)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog compact", id="first-run-box"):
            yield Label("Welcome! Three things to find your matches", classes="dialog-title")
            yield from labelled(
                "Your title", "title", Input(placeholder="e.g. Backend Developer", id="first-title")
            )
            yield from labelled(
                "Skills (separated by commas)",
                "skills",
                Input(placeholder="e.g. Python, SQL, Docker", id="first-skills"),
            )
            yield from labelled(
                "Location",
                "location",
                Input(placeholder="e.g. Berlin, Germany", id="first-location"),
            )
            yield Notice(id="form-status")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="first-save")
                yield Button("Later", id="first-later")
            yield Label(
                "enter or ctrl+s: save  ·  escape: later (Profile, e edits)",
                classes="dialog-help",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_errors({})
        self.status("")

    @on(Input.Submitted)
    @on(Button.Pressed, "#first-save")
    def action_save_first_run(self) -> None:
        result = first_run_changes(
            self.query_one("#first-title", Input).value,
            self.query_one("#first-skills", Input).value,
            self.query_one("#first-location", Input).value,
        )
        self.show_errors(result.errors)
        if result.changes is not None:
            self.save(result.changes, "save your first profile")

    @on(Button.Pressed, "#first-later")
    def action_cancel(self) -> None:
        self.dismiss(None)
