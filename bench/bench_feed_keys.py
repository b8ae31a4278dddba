"""Key-to-screen latency in the match feed's list at 1k, 10k and 100k rows, and memory.

Usage: .venv/bin/python bench/bench_feed_keys.py [--cycles 10] [--write]

What is measured: a headless app (``App.run_test(size=(120, 40))``) holding only the real
``MatchList``, filled with synthetic matches and focused, the cursor put on the middle row
(so no run reaches either end). Keys are replayed in cycles of 30 ``j``, 30 ``k``, 5
``pagedown`` and 5 ``pageup``: a held ``j`` first walks the cursor down the screen, then
scrolls one row a key; a page key scrolls a whole screen of rows that were never drawn.

For each key the clock starts just before the key event is handed to the app, as the
terminal driver hands it, and stops when the app next hands a finished screen update to
its output (``App._display``, wrapped here; it is called with the compositor's rendered
lines). That covers key dispatch, the binding's action, the cursor watcher, scrolling,
Textual's wait for its next refresh tick, ``render_line`` of every changed line (strip
cache or a fresh row) and compositing. It excludes writing the bytes to a terminal and
the terminal's drawing. The first cycle is a warm-up and is not counted.

Each size runs twice: with Python's garbage collector as it comes, and with the app's
policy (``talenttui.tui.gc_policy.settle_loaded_rows``, which the feed calls after every
page it loads: a young collection, then ``gc.freeze()``), which takes every object alive
then out of the collector's sight. The p99 of the first is set by full (generation 2)
collections, which walk every live object; the second is what the app does.

Memory is the process's VmRSS from /proc/self/status: before any rows, after building
the 100k rows (``MatchRow``, as the feed holds them), and with them shown in the app.
``bench_feed_memory.py`` measures the whole app with 100k rows in its feed.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from results_file import write_section
from textual.app import App, ComposeResult

from talenttui.api.models.match_rows import MatchRow, match_rows
from talenttui.api.models.matches import Match, MatchProfile, SkillWeight
from talenttui.tui.gc_policy import settle_loaded_rows
from talenttui.tui.widgets.match_list import MatchList

SECTION = "## Match feed keys"
SIZES = (1_000, 10_000, 100_000)
READING = """Reading it: the medians do not grow with the row count (most of a key is Textual's
refresh tick and compositing; the list's own `render_line` is a strip-cache hit for every
row but the newly shown ones), so the line-API list is flat from 1k to 100k rows. With
the garbage collector as it comes, the tails are its full collections: one walks every
live object (it took about 0.6 s when the rows were 100,000 pydantic `Match` models of 15
tracked objects each; a `MatchRow` is one), the maximum of the "default" rows. The app
freezes its rows after each page load
(`tui/gc_policy.py`), which is the "app (frozen)" row: the target p99 of 16.7 ms is for
that row. Single p99 figures move by 2-3x from run to run on a 2-CPU machine under other
load, so run it on a quiet machine and compare medians and maxima across runs."""
CYCLE = ("j",) * 30 + ("k",) * 30 + ("pagedown",) * 5 + ("pageup",) * 5
GROUPS = {"j": "j/k", "k": "j/k", "pagedown": "page", "pageup": "page"}


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(count: int) -> list[MatchRow]:
    """Rows as the feed holds them: packed a page of 100 at a time, as pages arrive."""
    rows: list[MatchRow] = []
    for start in range(0, count, 100):
        rows += match_rows(synthetic_models(start, min(count, start + 100)))
    return rows


def synthetic_models(start: int, end: int) -> list[Match]:
    skills = ["Python", "React", "SQL", "Go", "Kubernetes", "TypeScript"]
    return [
        Match(
            id=f"match_{i:016x}",
            profile=MatchProfile(
                name=f"Candidate {i}",
                title=("Senior " if i % 3 else "") + "Software Engineer",
                location=("Remote", "Berlin, Germany", "New York, NY")[i % 3],
            ),
            match_score=100 - i % 60,
            skills_matched=[
                SkillWeight(skill=skills[(i + k) % len(skills)], weight=0.9 - k * 0.2)
                for k in range(3)
            ],
            status=("new", "saved", "accepted")[i % 3],
        )
        for i in range(start, end)
    ]


class FeedListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MatchList(id="list")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(
    rows: list[MatchRow], cycles: int, *, freeze: bool
) -> tuple[dict[str, list[float]], float]:
    """Latencies in ms by key group, and VmRSS with the rows on screen."""
    app = FeedListApp()
    frames: list[float] = []
    latencies: dict[str, list[float]] = {group: [] for group in GROUPS.values()}
    async with app.run_test(size=(120, 40)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            frames.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        widget = app.query_one(MatchList)
        widget.set_matches(rows)
        widget.focus()
        widget.move_to(len(rows) // 2)
        await pilot.pause(0.2)
        if freeze:
            settle_loaded_rows()
        for cycle in range(cycles + 1):
            for key in CYCLE:
                seen = len(frames)
                started = time.perf_counter()
                await pilot.press(key)
                deadline = started + 5
                while len(frames) == seen:
                    if time.perf_counter() > deadline:
                        raise RuntimeError(f"no screen update after {key!r}")
                    await asyncio.sleep(0)
                if cycle:
                    latencies[GROUPS[key]].append((frames[seen] - started) * 1000)
        rss = rss_mib()
    if freeze:
        gc.unfreeze()
    return latencies, rss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cycles", type=int, default=10, help=f"of {len(CYCLE)} keys each")
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    baseline = rss_mib()
    header = [
        "| rows | GC | j/k p50 ms | j/k p99 ms | page p50 ms | page p99 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    lines: list[str] = []
    print("\n".join(header), flush=True)
    memory = ""
    for size in SIZES:
        rows = synthetic(size)
        built = rss_mib()
        for freeze in (False, True):
            latencies, shown = asyncio.run(measure(rows, args.cycles, freeze=freeze))
            steps, pages = latencies["j/k"], latencies["page"]
            line = (
                f"| {size:,} | {'app (frozen)' if freeze else 'default'}"
                f" | {statistics.median(steps):.2f} | {percentile(steps, 0.99):.2f}"
                f" | {statistics.median(pages):.2f} | {percentile(pages, 0.99):.2f}"
                f" | {max(steps + pages):.2f} |"
            )
            lines.append(line)
            print(line, flush=True)
            if size == SIZES[-1] and not freeze:
                memory = (
                    f"VmRSS: {baseline:.0f} MiB before any rows (Python, Textual, pydantic), "
                    f"{built:.0f} MiB with {size:,} rows built "
                    f"({(built - baseline) * 1024 / size:.1f} KiB a row), "
                    f"{shown:.0f} MiB with them shown in the list."
                )
        del rows
        gc.collect()
    per_size = len(CYCLE) * args.cycles
    summary = (
        f"{per_size} keys per run after a warm-up cycle ({per_size * 6 // 7} j/k, "
        f"{per_size // 7} page). {memory}"
    )
    print(summary)
    if args.write:
        section = (
            f"{SECTION}\n\n"
            f"`.venv/bin/python bench/bench_feed_keys.py --cycles {args.cycles} --write`, "
            f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average {load:.2f} at start; headless "
            "120x40, key handed to the app to finished screen update, as the script's "
            "docstring says.\n\n" + "\n".join(header + lines) + f"\n\n{summary}\n\n{READING}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
