"""Key-to-screen latency in the match feed's list at 1k, 10k and 100k rows, and memory.

Usage: .venv/bin/python bench/bench_feed_keys.py [--keys 300] [--write]

What is measured: the app runs headless at 120x40 with the real ``MatchList`` filled
with synthetic matches. For each key (``j``, ``k`` and ``pagedown``, mixed so the list
scrolls), the clock starts when the key is handed to the app and stops when the app next
hands a finished screen update (the compositor's rendered lines) to its output: that is
``App._display``, wrapped here. It includes key dispatch, the action, the refresh of the
changed lines, ``render_line`` of every visible line that changed, and compositing; it
excludes the terminal's own drawing of the bytes. Textual coalesces refreshes, so one
key gives one update. RSS is the process's VmRSS after the 100k rows are shown, next to
a baseline taken before any rows exist.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult

from talenttui.api.models.matches import Match, MatchProfile, SkillWeight
from talenttui.tui.widgets.match_list import MatchList

RESULTS = Path(__file__).with_name("RESULTS.md")
SIZES = (1_000, 10_000, 100_000)
PATTERN = ("j",) * 6 + ("pagedown",) + ("k",) * 2


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(count: int) -> list[Match]:
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
        for i in range(count)
    ]


class FeedListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield MatchList(id="list")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def measure(rows: list[Match], keys: int) -> tuple[list[float], float]:
    app = FeedListApp()
    frames: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            frames.append(time.perf_counter())
            original(screen, renderable)

        app._display = display  # type: ignore[method-assign]
        app.query_one(MatchList).set_matches(rows)
        await pilot.pause(0.2)
        await pilot.press(*PATTERN * 3)  # warm-up: first renders build caches
        await pilot.pause(0.1)
        latencies: list[float] = []
        gc.collect()
        for n in range(keys):
            key = PATTERN[n % len(PATTERN)]
            seen = len(frames)
            started = time.perf_counter()
            await pilot.press(key)
            while len(frames) == seen:
                await asyncio.sleep(0)
            latencies.append((frames[seen] - started) * 1000)
        rss = rss_mib()
    return latencies, rss


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keys", type=int, default=300)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args()
    baseline = rss_mib()
    lines = ["| rows | p50 ms | p99 ms | max ms | RSS MiB |", "|---|---|---|---|---|"]
    for size in SIZES:
        rows = synthetic(size)
        latencies, rss = asyncio.run(measure(rows, args.keys))
        line = (
            f"| {size:,} | {statistics.median(latencies):.2f} | {percentile(latencies, 0.99):.2f}"
            f" | {max(latencies):.2f} | {rss:.0f} |"
        )
        lines.append(line)
        print(line, flush=True)
        del rows
        gc.collect()
    summary = (
        f"{args.keys} keys per size ({'/'.join(PATTERN)} repeated); RSS before any rows: "
        f"{baseline:.0f} MiB (Python, Textual and pydantic loaded)."
    )
    print(summary)
    if args.write:
        section = (
            "## Match feed keys\n\n"
            f"`.venv/bin/python bench/bench_feed_keys.py --keys {args.keys}`, "
            f"{datetime.now(UTC):%Y-%m-%d}, headless 120x40; key-to-frame as the script's "
            "docstring says.\n\n" + "\n".join(lines) + "\n\n" + summary + "\n"
        )
        text = RESULTS.read_text(encoding="utf-8")
        start = text.find("## Match feed keys")
        if start == -1:
            text = text.rstrip("\n") + "\n\n" + section
        else:
            end = text.find("\n## ", start + 1)
            text = text[:start] + section + (text[end:] if end != -1 else "")
        RESULTS.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
