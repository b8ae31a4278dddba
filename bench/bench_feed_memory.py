"""RSS of the app with 100,000 matches in its feed, beside the same process before them.

Usage: .venv/bin/python bench/bench_feed_memory.py [--rows 100000] [--write]

What is measured: the real app (``TalentApp``, headless 120x40 in this process) signed in
as Jane against a ``talenttui server --demo`` of its own, on the Matches tab with the
server's first page painted: that is the baseline. Then pages of 100 matches go into the
real feed the way a page from the network does (``MatchFeed._show_next_page``: the
feed's own call parses the JSON payload into rows at the edge, the triage overlay, the
list, the GC policy), until it holds ``--rows``. The payloads are the server's first
page, copied with new ids, names and scores, so each match has the fields (reasons,
skills, compatibility, profile) the server sends; the HTTP and the cache write of those
pages are left out (what they allocate is freed once the page is parsed). After the
load, the cursor walks 200 rows and jumps to the last (the detail pane parses the
row's whole match), and RSS (VmRSS from /proc/self/status) is read again.

The app runs in a child process of the bench that imports only what the app does (the
bench's server helpers import SQLAlchemy and FastAPI, ~70 MiB).

The GC figures are one full collection of the whole heap unfrozen, as Python would run it
without the app's policy (``tui/gc_policy.py``), before the load and after it.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from talenttui.api.client import Fresh
from talenttui.api.config import ClientConfig
from talenttui.tui.app import TalentApp
from talenttui.tui.panes.match_feed import PAGE_SIZE, MatchFeed

SECTION = "## Match feed memory"
TARGET_MIB = 120
READING = """Reading it: before 2026-12-01 the feed held one pydantic `Match` a row, 4.9 KiB
and 15 tracked objects each (about 500 MiB for 100,000). A
row is now a `MatchRow` (`api/models/match_rows.py`): a slotted dataclass with the id,
the status, the score and the list's text in one string, pointing into its page's
matches kept as compressed JSON (one blob a page); the whole `Match` is parsed for the
row under the cursor (the detail pane), a dialog or an action, and the last 256 stay
parsed. One tracked object a row instead of 15, yet 100,000 of them still add about
0.13 s to a full collection of the unfrozen heap (the GC columns), so the app keeps
freezing what is alive after each page (`tui/gc_policy.py`), which keeps those passes
out of a key's way."""


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def pages(template: list[dict[str, Any]], count: int, total: int) -> Any:
    """Payloads of ``PAGE_SIZE`` matches each, made from the server's own matches."""
    made = 0
    page = 1
    while made < count:
        rows = []
        for _ in range(min(PAGE_SIZE, count - made)):
            match = copy.deepcopy(template[made % len(template)])
            match["id"] = f"match_{made:016x}"
            match["user_id"] = f"user_{made:016x}"
            match["match_score"] = 100 - made % 60
            if match.get("profile"):
                match["profile"]["name"] = f"{match['profile'].get('name', '')} {made}"
            rows.append(match)
            made += 1
        page += 1
        pagination = {"total": total, "page": page, "per_page": PAGE_SIZE}
        yield {"matches": rows, "pagination": {**pagination, "total_pages": total // PAGE_SIZE}}


def full_collection_ms() -> float:
    """One full collection of everything alive, unfrozen (then frozen again, as the app
    keeps it)."""
    gc.unfreeze()
    started = time.perf_counter()
    gc.collect()
    spent = (time.perf_counter() - started) * 1000
    gc.freeze()
    return spent


async def measure(server: str, count: int) -> dict[str, float]:
    app = TalentApp(ClientConfig.load(server=server))
    figures: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        feed: MatchFeed | None = None
        deadline = time.monotonic() + 120
        while feed is None or not feed.match_list.matches or feed.fetching:
            if time.monotonic() > deadline:
                raise SystemExit("the feed did not load")
            await pilot.pause(0.1)
            found = app.screen.query(MatchFeed)
            feed = found.first() if found else None
        await pilot.pause(1.0)
        client = await app.client()
        first = await client.transport.request("GET", "/v1/matches/me", params={"limit": 100})
        template = first["matches"]
        figures["gc_before_ms"] = full_collection_ms()
        figures["baseline"] = rss_mib()
        started = time.perf_counter()
        for payload in pages(template, count, count):
            fresh = Fresh(feed._page_call(2).parse(payload), 0.0, "network")
            feed._show_next_page(fresh, time.monotonic())
        figures["load_s"] = time.perf_counter() - started
        await pilot.pause(0.5)
        figures["rows"] = len(feed.match_list.matches)
        gc.collect()
        figures["loaded"] = rss_mib()
        feed.match_list.focus()
        for _ in range(200):
            await pilot.press("j")
        await pilot.press("G")
        await pilot.pause(0.5)
        figures["walked"] = rss_mib()
        figures["gc_ms"] = full_collection_ms()
        app.exit()
    return figures


def measured_in_a_child(rows: int) -> dict[str, float]:
    """A server and a signed-in home, then the app's figures from a process of its own."""
    import serverproc
    from bench_startup import sign_in

    from talenttui.server.runner import free_port

    with tempfile.TemporaryDirectory(prefix="talenttui-bench-memory-") as tmp:
        home = Path(tmp)
        port = free_port()
        server = serverproc.start(home / "server", port)
        url = f"http://127.0.0.1:{port}"
        try:
            asyncio.run(sign_in(url, home / "app"))
            child = subprocess.run(
                [sys.executable, __file__, "--child", url, "--rows", str(rows)],
                env={**os.environ, "TALENTTUI_HOME": str(home / "app")},
                capture_output=True,
                text=True,
                check=True,
            )
        finally:
            serverproc.stop(server)
    figures: dict[str, float] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(asyncio.run(measure(args.child, args.rows))))
        return
    from results_file import write_section

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    figures = measured_in_a_child(args.rows)
    rows = int(figures["rows"])
    grown = figures["loaded"] - figures["baseline"]
    header = [
        "| rows | RSS before MiB | RSS loaded MiB | after walking MiB | per row"
        " | full GC before ms | full GC loaded ms |",
        "|---|---|---|---|---|---|---|",
    ]
    line = (
        f"| {rows:,} | {figures['baseline']:.0f} | {figures['loaded']:.0f}"
        f" | {figures['walked']:.0f} | {grown * 1024 * 1024 / max(1, rows):.0f} B"
        f" | {figures['gc_before_ms']:.0f} | {figures['gc_ms']:.0f} |"
    )
    verdict = (
        f"Loaded RSS {figures['loaded']:.0f} MiB against the target of {TARGET_MIB} MiB "
        f"({figures['loaded'] / TARGET_MIB:.2f}x); {rows // PAGE_SIZE} pages parsed and shown "
        f"in {figures['load_s']:.1f} s."
    )
    print("\n".join([*header, line]))
    print(verdict)
    if args.write:
        section = (
            f"{SECTION}\n\n"
            f"`.venv/bin/python bench/bench_feed_memory.py --rows {args.rows} --write`, "
            f"{datetime.now(UTC):%Y-%m-%d}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, load average {load} at start; the real app "
            "headless 120x40, as the script's docstring says.\n\n"
            + "\n".join([*header, line])
            + f"\n\n{verdict}\n\n{READING}\n"
        )
        write_section(SECTION, section)


if __name__ == "__main__":
    main()
