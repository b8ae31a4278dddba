"""The feed's compact rows (api/models/match_rows.py): what they keep, and the whole match
parsed back from the page they came in."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from talenttui.api.models.match_rows import SEP, MatchRow, parse_row_page
from talenttui.api.models.matches import Match


def server_match(index: int, **changes: Any) -> dict[str, Any]:
    match: dict[str, Any] = {
        "id": f"match_{index:016x}",
        "user_id": f"user_{index}",
        "profile": {"name": f"Ana {index}", "title": "Data Engineer", "location": "Lisbon"},
        "match_score": 80 - index,
        "match_reasons": ["Strong SQL", "Open to remote"],
        "skills_matched": [
            {"skill": "SQL", "weight": 0.5},
            {"skill": "Python", "weight": 0.9},
            {"skill": "dbt", "weight": 0.2},
            {"skill": "Go", "weight": 0.1},
        ],
        "compatibility_scores": {"technical": 70, "cultural": 60, "experience": 90},
        "status": "new",
        "expires_at": "2026-12-09T00:00:00Z",
        "a_field_our_models_do_not_name": {"kept": True},
    }
    return match | changes


def page(*matches: dict[str, Any]) -> dict[str, Any]:
    return {
        "matches": list(matches),
        "pagination": {"total": 40, "page": 1, "per_page": 20, "total_pages": 2},
        "counts": {"new": 30, "saved": 10, "accepted": 0, "rejected": 0},
    }


def test_a_row_keeps_what_the_list_draws_and_gives_back_the_whole_match() -> None:
    raw = [server_match(0), server_match(1, status="saved", contact_email="b@x.example")]
    parsed = parse_row_page(page(*raw))
    first, second = parsed.matches
    assert parsed.pagination.total_pages == 2 and parsed.counts is not None
    assert (first.id, first.name, first.headline, first.location) == (
        "match_0000000000000000",
        "Ana 0",
        "Data Engineer",
        "Lisbon",
    )
    assert first.skills == "Python, SQL, dbt" and first.match_score == 80
    assert second.status == "saved" and second.contact_email == "b@x.example"
    assert second.user_id == "user_1"
    assert first.full() == Match.model_validate(raw[0])
    assert first.full().model_extra == {"a_field_our_models_do_not_name": {"kept": True}}
    assert not hasattr(first, "__dict__"), "a row is slotted: no per-row dict"


def test_a_status_drawn_on_a_row_is_the_whole_matchs_status() -> None:
    row = parse_row_page(page(server_match(0))).matches[0]
    rejected = row.with_status("rejected", "Too junior")
    assert rejected.full().status == "rejected"
    assert rejected.full().reject_reason == "Too junior"
    assert row.full().status == "new", "the row it came from is unchanged"
    back = rejected.with_status("new")
    assert back.full().reject_reason is None and back.full() == row.full()


def test_server_text_cannot_shift_the_rows_fields() -> None:
    hostile = server_match(0, profile={"name": f"Eve{SEP}Admin", "title": "x"})
    row = parse_row_page(page(hostile)).matches[0]
    assert row.name == "Eve Admin" and row.headline == "x" and row.location == ""
    assert row.full().name == f"Eve{SEP}Admin", "the whole match keeps the server's text"


def test_a_match_made_here_becomes_a_row() -> None:
    match = Match.model_validate(server_match(3))
    row = MatchRow.of(match)
    assert row.full() == match and row.name == "Ana 3"


def test_a_page_of_the_wrong_shape_is_refused() -> None:
    with pytest.raises(ValidationError):
        parse_row_page(page(server_match(0, match_score="high")))
