"""Substring search for the list endpoints: what the user typed is matched literally."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_
from sqlalchemy.orm import InstrumentedAttribute

ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`50%_off` must find that text, not act as SQL wildcards."""
    escaped = (
        text.strip()
        .lower()
        .replace(ESCAPE, ESCAPE * 2)
        .replace("%", ESCAPE + "%")
        .replace("_", ESCAPE + "_")
    )
    return f"%{escaped}%"


def contains_any(
    text: str | None, *columns: InstrumentedAttribute[str] | InstrumentedAttribute[str | None]
) -> ColumnElement[bool] | None:
    """Case-insensitive "any of these columns contains the text"; None when there is no text."""
    if text is None or not text.strip():
        return None
    pattern = like_pattern(text)
    return or_(
        *(func.lower(func.coalesce(column, "")).like(pattern, escape=ESCAPE) for column in columns)
    )
