"""An interview as the Interviews tab lists it, and the statuses its filter cycles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets.option_list import Option

from talenttui.tui.text import date_text
from talenttui.tui.widgets.interview_result import decision_text

if TYPE_CHECKING:
    from talenttui.api.models.interviews import InterviewSummary

STATUSES: tuple[str | None, ...] = (None, "invited", "in_progress", "completed", "expired")
"""What ``v`` cycles through: every interview, then each status alone."""


def interview_option(interview: InterviewSummary, marked: bool = False) -> Option:
    facts = [interview.status or "", decision_text(interview.overall_decision)]
    facts.append(date_text(interview.completed_at or interview.invited_at))
    return Option(
        Content.assemble(
            ("+ ", "bold") if marked else "",
            interview.candidate_email or str(interview.interview_id),
            "\n",
            (" · ".join(f for f in facts if f) or " ", "dim"),
        ),
        id=str(interview.interview_id),
    )
