"""The small blocks of text the panes share, each with its own look: a notice line (loading,
offline, refused), a section heading and a hint."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class Notice(Static):
    """One line a pane says about its data ("Loading…", "Offline: …", a refusal); hidden
    while there is nothing to say."""

    DEFAULT_CSS = """
    Notice {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    Notice.error {
        color: $error;
        text-style: bold;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)

    def say(self, text: str, *, error: bool = False) -> None:
        self.display = bool(text)
        self.set_class(error, "error")
        self.update(Content(text))


class Heading(Static):
    DEFAULT_CSS = """
    Heading {
        margin-top: 1;
        text-style: bold underline;
    }
    """


class Hint(Static):
    DEFAULT_CSS = """
    Hint {
        margin-top: 1;
        color: $text-muted;
    }
    """
