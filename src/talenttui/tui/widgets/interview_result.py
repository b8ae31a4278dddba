"""An interview's result as text: the decision, job stability, role fitment, soft and tech
skills with a bar for each level. The Interviews tab and the match details draw it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content

from talenttui.tui.text import bar

if TYPE_CHECKING:
    from talenttui.api.models.interviews import InterviewResult

TOP_LEVEL = 5
"""Competency levels run from 1 to 5."""
NAME_WIDTH = 17
BAR_WIDTH = 10
LABEL_WIDTH = NAME_WIDTH + 2
"""Labels (Decision, Job stability) as wide as names and their gap: the bars line up."""


def decision_text(decision: str | None) -> str:
    return decision.replace("_", " ") if decision else ""


def level_line(name: str, level: int | None, note: str | None, width: int | None) -> Content:
    """A name, a bar for its competency level (of 5) and the figure, n/a without one; the
    note (a skill's type) only where the line still fits ``width``."""
    shown = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
    figure = "n/a" if level is None else f"{level}/{TOP_LEVEL}"
    line = Content.assemble(
        shown.ljust(LABEL_WIDTH), bar((level or 0) / TOP_LEVEL, BAR_WIDTH), f"  {figure}"
    )
    if note and (width is None or len(line) + 2 + len(note) <= width):
        line = line.append(Content.styled(f"  {note}", "dim"))
    return line


def _levels(
    heading: str, rows: Sequence[tuple[str, int | None, str | None]], width: int | None
) -> list[Content | str | tuple[str, str]]:
    parts: list[Content | str | tuple[str, str]] = ["\n\n", (heading, "bold underline")]
    if not rows:
        return [*parts, "\n", ("none rated", "dim")]
    for name, level, note in rows:
        parts += ["\n", level_line(name, level, note, width)]
    return parts


def render_result(result: InterviewResult, width: int | None = None) -> Content:
    """The evaluation; ``width`` (columns) drops what would wrap, None keeps everything."""
    parts: list[Content | str | tuple[str, str]] = [
        (result.candidate_email or f"Interview {result.interview_id}", "bold"),
        "\n",
        (result.status or "unknown status", "dim"),
        "\n\n",
        ("Decision".ljust(LABEL_WIDTH), "dim"),
        (decision_text(result.overall_decision) or "none yet", "bold"),
    ]
    scores = result.scores
    if scores is None:
        parts += ["\n\n", ("No scores until the interview is completed.", "dim")]
        return Content.assemble(*parts)
    stability = scores.job_stability_score
    parts += [
        "\n",
        ("Job stability".ljust(LABEL_WIDTH), "dim"),
        bar((stability or 0) / 100, BAR_WIDTH),
        f"  {'n/a' if stability is None else f'{stability}/100'}",
    ]
    roles = [(r.role, r.competency_level, None) for r in scores.role_fitment]
    parts += _levels("Role fitment", roles, width)
    for heading, skills in (
        ("Soft skills", scores.soft_skills),
        ("Tech skills", scores.tech_skills),
    ):
        rows = [(s.skill, s.competency_level, s.skill_type) for s in skills]
        parts += _levels(heading, rows, width)
    return Content.assemble(*parts)
