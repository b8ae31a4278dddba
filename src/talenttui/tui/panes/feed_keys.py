"""The match feed's keys, by id (users rebind them in ``[keys]``): triage, details,
filters, the status view, a message to the match's person, and the batch keys."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from talenttui.tui.panes.feed_batch import BATCH_BINDINGS

FEED_BINDINGS: list[BindingType] = [
    Binding("a", "accept", "Accept", id="feed.accept", tooltip="Accept, with an optional message"),
    Binding("r", "reject", "Reject", id="feed.reject"),
    Binding("s", "save", "Save", id="feed.save", tooltip="Keep for later"),
    Binding(
        "u",
        "undo",
        "Undo",
        id="feed.undo",
        tooltip="Undo the last action, or restore a rejected match",
    ),
    Binding("enter", "details", "Details", id="feed.details", tooltip="Full match details"),
    Binding(
        "slash",
        "filters",
        "Filter",
        id="feed.filters",
        tooltip="Skills, score, location, level, status",
    ),
    Binding(
        "v",
        "cycle_status",
        "Status",
        id="feed.status",
        tooltip="Cycle: new, saved, accepted, rejected, active",
    ),
    Binding("m", "message", "Message", id="feed.message", tooltip="Write to the match's person"),
    Binding("f5", "refresh", "Refresh", id="feed.refresh", show=False),
    *BATCH_BINDINGS,
]
