"""The plain-words `match_reasons` of a match, kept apart from the arithmetic that decides them.

Reasons say why a pair fits, in the reference's tone ("Strong skill alignment in React
and Node.js"); they never mention what is missing (the match insights do that).
"""

from __future__ import annotations

from collections.abc import Sequence

MAX_NAMED_SKILLS = 3


def join_names(names: Sequence[str]) -> str:
    """`React`, `React and Node.js`, `React, Node.js and TypeScript`."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def skills_reason(strong: Sequence[str], matched: Sequence[str]) -> str:
    """`strong` are the skills met at the level asked for; `matched` (never empty) all shared ones."""
    if strong:
        return f"Strong skill alignment in {join_names(strong[:MAX_NAMED_SKILLS])}"
    return f"Some skill overlap in {join_names(matched[:MAX_NAMED_SKILLS])}"


def experience_reason(gap: int, level: str) -> str:
    """`gap` (-1, 0 or 1) is the candidate's level minus the role's, in steps of junior/mid/senior/lead."""
    if gap == 0:
        return f"Experience matches the {level}-level role"
    return "Experience close to the level asked for"


REMOTE_REASON = "Both open to remote work"
SAME_CITY_REASON = "Based in the same city"
SAME_COUNTRY_REASON = "Based in the same country"
WORK_STYLE_REASON = "Compatible work style preferences"
SALARY_REASON = "Salary expectations fit the offered range"
