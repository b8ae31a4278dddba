"""Bulk triage on the feed: ``space`` marks a row, ``V`` marks from the last mark to the
cursor; ``a``/``r``/``s``/``R``/``i`` then act on every marked row, after a summary
("reject 12 (reason: Duplicate): enter to confirm"), and one ``u`` undoes the batch.
``R`` rejects with a reason picked by ``1``…``9`` (also without marks: the row under the
cursor, at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.widget import Widget

    from talenttui.api.models.match_rows import MatchRow
    from talenttui.api.models.matches import MatchActionName
    from talenttui.tui.session import Session
    from talenttui.tui.triage import Triager
    from talenttui.tui.widgets.match_list import MatchList

BATCH_BINDINGS = [
    Binding(
        "space", "mark", "Mark", id="feed.mark", show=False, tooltip="Mark this row for a batch"
    ),
    Binding(
        "V",
        "mark_range",
        "Mark range",
        id="feed.mark_range",
        show=False,
        tooltip="Mark every row from the last mark to the cursor",
    ),
    Binding(
        "R",
        "reject_reason",
        "Reject…",
        id="feed.reject_reason",
        show=False,
        tooltip="Reject with a reason (1…9)",
    ),
    Binding(
        "i",
        "invite",
        "Invite",
        id="feed.invite",
        show=False,
        tooltip="Invite to an interview (accepted matches)",
    ),
    Binding("escape", "clear_marks", "Unmark all", id="feed.clear_marks", show=False),
]

PAST = {"accept": "Accepted", "reject": "Rejected", "save": "Saved", "reset": "Reset"}


def batch_summary(action: MatchActionName, count: int, reason: str | None) -> str:
    text = f"{action.capitalize()} {count}"
    if reason:
        text += f" (reason: {reason})"
    return text + ": enter to confirm"


class FeedBatch:
    """The marks and the batches of one feed; the feed's actions delegate here."""

    def __init__(self, host: Widget, session: Session, rows: MatchList, triager: Triager):
        self._host = host
        self._session = session
        self._rows = rows
        self._triager = triager
        self._anchor: int | None = None

    @property
    def marked(self) -> list[MatchRow]:
        return self._rows.marked

    def mark(self) -> None:
        rows = self._rows
        rows.toggle_mark(rows.cursor)
        self._anchor = rows.cursor
        rows.move_to(rows.cursor + 1)

    def mark_range(self) -> None:
        rows = self._rows
        rows.mark_range(rows.cursor if self._anchor is None else self._anchor, rows.cursor)
        self._anchor = rows.cursor
        self._host.notify(f"{len(rows.marked)} marked.", timeout=2)

    def clear(self) -> None:
        self._rows.clear_marks()
        self._anchor = None

    def run(self, action: MatchActionName, reason: str | None = None) -> None:
        """The marked rows, after the summary; ``enter`` confirms."""
        from talenttui.tui.dialogs.confirm import ConfirmScreen

        matches = self.marked

        async def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            stored = await self._triager.act_on_all(matches, action, reason)
            self.clear()
            self._host.notify(
                f"{PAST[action]} {stored} of {len(matches)}. u undoes them all.", timeout=4
            )

        self._host.app.push_screen(
            ConfirmScreen(batch_summary(action, len(matches), reason)), confirmed
        )

    def reject_with_reason(self, current: MatchRow | None) -> None:
        from talenttui.tui.dialogs.reject_reason import RejectReasonScreen

        marked = self.marked
        if not marked and current is None:
            return
        who = f"{len(marked)} marked" if marked else current.name if current else ""
        title = f"Reject {who}: why?"

        async def picked(reason: str | None) -> None:
            if reason is None:
                return
            if marked:
                self.run("reject", reason)
            elif current is not None:
                await self._triager.act(current, "reject", None, reason)

        reasons = self._session.preferences.reject_reasons
        self._host.app.push_screen(RejectReasonScreen(title, reasons), picked)

    def invite(self, current: MatchRow | None) -> None:
        from talenttui.tui.dialogs.invite_matches import invite_matches

        rows = self.marked or ([current] if current is not None else [])
        if rows:
            invite_matches(self._host, self._session, [row.full() for row in rows])
