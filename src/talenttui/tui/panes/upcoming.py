"""A tab whose screen is not built yet says so plainly, with what it will hold."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class UpcomingPane(Static):
    DEFAULT_CSS = """
    UpcomingPane {
        padding: 1 2;
        color: $text-muted;
    }
    """

    def __init__(self, title: str, plan: str, *, id: str | None = None) -> None:
        super().__init__(
            Content.assemble(
                (title, "bold"), "\n\n", plan, "\n\nThe match feed is ready: press 1."
            ),
            id=id,
        )
