"""What the profile editor and the first-run form share: a labelled field with its error
line under it, and the save through the outbox with the server's refusal shown at its field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label

from talenttui.tui.failures import ReportsFailures
from talenttui.tui.loading import act
from talenttui.tui.profile_form import field_of
from talenttui.tui.widgets.text_blocks import Notice

if TYPE_CHECKING:
    from talenttui.api.errors import ApiError
    from talenttui.api.models.profiles import ProfileChanges, UpdatedProfile
    from talenttui.tui.session import Session


def error_id(name: str) -> str:
    return "error-" + name.replace(".", "-").replace("_", "-")


def labelled(label: str, name: str, widget: Widget) -> ComposeResult:
    """The label, the field and its (empty until something is wrong) error line."""
    yield Label(label, classes="field-label")
    yield widget
    yield Label("", id=error_id(name), classes="field-error error")


class ProfileFormScreen(ReportsFailures, ModalScreen["UpdatedProfile | None"]):
    """Dismisses with the profile the server saved, or None (cancelled, or queued offline)."""

    CSS_PATH = "dialogs.tcss"
    FIELD_NAMES: tuple[str, ...] = ()
    """The fields this form shows errors for (server ``details.field`` names)."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._saving = False
        """A second ctrl+s while the first save is on its way stores nothing more."""

    def show_errors(self, errors: dict[str, str]) -> None:
        for name in self.FIELD_NAMES:
            line = self.query_one(f"#{error_id(name)}", Label)
            line.update(Content(errors.get(name, "")))
            line.display = name in errors
        first = next((name for name in self.FIELD_NAMES if name in errors), None)
        self.status("Fix the fields marked in red." if first else "", error=True)

    def status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#form-status", Notice).say(text, error=error)

    def save(self, changes: ProfileChanges, label: str) -> None:
        if not self._saving:
            self._saving = True
            self._store(changes, label)

    @work(group="profile-save", exit_on_error=False)
    async def _store(self, changes: ProfileChanges, label: str) -> None:
        from talenttui.api.endpoints.profiles import update_profile

        self.status("Saving…")
        await act(
            self.session,
            update_profile(changes),
            label=label,
            done=self._saved,
            failed=self._refused,
            waiting=self._queued,
        )

    def _saved(self, profile: UpdatedProfile) -> None:
        self.notify("Profile saved; your matches were recomputed.", title="Profile")
        self.dismiss(profile)

    def _refused(self, exc: ApiError) -> None:
        self._saving = False
        where = exc.details.get("field")
        name = field_of(where, self.FIELD_NAMES) if isinstance(where, str) else None
        if name is None:
            self.status(f"Not saved: {exc.message}", error=True)
            return
        self.show_errors({name: exc.message})
        self.status(f"Not saved: the server refused {where}.", error=True)

    def _queued(self) -> None:
        self.notify(
            "Offline: your profile will be saved when the server is back.", severity="warning"
        )
        self.dismiss(None)
