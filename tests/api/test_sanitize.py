"""Server text reaches the terminal with control characters defused, in caret notation."""

from __future__ import annotations

import pytest

from talenttui.api.sanitize import sanitize, sanitize_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred\x1b[0m", "^[[31mred^[[0m"),
        ("\x1b]0;pwned\x07", "^[]0;pwned^G"),  # OSC window title with BEL
        ("\x9b2J", "^[[2J"),  # 8-bit CSI: clear screen
        ("\x9d8;;http://evil\x9c", "^[]8;;http://evil^[\\"),  # 8-bit OSC hyperlink, ST
        ("a\x00b", "a^@b"),
        ("del\x7f", "del^?"),
        ("carriage\rreturn", "carriage^Mreturn"),
        ("back\bspace", "back^Hspace"),
        ("\u202eexe.txt\u202c", "<U+202E>exe.txt<U+202C>"),  # bidi override (Trojan Source)
        ("\u2067isolate\u2069", "<U+2067>isolate<U+2069>"),
        ("pay\u200bpal", "pay<U+200B>pal"),  # zero-width space
        ("\ufeffbom\u2060join", "<U+FEFF>bom<U+2060>join"),
    ],
)
def test_control_characters_become_caret_notation(raw: str, shown: str) -> None:
    assert sanitize_text(raw) == shown


def test_newlines_tabs_and_ordinary_unicode_are_kept() -> None:
    text = "Zoë\tSão Paulo\n日本語 — [bold]not markup[/] \u00a0nbsp"
    assert sanitize_text(text) == text


def test_no_control_character_survives() -> None:
    everything = "".join(chr(c) for c in range(0xA0))
    out = sanitize_text(everything)
    assert [c for c in out if ord(c) < 0x20 and c not in "\n\t"] == []
    assert [c for c in out if 0x7F <= ord(c) <= 0x9F] == []


def test_nested_json_values_and_keys_are_sanitized_and_other_types_kept() -> None:
    payload = {
        "name": "Eve\x1b[2J",
        "skills": [{"name": "C\x07"}, "\x9bK"],
        "score": 92,
        "remote": True,
        "logo": None,
        "weird\x1bkey": 1.5,
    }
    assert sanitize(payload) == {
        "name": "Eve^[[2J",
        "skills": [{"name": "C^G"}, "^[[K"],
        "score": 92,
        "remote": True,
        "logo": None,
        "weird^[key": 1.5,
    }
