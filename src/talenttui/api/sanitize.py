"""Make server text safe to print in a terminal.

Rich strips only some control codes: ESC and the 8-bit CSI (0x9B) pass straight to the
terminal, so a profile bio could move the cursor, retitle the window or fake a prompt.
Every string the client hands to the UI goes through here first. Control characters are
shown in caret notation (ESC -> ``^[``, as GitHub's CLI does) rather than dropped, so the
text stays honest about what the server sent.

Invisible format characters get the same treatment, written ``<U+202E>``: the bidi
controls (which can make ``txt.exe`` read as ``exe.txt``, "Trojan Source") and the
zero-width characters (which make two names that look alike differ, and throw off
the terminal's idea of how wide a line is).
"""

from __future__ import annotations

from typing import Any

_KEPT = frozenset("\n\t")


def _caret(code: int) -> str:
    if code == 0x7F:
        return "^?"
    if code < 0x20:
        return "^" + chr(code + 0x40)
    # C1 controls are the 8-bit forms of ESC + a 7-bit character (0x9B CSI == ESC [).
    return "^[" + chr(code - 0x40)


def _is_control(char: str) -> bool:
    code = ord(char)
    return (code < 0x20 or 0x7F <= code <= 0x9F) and char not in _KEPT


INVISIBLE = (
    0x061C,  # Arabic letter mark
    *range(0x200B, 0x2010),  # zero-width space, (non-)joiners, LRM, RLM
    *range(0x202A, 0x202F),  # bidi embeddings and overrides
    *range(0x2060, 0x2065),  # word joiner, invisible operators
    *range(0x2066, 0x206A),  # bidi isolates
    0xFEFF,  # zero-width no-break space (BOM)
)

_TABLE = {code: _caret(code) for code in range(0xA0) if _is_control(chr(code))} | {
    code: f"<U+{code:04X}>" for code in INVISIBLE
}


def sanitize_text(text: str) -> str:
    """Show C0/C1 controls (all but newline and tab) in caret notation, invisible ones as <U+…>."""
    return text.translate(_TABLE)


def sanitize(value: Any) -> Any:
    """Sanitize every string in a decoded JSON value: dict keys, values and list items."""
    if isinstance(value, str):
        return sanitize_text(value)
    if isinstance(value, dict):
        return {sanitize_text(str(k)): sanitize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize(item) for item in value]
    return value
