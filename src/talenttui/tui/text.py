"""User text for the screen: always literal, never parsed as markup."""

from __future__ import annotations

from textual.content import Content


def literal(text: object) -> Content:
    """Server or user text as-is: ``[bold]`` or ``[@click=app.quit]`` shows as typed.

    Control characters were already turned into caret notation by the API layer.
    """
    return Content(str(text))


def age_text(seconds: float) -> str:
    """How old cached data is, in the largest unit that fits."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"
