"""Writes that race on one unique key, 50 requests at once, on whichever backend the run uses:
every request gets an answer (never a 500) and the rows add up."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
from sqlalchemy import func, select

from talenttui.server.models import (
    Conversation,
    Event,
    MatchAction,
    Message,
)
from talenttui.server.skillsync.messages.conversations import pair_key
from tests.conftest import Live
from tests.server.skillsync_people import Person, custom_pair, only_match

PARALLEL = 50


async def _fire(live: Live, calls: list[tuple[Person, str, dict[str, Any]]]) -> list[int]:
    async with httpx.AsyncClient(
        base_url=live.url, timeout=60, limits=httpx.Limits(max_connections=PARALLEL)
    ) as client:
        answers = await asyncio.gather(
            *(client.post(path, json=body, headers=who.headers) for who, path, body in calls)
        )
    return [answer.status_code for answer in answers]


def _count(live: Live, statement: Any) -> int:
    with live.db() as session:
        return int(session.scalar(statement) or 0)


def test_fifty_first_messages_at_once_share_one_conversation(live: Live) -> None:
    candidate, company = custom_pair(live)
    calls = [
        (sender, "/v1/messages", {"recipient_id": other.public_id, "message": f"hello {n}"})
        for n in range(PARALLEL)
        for sender, other in [(candidate, company) if n % 2 else (company, candidate)]
    ]
    statuses = asyncio.run(_fire(live, calls))
    assert Counter(statuses) == {201: PARALLEL}
    key = pair_key(candidate.id, company.id)
    assert _count(live, select(func.count()).where(Conversation.pair_key == key)) == 1
    assert _count(live, select(func.count()).select_from(Message)) == PARALLEL
    for who in (candidate, company):
        started = select(func.count()).where(
            Event.user_id == who.id, Event.event == "conversation.started"
        )
        assert _count(live, started) == 1
        received = select(func.count()).where(
            Event.user_id == who.id, Event.event == "message.received"
        )
        assert _count(live, received) == PARALLEL // 2


def test_fifty_accepts_at_once_from_both_sides(live: Live) -> None:
    """25 accepts from each side of one match: one action and one 201 per side, one
    conversation, and each side told of both accepts exactly once."""
    candidate, company = custom_pair(live)
    mine = {who.id: only_match(live, who)["id"] for who in (candidate, company)}
    calls = [
        (who, f"/v1/matches/{mine[who.id]}/action", {"action": "accept"})
        for n in range(PARALLEL)
        for who in [candidate if n % 2 else company]
    ]
    statuses = asyncio.run(_fire(live, calls))
    assert Counter(statuses) == {201: 2, 200: PARALLEL - 2}
    key = pair_key(candidate.id, company.id)
    assert _count(live, select(func.count()).where(Conversation.pair_key == key)) == 1
    assert _count(live, select(func.count()).select_from(MatchAction)) == 2
    for who in (candidate, company):
        accepted = select(func.count()).where(
            Event.user_id == who.id, Event.event == "match.accepted"
        )
        assert _count(live, accepted) == 2
