"""The Analytics tab's pictures as text: labelled bars, a sparkline, score buckets. Plain
characters (readable without colour, in a snapshot and over SSH), no Textual widgets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from talenttui.tui.text import bar

if TYPE_CHECKING:
    from talenttui.api.models.analytics import PlatformAnalytics, UserAnalytics
    from talenttui.api.models.interviews import InterviewSummary

BAR = 20
LABEL = 9
"""The labels of the user figures' bars ("this week"), so their bars line up."""
SPARKS = "▁▂▃▄▅▆▇█"
SCORE_BUCKETS = ((0, 40), (40, 55), (55, 70), (70, 85), (85, 101))
STATUSES = ("completed", "in_progress", "invited", "expired")
DECISIONS = ("shortlisted", "on_hold", "rejected")

Row = tuple[str, float, str]
"""(label, value, the text after the bar)."""


def percent_value(text: str | None) -> float:
    """ "14.7%" as 0.147; anything else as 0."""
    try:
        return float((text or "").strip().rstrip("%")) / 100
    except ValueError:
        return 0.0


def bar_rows(
    rows: Sequence[Row],
    *,
    scale: float | None = None,
    width: int = BAR,
    label_width: int | None = None,
) -> Content:
    """One bar a row, all on one scale (the largest value unless given)."""
    if not rows:
        return Content.styled("Nothing yet.", "dim")
    most = scale if scale is not None else max((value for _, value, _ in rows), default=0)
    label_width = label_width or max(len(label) for label, _, _ in rows)
    lines = [
        Content.assemble(
            label.ljust(label_width),
            "  ",
            (bar(value / most if most else 0, width), "$accent"),
            " ",
            (after, "dim"),
        )
        for label, value, after in rows
    ]
    return Content("\n").join(lines)


def spark(values: Sequence[int]) -> str:
    """A sparkline: one character a value, the tallest the largest."""
    most = max(values, default=0)
    if not most:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[round(v / most * (len(SPARKS) - 1))] for v in values)


def user_rows(analytics: UserAnalytics) -> tuple[Content, Content, Content]:
    """Matches, messages and profile views as bars."""
    m, msg, views = analytics.matches, analytics.messages, analytics.profile_views
    matches = bar_rows(
        [
            ("received", m.total_received, str(m.total_received)),
            ("accepted", m.accepted, f"{m.accepted} ({m.acceptance_rate})"),
        ],
        label_width=LABEL,
    )
    messages = Content("\n").join(
        [
            bar_rows(
                [("sent", msg.sent, str(msg.sent)), ("received", msg.received, str(msg.received))],
                label_width=LABEL,
            ),
            bar_rows(
                [("answered", percent_value(msg.response_rate) * 100, msg.response_rate)],
                scale=100,
                label_width=LABEL,
            ),
        ]
    )
    views_bar = bar_rows(
        [
            ("total", views.total, str(views.total)),
            ("this week", views.this_week, f"{views.this_week} ({views.growth})"),
        ],
        label_width=LABEL,
    )
    return matches, messages, views_bar


def platform_picture(platform: PlatformAnalytics) -> Content:
    users = bar_rows(
        [
            ("candidates", platform.users.candidates, str(platform.users.candidates)),
            ("recruiters", platform.users.recruiters, str(platform.users.recruiters)),
        ]
    )
    matches = bar_rows(
        [
            ("matches", platform.matches.total, str(platform.matches.total)),
            (
                "accepted",
                platform.matches.accepted,
                f"{platform.matches.accepted} ({platform.matches.acceptance_rate})",
            ),
        ]
    )
    days = platform.messages_per_day
    counts = [d.count for d in days]
    per_day = Content.assemble(
        ("Messages a day  ", "bold"),
        (spark(counts), "$accent"),
        ("  " + (f"{days[0].date} … {days[-1].date}: " if days else ""), "dim"),
        (", ".join(str(c) for c in counts), "dim"),
    )
    skills = bar_rows(
        [(s.skill, s.demand_score, str(s.demand_score)) for s in platform.skills_in_demand[:5]],
        scale=100,
    )
    places = bar_rows(
        [(p.location, p.candidates, str(p.candidates)) for p in platform.top_locations[:5]]
    )
    skills = Content.assemble(("Skills in demand\n", "bold"), skills)
    places = Content.assemble(("Where candidates are\n", "bold"), places)
    return Content("\n\n").join([users, matches, per_day, skills, places])


def counted(values: Iterable[str | None], names: Sequence[str]) -> list[Row]:
    counts = Counter(value for value in values if value)
    return [(name.replace("_", " "), counts[name], str(counts[name])) for name in names]


def score_rows(scores: Sequence[int]) -> list[Row]:
    counts = [sum(1 for s in scores if low <= s < high) for low, high in SCORE_BUCKETS]
    labels = [f"{low}-{min(high - 1, 100)}" for low, high in SCORE_BUCKETS]
    return [(label, n, str(n)) for label, n in zip(labels, counts, strict=True)]


def campaign_picture(
    name: str, interviews: Sequence[InterviewSummary], scores: Sequence[int], total: int
) -> Content:
    """A campaign's interviews by status and decision, and its job-stability scores."""
    shown = f"{len(interviews)} of {total}" if total > len(interviews) else str(len(interviews))
    head = Content.assemble((name, "bold"), (f"  {shown} interviews", "dim"))
    statuses = bar_rows(counted((i.status for i in interviews), STATUSES))
    decisions = bar_rows(counted((i.overall_decision for i in interviews), DECISIONS))
    score_title = f"Job stability scores ({len(scores)} latest results)\n"
    score_bars = (
        bar_rows(score_rows(scores)) if scores else Content.styled("No results yet.", "dim")
    )
    return Content("\n\n").join(
        [
            Content.assemble(head, "\n", statuses),
            Content.assemble(("Decisions\n", "bold"), decisions),
            Content.assemble((score_title, "bold"), score_bars),
        ]
    )
