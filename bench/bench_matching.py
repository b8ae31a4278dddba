"""Benchmark of the SkillSync matching engine: 10,000 candidates against 30 openings.

Run as `.venv/bin/python bench/bench_matching.py [--runs N] [--no-write]`. Profiles are
synthetic and deterministic (a seeded `random.Random`), so runs compare across machines.
A full recompute builds fresh profile objects (so their one-time preparation is timed)
and scores every pair. The figures go into bench/RESULTS.md under "## Matching engine".
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from talenttui.server.skillsync.matching import (
    SKILL_LEVELS,
    CandidateProfile,
    MatchResult,
    RoleProfile,
    match_candidate_to_role,
    score_many,
)

CANDIDATES = 10_000
ROLES = 30
SEED = 20250120
SAMPLED_PAIRS = 30_000
RESULTS = Path(__file__).with_name("RESULTS.md")
HEADING = "## Matching engine"

SKILL_POOL = (
    "React", "Node.js", "TypeScript", "JavaScript", "Python", "Django", "FastAPI", "Go",
    "Rust", "Java", "Kotlin", "Spring Boot", "C#", ".NET", "SQL", "PostgreSQL", "Docker",
    "Kubernetes", "AWS", "Terraform", "GraphQL", "Vue.js", "Swift", "Machine Learning",
)  # fmt: skip
ALIASES = {"Node.js": "node", "JavaScript": "JS", "TypeScript": "ts", "C#": "csharp"}
LOCATIONS = (
    "Remote", "San Francisco, CA", "Austin, TX", "New York, NY", "Berlin, Germany",
    "Munich, Germany", "London, UK", "Paris, France", "Toronto, Canada", "Bangalore, India",
)  # fmt: skip
SIZES = ("startup", "small", "medium", "large", "enterprise")
HEADCOUNTS = ("1-10", "11-50", "51-200", "201-1000", "1000+")
INDUSTRIES = ("technology", "healthcare", "finance", "education", "media", "energy")
ROLE_TYPES = ("full-time", "part-time", "contract", "freelance")


@dataclass(frozen=True)
class Inputs:
    """Plain specs, turned into fresh engine profiles for every timed run."""

    candidates: tuple[dict[str, object], ...]
    roles: tuple[dict[str, object], ...]


def _candidate(rng: random.Random, index: int) -> dict[str, object]:
    years = rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 15))
    skills = []
    for name in rng.sample(SKILL_POOL, rng.randint(2, 8)):
        spelled = ALIASES.get(name, name) if rng.random() < 0.2 else name
        skills.append(
            {"name": spelled, "level": rng.choice(SKILL_LEVELS), "years": rng.randint(0, years)}
        )
    low = rng.randrange(40, 180) * 1000
    return {
        "id": f"user_{index:05d}",
        "location": rng.choice(LOCATIONS),
        "remote_work": rng.random() < 0.5,
        "experience_years": years,
        "skills": skills,
        "preferences": {
            "role_types": rng.sample(ROLE_TYPES, rng.randint(1, 2)),
            "company_sizes": rng.sample(SIZES, rng.randint(1, 3)),
            "industries": rng.sample(INDUSTRIES, rng.randint(1, 3)),
            "salary_range": {"min": low, "max": low + 30000, "currency": "USD"},
        },
    }


def _role(rng: random.Random, index: int) -> dict[str, object]:
    low = rng.randrange(60, 160) * 1000
    return {
        "id": f"user_r{index:02d}",
        "name": f"Company {index}",
        "type": rng.choice(SIZES),
        "company_size": rng.choice(HEADCOUNTS),
        "industry": rng.choice(INDUSTRIES).capitalize(),
        "location": rng.choice(LOCATIONS),
        "required_skills": [
            {
                "name": name,
                "importance": round(rng.uniform(0.3, 1.0), 2),
                "min_level": rng.choice(SKILL_LEVELS[:3]),
                "min_years": rng.randint(0, 4),
            }
            for name in rng.sample(SKILL_POOL, rng.randint(3, 6))
        ],
        "role": {
            "title": "Engineer",
            "experience_level": rng.choice(("junior", "mid", "senior", "lead")),
            "role_type": rng.choice(ROLE_TYPES),
            "remote": rng.random() < 0.4,
            "salary_range": {"min": low, "max": low + 40000, "currency": "USD"},
        },
    }


def make_inputs(candidates: int = CANDIDATES, roles: int = ROLES) -> Inputs:
    rng = random.Random(SEED)
    return Inputs(
        candidates=tuple(_candidate(rng, i) for i in range(candidates)),
        roles=tuple(_role(rng, i) for i in range(roles)),
    )


def build(inputs: Inputs) -> tuple[list[CandidateProfile], list[RoleProfile]]:
    return (
        [CandidateProfile.from_profile_json(c) for c in inputs.candidates],
        [RoleProfile.from_profile_json(r) for r in inputs.roles],
    )


def full_recompute(inputs: Inputs) -> list[list[MatchResult]]:
    """Every candidate against every role from freshly built profiles, as a bulk recompute does."""
    candidates, roles = build(inputs)
    return [score_many(candidate, roles) for candidate in candidates]


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        seconds.append(time.perf_counter() - started)
    return seconds


def pair_timings(inputs: Inputs, count: int) -> list[float]:
    """Single `match_candidate_to_role` calls on prepared profiles, each timed on its own."""
    candidates, roles = build(inputs)
    rng = random.Random(SEED + 1)
    pairs = [(rng.choice(candidates), rng.choice(roles)) for _ in range(count)]
    for candidate, role in pairs:
        match_candidate_to_role(candidate, role)
    out = []
    clock = time.perf_counter_ns
    for candidate, role in pairs:
        started = clock()
        match_candidate_to_role(candidate, role)
        out.append((clock() - started) / 1e9)
    return out


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def report(runs: int) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    inputs = make_inputs()
    pairs = CANDIDATES * ROLES
    results = full_recompute(inputs)
    scores = [r.score for row in results for r in row]
    recompute = timed(lambda: full_recompute(inputs), runs)
    candidates, roles = build(inputs)
    scoring_only = timed(lambda: [score_many(c, roles) for c in candidates], runs)
    single = pair_timings(inputs, SAMPLED_PAIRS)
    median = statistics.median(recompute)
    stored = sum(s >= 40 for s in scores)
    today = datetime.now(UTC).date().isoformat()
    return "\n".join(
        [
            HEADING,
            "",
            f"`.venv/bin/python bench/bench_matching.py --runs {runs}`, {today}, "
            f"{os.cpu_count()} CPUs (nproc; the engine uses one), {cpu_model()}, "
            f"Python {platform.python_version()}, load average {load:.2f} at start.",
            "",
            f"{CANDIDATES:,} synthetic candidates x {ROLES} openings = {pairs:,} pairs "
            f"(seed {SEED}); {runs} runs (with few runs, p99 is the slowest one). "
            "Bulk figures include Python's garbage collector, which the 300,000 results "
            "kept alive make work hard (about 30% of the scoring time on this machine).",
            "",
            "| measure | median | p99 |",
            "|---|---|---|",
            f"| full recompute (build profiles + score every pair) | {median:.2f} s "
            f"| {percentile(recompute, 0.99):.2f} s |",
            f"| scoring only (profiles already prepared) | {statistics.median(scoring_only):.2f} s "
            f"| {percentile(scoring_only, 0.99):.2f} s |",
            f"| one pair, `match_candidate_to_role` ({SAMPLED_PAIRS:,} sampled calls) "
            f"| {statistics.median(single) * 1e6:.1f} µs | {percentile(single, 0.99) * 1e6:.1f} µs |",
            "",
            f"Throughput: {CANDIDATES / median:,.0f} candidates/s against {ROLES} openings "
            f"({pairs / median:,.0f} pairs/s). Scores: median {statistics.median(scores):.0f}, "
            f"{stored / pairs:.1%} of pairs at or above 40 (stored), "
            f"{sum(s >= 60 for s in scores) / pairs:.1%} at or above 60 (default feed).",
            "",
        ]
    )


def write_section(section: str, path: Path = RESULTS) -> None:
    """Replace our section in RESULTS.md (or append it), leaving the other sections as they are."""
    text = path.read_text() if path.exists() else "# Benchmark results\n\n"
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == HEADING), None)
    if start is None:
        head = text if text.endswith("\n\n") else text.rstrip("\n") + "\n\n"
        path.write_text(head + section)
        return
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    tail = "".join(lines[end:])
    path.write_text("".join(lines[:start]) + section + ("\n" + tail if tail else ""))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=7, help="timed full recomputes (default 7)")
    parser.add_argument("--no-write", action="store_true", help="print only, leave RESULTS.md")
    args = parser.parse_args(argv)
    section = report(max(1, args.runs))
    print(section)
    if not args.no_write:
        write_section(section)
        print(f"written to {RESULTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
