"""The event log itself: per-user seq, publish only after commit, webhook rows, pruning, ordering."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from talenttui.server.events import emit, prune_events
from talenttui.server.hub import Closing, Frame
from talenttui.server.models import Event, User, Webhook, WebhookDelivery
from talenttui.server.realtime.sequencer import Sequencer
from tests.conftest import FakeClock, Live
from tests.server.event_store import NOW, event_store
from tests.server.event_store import Store as Log
from tests.server.skillsync_people import db as live_db
from tests.server.skillsync_people import person


@pytest.fixture
async def log(tmp_path: Path) -> AsyncIterator[Log]:
    async with event_store(tmp_path) as store:
        yield store


def _drain(queue: asyncio.Queue[Frame | Closing | None]) -> list[Frame]:
    frames = []
    while not queue.empty():
        frame = queue.get_nowait()
        assert isinstance(frame, Frame)
        frames.append(frame)
    return frames


async def test_seq_counts_per_user_without_gaps(log: Log) -> None:
    alice, bob = await log.user(), await log.user()
    seqs: dict[int, list[int]] = {alice: [], bob: []}
    for who in (alice, bob, alice, alice, bob):
        seqs[who].append((await log.emit(who)).seq)
    assert seqs == {alice: [1, 2, 3], bob: [1, 2]}


async def test_parallel_writers_get_distinct_consecutive_seqs(log: Log) -> None:
    user = await log.user()
    rows = await asyncio.gather(*(log.emit(user) for _ in range(20)))
    assert sorted(r.seq for r in rows) == list(range(1, 21))


async def test_published_only_after_commit(log: Log) -> None:
    user = await log.user()
    sub = log.hub.subscribe(user)
    async with log.sessions() as db:
        row = await emit(db, user, "match.created", {"match_id": "match_1"}, NOW)
        await db.flush()
        assert _drain(sub.queue) == []
        await db.commit()
    [frame] = _drain(sub.queue)
    assert frame.seq == row.seq == 1
    assert frame.body == {
        "id": row.public_id,
        "seq": 1,
        "event": "match.created",
        "data": {"match_id": "match_1"},
        "created_at": "2026-03-01T12:00:00Z",
    }


async def test_rolled_back_event_is_neither_stored_nor_published(log: Log) -> None:
    user = await log.user()
    sub = log.hub.subscribe(user)
    async with log.sessions() as db:
        await emit(db, user, "message.received", {}, NOW)
        await db.rollback()
    assert _drain(sub.queue) == []
    assert await log.count(Event) == 0
    assert (await log.emit(user)).seq == 1, "a rolled-back event must not use up its seq"


async def test_other_users_events_are_not_published_to_a_subscriber(log: Log) -> None:
    alice, bob = await log.user(), await log.user()
    sub = log.hub.subscribe(alice)
    await log.emit(bob)
    assert _drain(sub.queue) == []


async def test_deliveries_are_written_for_the_owners_subscribed_hooks_only(log: Log) -> None:
    alice, bob = await log.user(), await log.user()
    async with log.sessions() as db:
        for owner, events in ((alice, ["match.created"]), (bob, ["match.created"])):
            db.add(
                Webhook(
                    public_id=f"wh_{secrets.token_hex(4)}",
                    user_id=owner,
                    url="https://example.com/hook",
                    events=events,
                    secret="whsec_x",
                    created_at=NOW,
                )
            )
        await db.commit()
    await log.emit(alice, "profile.updated")
    created = await log.emit(alice, "match.created")
    async with log.sessions() as db:
        rows = (await db.scalars(select(WebhookDelivery))).all()
    assert [(r.event_id, r.status, r.next_attempt_at) for r in rows] == [
        (created.id, "pending", NOW)
    ]


async def test_prune_keeps_the_last_events_and_those_still_to_deliver(log: Log) -> None:
    user = await log.user()
    for _ in range(10):
        await log.emit(user)
    async with log.sessions() as db:
        first = await db.scalar(select(Event).where(Event.seq == 1))
        assert first is not None
        hook = Webhook(
            public_id="wh_p",
            user_id=user,
            url="https://example.com/h",
            events=[],
            secret="s",
            created_at=NOW,
        )
        db.add(hook)
        await db.flush()
        for event_id, status in ((first.id, "pending"), (first.id + 1, "delivered")):
            db.add(
                WebhookDelivery(
                    public_id=f"whd_{event_id}",
                    webhook_id=hook.id,
                    event_id=event_id,
                    status=status,
                    created_at=NOW,
                )
            )
        await db.commit()
        removed = await prune_events(db, NOW, keep_last=3, keep_days=7)
        kept = (await db.scalars(select(Event.seq).order_by(Event.seq))).all()
    assert removed == 6
    assert kept == [1, 8, 9, 10]
    assert await log.count(WebhookDelivery) == 1


async def test_prune_drops_events_older_than_the_window(log: Log) -> None:
    user = await log.user()
    await log.emit(user, at=NOW - timedelta(days=8))
    await log.emit(user, at=NOW - timedelta(days=6))
    async with log.sessions() as db:
        assert await prune_events(db, NOW, keep_last=1000, keep_days=7) == 1
        assert (await db.scalars(select(Event.seq))).all() == [2]


async def test_sequencer_fills_gaps_and_drops_repeats() -> None:
    def frame(seq: int | None) -> Frame:
        return Frame(user_id=1, seq=seq, body={"seq": seq})

    asked: list[tuple[int, int]] = []

    async def read_gap(after: int, before: int) -> list[Frame]:
        asked.append((after, before))
        return [frame(s) for s in range(after + 1, before)]

    seq = Sequencer(5, read_gap)
    sent = []
    for incoming in (frame(4), frame(6), frame(9), frame(None), frame(7), frame(10)):
        sent += [f.seq for f in await seq.admit(incoming)]
    assert sent == [6, 7, 8, 9, None, 10]
    assert asked == [(6, 9)]


def test_server_prunes_at_start_up(start_server: Callable[..., Live], clock: FakeClock) -> None:
    live = start_server()
    who = person(live, name="Pruned")
    now = datetime.fromtimestamp(clock(), UTC)
    with live_db(live) as db:
        user = db.get(User, who.id)
        assert user is not None
        user.event_seq = 2
        for seq, age in ((1, 10), (2, 5)):
            db.add(
                Event(
                    public_id=f"evt_age{age}",
                    user_id=who.id,
                    seq=seq,
                    event="profile.updated",
                    data={},
                    created_at=now - timedelta(days=age),
                )
            )
        db.commit()
    live.restart()
    deadline = time.monotonic() + 5
    while True:
        with live_db(live) as db:
            kept = db.scalars(select(Event.public_id).where(Event.user_id == who.id)).all()
        if len(kept) < 2 or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert kept == ["evt_age5"]


async def test_an_emit_queues_deliveries_for_the_webhooks_of_its_user_and_no_other(
    log: Log,
) -> None:
    """The counter's UPDATE tells which users have webhooks (no query for those without):
    a webhook counts for its own user, whatever the ids (a webhook's id equal to another
    user's id once made the check look at the wrong user)."""
    users = [await log.user() for _ in range(3)]
    async with log.sessions() as db:
        for n, owner in enumerate((users[2], users[0])):
            db.add(
                Webhook(
                    public_id=f"wh_{n}",
                    user_id=owner,
                    url="https://hooks.example/x",
                    events=["profile.updated"],
                    secret="s",
                    created_at=NOW,
                )
            )
        await db.commit()
        hooks = {h.user_id: h.id for h in await db.scalars(select(Webhook))}
    assert all(hook_id != user for user, hook_id in hooks.items())  # as in the old mistake
    for user in users:
        await log.emit(user)
    async with log.sessions() as db:
        queued = list(await db.scalars(select(WebhookDelivery.webhook_id)))
    assert sorted(queued) == sorted([hooks[users[0]], hooks[users[2]]])
