"""The profile editor: every field of the reference's profile (and, on a recruiter's company
profile, the company and its opening), checked as the server checks it, saved through the
outbox; the server recomputes the person's matches on save."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, TextArea

from talenttui.tui.company_form import (
    COMPANY_FIELDS,
    CompanyValues,
    company_values_of,
    read_with_company,
)
from talenttui.tui.dialogs.profile_form_screen import ProfileFormScreen, labelled
from talenttui.tui.profile_form import FIELDS, FormValues, read_form, values_of
from talenttui.tui.text import literal
from talenttui.tui.widgets.key_footer import KeyFooter
from talenttui.tui.widgets.text_blocks import Heading, Notice

if TYPE_CHECKING:
    from talenttui.api.models.profiles import Profile
    from talenttui.tui.session import Session

INPUTS = (
    ("name", "Name", "your full name (required)"),
    ("title", "Title", "e.g. Backend Developer"),
    ("location", "Location", "e.g. Berlin, Germany"),
    ("experience_years", "Years of experience", "a whole number, 0 to 60"),
)
AREAS = (
    ("bio", "Bio", "bio"),
    ("skills", "Skills: one a line, name, level, years (React, expert, 5)", "skills"),
    ("social_links", "Links: one a line, name url (github https://github.com/you)", "social_links"),
)
CHOICES = (
    ("role_types", "Role types (full-time, part-time, contract, freelance, internship)"),
    ("company_sizes", "Company sizes (startup, small, medium, large, enterprise)"),
    ("industries", "Industries (comma-separated)"),
)
COMPANY_INPUTS = (
    ("type", "type", "Company type (startup, small, medium, large, enterprise)"),
    ("company_size", "company_size", "Company size (1-10, 11-50, 51-200, 201-1000, 1000+)"),
    ("industry", "industry", "Industry"),
    ("logo", "logo", "Logo URL (https://…)"),
    ("role_title", "role.title", "Opening: title"),
    ("experience_level", "role.experience_level", "Opening: level (junior, mid, senior, lead)"),
    ("role_type", "role.role_type", "Opening: type (full-time, part-time, contract, …)"),
    ("role_location", "role.location", "Opening: location"),
)
"""The ``CompanyValues`` attribute, the server's field name, the label."""
REQUIRED_SKILLS = "Required skills: one a line, name, min level, min years, importance 0-1"


def salary_fields(prefix: str, low: str, high: str, currency: str, error: str) -> ComposeResult:
    """Min, max and currency side by side, with the range's one error line."""
    with Horizontal(classes="pair"):
        for name, label, value in (
            ("salary_min", "Salary min", low),
            ("salary_max", "Salary max", high),
        ):
            with Vertical():
                yield Label(label, classes="field-label")
                yield Input(value, id=f"{prefix}{name}", type="integer")
        with Vertical():
            yield Label("Currency", classes="field-label")
            yield Input(currency, id=f"{prefix}currency", max_length=3)
    yield Label("", id=error, classes="field-error error")


def company_fields(values: CompanyValues) -> ComposeResult:
    yield Heading("Company and opening")
    for name, server_name, label in COMPANY_INPUTS:
        yield from labelled(label, server_name, Input(getattr(values, name), id=f"c-{name}"))
    yield Checkbox("The opening is remote", values.remote, id="c-remote")
    yield from salary_fields(
        "c-",
        values.salary_min,
        values.salary_max,
        values.currency,
        "error-role-salary-range",
    )
    area = TextArea(values.required_skills, id="c-required_skills", soft_wrap=True)
    yield from labelled(REQUIRED_SKILLS, "required_skills", area)


class ProfileEditor(ProfileFormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save_profile", "Save", id="profile_editor.save"),
        Binding("escape", "cancel", "Cancel", id="profile_editor.cancel"),
    ]
    AUTO_FOCUS = "#f-name"
    """Not Textual's first focusable widget, the scrolling box around the fields: typing
    right after ``e`` went nowhere, and the first ``tab`` landed on the name."""

    def __init__(self, session: Session, profile: Profile) -> None:
        super().__init__(session)
        self.profile = profile
        self.FIELD_NAMES = FIELDS + (COMPANY_FIELDS if profile.is_company else ())

    def compose(self) -> ComposeResult:
        values = values_of(self.profile)
        with Vertical(classes="dialog compact", id="editor-box"):
            yield Label("Edit your profile", classes="dialog-title")
            with VerticalScroll(id="editor-fields"):
                for name, label, placeholder in INPUTS:
                    field = Input(
                        str(getattr(values, name)), placeholder=placeholder, id=f"f-{name}"
                    )
                    yield from labelled(label, name, field)
                yield Checkbox("Open to remote work", values.remote_work, id="f-remote_work")
                yield Label("", id="error-remote-work", classes="field-error error")
                for name, label, _ in AREAS:
                    area = TextArea(str(getattr(values, name)), id=f"f-{name}", soft_wrap=True)
                    yield from labelled(label, name, area)
                for name, label in CHOICES:
                    field = Input(str(getattr(values, name)), id=f"f-{name}")
                    yield from labelled(label, f"preferences.{name}", field)
                yield from salary_fields(
                    "f-",
                    values.salary_min,
                    values.salary_max,
                    values.currency,
                    "error-preferences-salary-range",
                )
                if self.profile.is_company:
                    yield from company_fields(company_values_of(self.profile))
            yield Notice(id="form-status")
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="editor-save")
                yield Button("Cancel", id="editor-cancel")
            yield Label(
                literal("ctrl+s: save  ·  escape: cancel  ·  tab: next field"),
                classes="dialog-help",
            )
        yield KeyFooter()

    def on_mount(self) -> None:
        self.show_errors({})
        self.status("")
        self.call_after_refresh(self._top)

    def _top(self) -> None:
        """Focusing the name scrolled it to the top edge, its label out of sight."""
        self.query_one("#editor-fields", VerticalScroll).scroll_home(animate=False)

    def values(self) -> FormValues:
        values = FormValues()
        for name in ("name", "title", "location", "experience_years", "salary_min", "salary_max"):
            setattr(values, name, self.query_one(f"#f-{name}", Input).value)
        for name, _ in CHOICES:
            setattr(values, name, self.query_one(f"#f-{name}", Input).value)
        values.currency = self.query_one("#f-currency", Input).value
        for name, _, _ in AREAS:
            setattr(values, name, self.query_one(f"#f-{name}", TextArea).text)
        values.remote_work = self.query_one("#f-remote_work", Checkbox).value
        return values

    def company_values(self) -> CompanyValues:
        values = CompanyValues()
        for name, _, _ in COMPANY_INPUTS:
            setattr(values, name, self.query_one(f"#c-{name}", Input).value)
        for name in ("salary_min", "salary_max", "currency"):
            setattr(values, name, self.query_one(f"#c-{name}", Input).value)
        values.remote = self.query_one("#c-remote", Checkbox).value
        values.required_skills = self.query_one("#c-required_skills", TextArea).text
        return values

    @on(Button.Pressed, "#editor-save")
    def action_save_profile(self) -> None:
        result = (
            read_with_company(self.values(), self.company_values(), self.profile)
            if self.profile.is_company
            else read_form(self.values(), self.profile)
        )
        self.show_errors(result.errors)
        if result.changes is not None:
            self.save(result.changes, "save your profile")

    @on(Button.Pressed, "#editor-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
