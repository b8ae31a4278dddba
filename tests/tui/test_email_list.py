"""Pasted address lists: every separator people use, bad addresses named by line."""

from __future__ import annotations

from talenttui.tui.email_list import parse_email_list


def test_commas_spaces_semicolons_and_newlines_all_separate() -> None:
    parsed = parse_email_list("ana@x.org, ben@y.io;cal@z.co\n\n  dee@w.example   eve@v.net\n")
    assert parsed.emails == ["ana@x.org", "ben@y.io", "cal@z.co", "dee@w.example", "eve@v.net"]
    assert [a.line for a in parsed.good] == [1, 1, 1, 3, 3]
    assert parsed.problems() == []


def test_each_bad_address_is_named_by_its_line() -> None:
    parsed = parse_email_list("ana@x.org\nbob@\n  @nohost.org, carl@host, dee@@x.org\nok@fine.io")
    assert parsed.emails == ["ana@x.org", "ok@fine.io"]
    assert parsed.problems() == [
        "line 2: 'bob@' is not an email address",
        "line 3: '@nohost.org' is not an email address",
        "line 3: 'carl@host' is not an email address",
        "line 3: 'dee@@x.org' is not an email address",
    ]
    assert parsed.line_of(1) is not None and parsed.line_of(1).line == 4  # type: ignore[union-attr]
    assert parsed.line_of(2) is None
