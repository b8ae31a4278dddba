"""The Profile tab: your profile as the server has it; ``e`` edits it, ``p`` uploads a photo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from talenttui.tui.loading import load_into
from talenttui.tui.messages import ProfileSaved
from talenttui.tui.panes.lazy import LazyPane
from talenttui.tui.text import age_text, bar
from talenttui.tui.widgets.text_blocks import Heading, Hint, Notice

if TYPE_CHECKING:
    from talenttui.api.client import Fresh
    from talenttui.api.errors import ApiError
    from talenttui.api.models.profiles import PhotoUploaded, Preferences, Profile, UpdatedProfile
    from talenttui.tui.session import Session

LEVELS = ("beginner", "intermediate", "advanced", "expert")
SKILL_NAME_WIDTH = 18


def level_bar(level: str) -> str:
    """Four steps, beginner to expert; an unknown level shows empty."""
    step = LEVELS.index(level) + 1 if level in LEVELS else 0
    return bar(step / len(LEVELS), len(LEVELS) * 2)


def years_text(years: float) -> str:
    shown = f"{years:g}"
    return f"{shown} yr" if years == 1 else f"{shown} yrs"


def render_head(profile: Profile) -> Content:
    parts: list[Content | str | tuple[str, str]] = [(profile.name or "(no name)", "bold")]
    if profile.title:
        parts += ["\n", profile.title]
    facts = [
        profile.location or "No location",
        "open to remote" if profile.remote_work else "on site",
        f"{years_text(profile.experience_years)} experience",
    ]
    parts += ["\n", (" · ".join(facts), "dim")]
    if profile.bio:
        parts += ["\n\n", profile.bio]
    return Content.assemble(*parts)


def render_skills(profile: Profile) -> Content:
    if not profile.skills:
        return Content.styled("No skills listed yet.", "dim")
    width = min(SKILL_NAME_WIDTH, max(len(s.name) for s in profile.skills))
    lines: list[Content | str | tuple[str, str]] = []
    for skill in profile.skills:
        name = skill.name if len(skill.name) <= width else skill.name[: width - 1] + "…"
        lines += [
            name.ljust(width),
            "  ",
            level_bar(skill.level),
            f"  {skill.level:<12} ",
            (years_text(skill.years), "dim"),
            "\n",
        ]
    return Content.assemble(*lines[:-1])


def render_links(profile: Profile) -> Content:
    rows: list[Content | str | tuple[str, str]] = []
    if profile.avatar:
        rows += [("Photo".ljust(14), "dim"), profile.avatar, "\n"]
    for name, url in profile.social_links.items():
        rows += [(name.ljust(14), "dim"), url, "\n"]
    if not rows:
        return Content.styled("No links or photo yet.", "dim")
    return Content.assemble(*rows[:-1])


def render_preferences(preferences: Preferences) -> Content:
    rows = [
        ("Role types", ", ".join(preferences.role_types)),
        ("Company sizes", ", ".join(preferences.company_sizes)),
        ("Industries", ", ".join(preferences.industries)),
    ]
    salary = preferences.salary_range
    if salary is not None:
        rows.append(("Salary", f"{salary.min:,} to {salary.max:,} {salary.currency}"))
    parts: list[Content | str | tuple[str, str]] = []
    for label, value in rows:
        parts += [(f"{label:<14}", "dim"), value or "any", "\n"]
    return Content.assemble(*parts[:-1])


def render_company(profile: Profile) -> Content:
    """A recruiter's company and its opening, the required skills as the skills are drawn."""
    role = profile.role
    rows = [
        ("Type", profile.type or ""),
        ("Size", profile.company_size or ""),
        ("Industry", profile.industry or ""),
        ("Logo", profile.logo or ""),
    ]
    if role is not None:
        where = role.location or "no place"
        remote = "remote" if role.remote else "on site"
        rows.append(("Opening", role.title or "(untitled)"))
        rows.append(("", f"{role.experience_level} · {role.role_type} · {remote} · {where}"))
        if role.salary_range is not None:
            salary = role.salary_range
            rows.append(("", f"{salary.min:,} to {salary.max:,} {salary.currency}"))
    parts: list[Content | str | tuple[str, str]] = []
    for label, value in rows:
        parts += [(f"{label:<14}", "dim"), value or "not set", "\n"]
    required = profile.required_skills or []
    width = min(SKILL_NAME_WIDTH, max((len(s.name) for s in required), default=0))
    parts += [("Requires", "dim")] if required else [("Requires      ", "dim"), "no skills yet"]
    for skill in required:
        name = skill.name if len(skill.name) <= width else skill.name[: width - 1] + "…"
        parts += ["\n", name.ljust(width), "  ", level_bar(skill.min_level)]
        parts += [f"  {skill.min_level:<12} ", (f"{years_text(skill.min_years)}+", "dim")]
        parts += [(f" · weight {skill.importance:g}", "dim")]
    return Content.assemble(*parts)


class ProfilePane(LazyPane, VerticalScroll):
    DEFAULT_CSS = Path(__file__).with_suffix(".tcss").read_text(encoding="utf-8")
    BINDINGS = [
        Binding("e", "edit", "Edit", id="profile.edit", tooltip="Edit every field"),
        Binding("p", "photo", "Photo", id="profile.photo", tooltip="Upload a photo from a file"),
        Binding("f5", "refresh", "Refresh", id="profile.refresh", tooltip="Reload your profile"),
    ]

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(session, id=id)
        self._notice = Notice(id="profile-notice")
        self.profile: Profile | None = None
        self._kiosk = True
        """No photo upload until the client says this is not kiosk mode (no file reads there)."""

    def compose(self) -> ComposeResult:
        yield self._notice
        yield Static("", id="profile-head", classes="profile-section")
        heading = Heading("Company and opening", id="profile-company-heading")
        company = Static("", id="profile-company", classes="profile-section")
        heading.display = company.display = False
        """Shown once the profile is in, when it is a company's (a recruiter's)."""
        yield heading
        yield company
        yield Heading("Skills")
        yield Static("", id="profile-skills", classes="profile-section")
        yield Heading("Preferences")
        yield Static("", id="profile-preferences", classes="profile-section")
        yield Heading("Links")
        yield Static("", id="profile-links", classes="profile-section")
        yield Hint(Content.styled("e: edit your profile", "dim"), id="profile-hint")

    def first_show(self) -> None:
        self._notice.say("Loading your profile…")
        self.load_profile()

    @work(group="profile", exclusive=True, exit_on_error=False)
    async def load_profile(self, *, refresh: bool = False) -> None:
        from talenttui.api.endpoints.profiles import get_profile

        call = get_profile()
        client = await self.session.client()
        if self._kiosk != client.config.kiosk:
            self._kiosk = client.config.kiosk
            self.refresh_bindings()
            hint = "e: edit your profile" + ("" if self._kiosk else "  ·  p: upload a photo")
            self.query_one("#profile-hint", Hint).update(Content.styled(hint, "dim"))
        await load_into(self.session, call, refresh=refresh, show=self._show, failed=self._failed)

    def _failed(self, exc: ApiError) -> None:
        self._notice.say(f"Cannot load your profile: {exc.message}", error=True)

    def _show(self, fresh: Fresh[Profile]) -> None:
        profile, first = fresh.data, self.profile is None
        self.profile = profile
        if first:
            self.refresh_bindings()  # `e` is offered once there is a profile to edit
        self.query_one("#profile-head", Static).update(render_head(profile))
        self.query_one("#profile-skills", Static).update(render_skills(profile))
        self.query_one("#profile-preferences", Static).update(
            render_preferences(profile.preferences)
        )
        self.query_one("#profile-links", Static).update(render_links(profile))
        company = self.query_one("#profile-company", Static)
        company.update(render_company(profile) if profile.is_company else "")
        for part in (company, self.query_one("#profile-company-heading")):
            part.display = profile.is_company
        offline = fresh.source == "offline"
        self._notice.say(
            f"Offline: your profile as of {age_text(fresh.age_seconds)}." if offline else ""
        )

    def action_refresh(self) -> None:
        self.load_profile(refresh=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "photo":
            return not self._kiosk
        if action == "edit":
            return self.profile is not None
        return True

    def action_edit(self) -> None:
        from talenttui.tui.dialogs.profile_editor import ProfileEditor

        if self.profile is not None:
            self.app.push_screen(ProfileEditor(self.session, self.profile), self._edited)

    def action_photo(self) -> None:
        from talenttui.tui.dialogs.photo_upload import PhotoUploadScreen

        if not self._kiosk:
            self.app.push_screen(PhotoUploadScreen(self.session), self._photo_uploaded)

    def _edited(self, saved: UpdatedProfile | None) -> None:
        if saved is not None:
            self.post_message(ProfileSaved())

    def _photo_uploaded(self, uploaded: PhotoUploaded | None) -> None:
        if uploaded is not None:
            self.load_profile(refresh=True)
