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


def skills_reason(strong: Sequence[str], other: Sequence[str]) -> str | None:
    if strong:
        return f"Strong skill alignment in {join_names(strong[:MAX_NAMED_SKILLS])}"
    if other:
        return f"Some skill overlap in {join_names(other[:MAX_NAMED_SKILLS])}"
    return None


def experience_reason(gap: int, level: str) -> str | None:
    """`gap` is the candidate's level minus the role's, in steps of junior/mid/senior/lead."""
    if gap == 0:
        return f"Experience matches the {level}-level role"
    if abs(gap) == 1:
        return "Experience close to the level asked for"
    return None


REMOTE_REASON = "Both open to remote work"
SAME_CITY_REASON = "Based in the same city"
SAME_COUNTRY_REASON = "Based in the same country"
WORK_STYLE_REASON = "Compatible work style preferences"
SALARY_REASON = "Salary expectations fit the offered range"
