"""Realtime payloads parse into their typed models; unknown events stay plain data."""

from __future__ import annotations

from talenttui.api.models.events import MatchCreated, MatchDecided, Typing
from talenttui.api.realtime import RealtimeEvent


def test_known_events_get_their_model_and_keep_unknown_fields() -> None:
    created = RealtimeEvent.from_json(
        {
            "event": "match.created",
            "seq": 3,
            "data": {"match_id": "match_1", "match_score": 91, "new": 1},
        }
    ).payload()
    assert isinstance(created, MatchCreated)
    assert (created.match_id, created.match_score) == ("match_1", 91)
    assert created.model_extra == {"new": 1}
    rejected = RealtimeEvent.from_json({"event": "match.rejected", "data": {"match_id": "m"}})
    assert isinstance(rejected.payload(), MatchDecided)
    typing = RealtimeEvent.from_json({"event": "typing", "data": {"conversation_id": "c"}})
    assert isinstance(typing.payload(), Typing)


def test_unknown_or_unreadable_events_have_no_model() -> None:
    assert RealtimeEvent.from_json({"event": "future.thing", "data": {"x": 1}}).payload() is None
    assert RealtimeEvent.from_json({"event": "message.received", "data": {}}).payload() is None
