"""The baseline for bench_terminal_keys.py: Textual's own DataTable with N rows, cursor in the middle."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Label

PLACES = ("Remote", "Berlin, Germany", "New York, NY")


class TableApp(App[None]):
    CSS = "DataTable { height: 1fr; }"
    """The table scrolls itself: at its full height the screen would, the label with it."""

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Label("datatable ready")
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table: DataTable[str] = self.query_one(DataTable)
        table.add_columns("Score", "Name", "Title", "Location")
        for i in range(self.rows):
            title = ("Senior " if i % 3 else "") + "Software Engineer"
            table.add_row(str(100 - i % 60), f"Candidate {i}", title, PLACES[i % 3])
        table.move_cursor(row=self.rows // 2)
        table.focus()


if __name__ == "__main__":
    TableApp(int(sys.argv[1]) if len(sys.argv) > 1 else 1000).run()
