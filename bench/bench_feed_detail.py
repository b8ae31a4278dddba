"""Key to the last frame it causes, with the detail pane beside the list, against a DataTable.

Usage: .venv/bin/python bench/bench_feed_detail.py [--cycles 6] [--rows 1000,10000,100000] [--write]

``bench_feed_keys.py`` times the list alone, to its first frame. A person sees more: each
cursor move also redraws the detail pane beside it, and if that redraw re-lays-out the
screen it can land a frame or two later. Here, in one headless app at 120x40, three
layouts get the same keys (cycles of 30 ``down`` and 30 ``up`` from the middle row; the keys all three bind):

- ``DataTable``: Textual's own table with the same rows' name, title, place and score
  (the baseline a Textual user knows; the issue's goal is the feed within 1.2x its CPU);
- ``list``: the feed's line-API ``MatchList`` alone;
- ``list + detail``: the list beside the real ``MatchDetail``, following the cursor as the
  feed does (it watches the list's ``cursor`` and draws ``MatchDetail.show`` through a
  ``CursorRest``: at once after a pause, and only once the cursor rests while a key is
  held; the feed draws its counters line the same way, which this app does not have).

Each layout gets the keys two ways:

- ``pressed``: one key, then a wait until 60 ms pass with no screen update. The clock
  stops at the last screen update (``App._display``) before that quiet, so a late detail
  frame counts to its key, not to the next; CPU per key is ``time.process_time`` over the
  same span, read at that last frame (the quiet wait's polling is not counted).
- ``held``: a key every 33 ms, as a terminal repeats a held key (30 a second), handed to
  the app as its terminal driver hands keys (not through the pilot), each cycle
  of 60 keys followed by the same quiet wait. The figure per key is the time to the first
  screen update after it (the one that shows the cursor's move), CPU per key is the
  cycle's CPU to its last frame (the detail drawn at rest included) over its keys, and
  "rest" is the last key of a cycle to its last frame (the detail, for the list + detail).

The rows are frozen out of the garbage collector as the app does
(``gc_policy.settle_loaded_rows``).
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from typing import Any

from bench_feed_keys import percentile, synthetic
from results_file import write_section
from textual import events
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable

from talenttui.api.models.match_rows import MatchRow
from talenttui.tui.cursor_rest import CursorRest
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.widgets.match_detail import MatchDetail
from talenttui.tui.widgets.match_list import MatchList

SECTION = "## Match feed keys with the detail pane"
QUIET = 0.06
REPEAT = 0.033
MODES = ("pressed", "held")
CYCLE = ("down",) * 30 + ("up",) * 30
LAYOUTS = ("DataTable", "list", "list + detail")
READING = """Reading it: before 2026-12-01 the feed updated the detail from a posted message and
with a layout pass (its size could change): "list + detail" at 1,000 rows measured 48.8
ms p50 / 90.6 ms p99 to the last frame and 6.7x the DataTable's CPU, then, drawn in the
cursor's frame without layout, 9.6 ms / 44.3 ms and 2.4x (drawing the pane's 40 lines
each key). The pane now follows the cursor at once after a pause ("pressed": each key
still draws it, so that row stays over the DataTable) and, while a key is held, once
the cursor rests 50 ms ("held": a key draws the list's changed lines, and the detail
comes once, "rest" after the last key; the feed's counters line waits with it). Since
then the pane draws with the line API: a match's lines are rendered once per width (the
last 64 kept) and a move repaints only the lines that differ. The cycles walk the same
31 rows down and up, so after the first their "pressed" keys find every match rendered;
a first visit still renders it (about what the `Static` cost: walking 180 new rows
measured the same CPU per key on both, most of it the list scrolling)."""


class FeedApp(App[None]):
    CSS = """
    #list { width: 3fr; }
    MatchDetail { width: 2fr; min-width: 30; padding: 0 1; border-left: vkey $primary; }
    """

    def __init__(self, layout: str, rows: list[MatchRow]) -> None:
        super().__init__()
        self.layout = layout
        self.rows = rows

    def compose(self) -> ComposeResult:
        if self.layout == "DataTable":
            yield DataTable(id="list", cursor_type="row")
            return
        with Horizontal():
            yield MatchList(id="list")
            if self.layout == "list + detail":
                yield MatchDetail(id="detail")

    def fill(self) -> None:
        if self.layout == "DataTable":
            table: DataTable[str] = self.query_one(DataTable)
            table.add_columns("Name", "Title", "Location", "Score")
            for m in self.rows:
                table.add_row(m.name, m.headline, m.location, str(m.match_score))
            table.move_cursor(row=len(self.rows) // 2)
            table.focus()
            return
        widget = self.query_one(MatchList)
        widget.set_matches(self.rows)
        widget.focus()
        widget.move_to(len(self.rows) // 2)

    def on_mount(self) -> None:
        if self.layout == "list + detail":
            rows = self.query_one(MatchList)
            detail = self.query_one(MatchDetail)
            rest = CursorRest(
                detail, lambda: detail.show(rows.current.full() if rows.current else None)
            )
            self.watch(rows, "cursor", rest.moved)


def send_key(app: App[None], key: str) -> None:
    """As the terminal driver hands a key over: no wait for the app to be idle (the
    pilot's ``press`` waits ~60 ms a key, slower than a held key repeats)."""
    event = events.Key(key, None)
    event.set_sender(app)
    assert app._driver is not None
    app._driver.send_message(event)


async def quiet(frames: list[float], seen: int, started: float) -> None:
    """Until a frame after ``seen`` and then ``QUIET`` with none."""
    while len(frames) == seen or time.perf_counter() - frames[-1] < QUIET:
        if time.perf_counter() - started > 10:
            raise RuntimeError("no screen update")
        await asyncio.sleep(0.002)


async def measure(
    layout: str, rows: list[MatchRow], cycles: int, mode: str
) -> tuple[list[float], list[float], list[float]]:
    """Milliseconds to the key's frame (see the docstring), CPU milliseconds per key, and
    milliseconds from a held cycle's last key to its last frame."""
    app = FeedApp(layout, rows)
    frames: list[float] = []
    frame_cpu: list[float] = []
    latencies: list[float] = []
    cpu: list[float] = []
    rests: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            frames.append(time.perf_counter())
            frame_cpu.append(time.process_time())

        app._display = display  # type: ignore[method-assign]
        app.fill()
        await pilot.pause(0.3)
        settle_loaded_rows()
        for cycle in range(cycles + 1):
            if mode == "held":
                seen = len(frames)
                first, cpu_started = time.perf_counter(), time.process_time()
                sent: list[float] = []
                for index, key in enumerate(CYCLE):
                    await asyncio.sleep(max(0.0, first + index * REPEAT - time.perf_counter()))
                    sent.append(time.perf_counter())
                    send_key(app, key)
                await pilot.pause()
                await quiet(frames, seen, first)
                if cycle:
                    drawn = frames[seen:]
                    for at in sent:
                        after = drawn[bisect.bisect_left(drawn, at)] if drawn[-1] >= at else at
                        latencies.append((after - at) * 1000)
                    cpu.append((frame_cpu[-1] - cpu_started) * 1000 / len(CYCLE))
                    rests.append((frames[-1] - sent[-1]) * 1000)
                continue
            for key in CYCLE:
                seen = len(frames)
                started, cpu_started = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await quiet(frames, seen, started)
                if cycle:
                    latencies.append((frames[-1] - started) * 1000)
                    cpu.append((frame_cpu[-1] - cpu_started) * 1000)
    return latencies, cpu, rests


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cycles", type=int, default=6, help=f"of {len(CYCLE)} keys each")
    parser.add_argument("--rows", default="1000,10000,100000", help="row counts, comma-separated")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    header = [
        "| rows | keys | layout | to frame p50 ms | p99 ms | p99 vs DataTable ms"
        " | CPU/key ms | CPU vs DataTable | rest ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines: list[str] = []
    print("\n".join(header), flush=True)
    for size in (int(n) for n in args.rows.split(",")):
        rows = synthetic(size)
        for mode in MODES:
            base_cpu = base_p99 = 0.0
            for layout in LAYOUTS:
                latencies, cpu, rests = asyncio.run(measure(layout, rows, args.cycles, mode))
                cpu_p50, p99 = statistics.median(cpu), percentile(latencies, 0.99)
                base_cpu, base_p99 = base_cpu or cpu_p50, base_p99 or p99
                rest = f"{statistics.median(rests):.0f}" if rests else "-"
                line = (
                    f"| {size:,} | {mode} | {layout} | {statistics.median(latencies):.1f}"
                    f" | {p99:.1f} | {p99 - base_p99:+.1f} | {cpu_p50:.1f}"
                    f" | {cpu_p50 / base_cpu:.2f}x | {rest} |"
                )
                lines.append(line)
                print(line, flush=True)
    if args.write:
        section = (
            f"{SECTION}\n\n"
            f"`.venv/bin/python bench/bench_feed_detail.py --cycles {args.cycles} --rows "
            f"{args.rows} --write`, {datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average {load:.2f} at start; headless 120x40, "
            "pressed: key to the last frame before 60 ms of quiet; held: a key every 33 ms, "
            "key to the next frame; as the script's docstring says.\n\n"
            + "\n".join(header + lines)
            + f"\n\n{READING}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
