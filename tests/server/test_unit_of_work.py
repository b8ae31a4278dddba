"""One unit of work per request: committed once, before the answer leaves; SAVEPOINTs stay inside it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from talenttui.server.commit_hooks import on_commit, on_rollback
from talenttui.server.db import savepoint
from talenttui.server.events import emit
from talenttui.server.hub import Frame, Subscription
from talenttui.server.models import ApiKey, Message, Profile, User
from talenttui.server.skillsync.messages import conversations
from tests.conftest import Live
from tests.server.event_store import NOW, Store, event_store
from tests.server.skillsync_people import db, person


def test_a_write_is_durable_when_its_answer_arrives(live: Live) -> None:
    """The commit runs before the answer is sent: a slow commit delays the 201, so the row is
    in the database (read here over a connection of our own) the moment the 201 arrives."""
    me = person(live)

    def slow_commit(_session: Session) -> None:
        time.sleep(0.3)  # widens the window an answer sent before its commit would show

    event.listen(Session, "before_commit", slow_commit)
    try:
        resp = live.client.post(
            "/v1/auth/api-keys",
            json={"name": "durable", "scopes": ["matches:read"]},
            headers=me.headers,
        )
        with db(live) as session:
            stored = session.scalar(select(ApiKey.public_id).where(ApiKey.name == "durable"))
    finally:
        event.remove(Session, "before_commit", slow_commit)
    assert resp.status_code == 201, resp.text
    assert stored == resp.json()["data"]["id"]


def test_a_request_refused_after_a_write_leaves_nothing_behind(live: Live) -> None:
    """A first edit creates the profile row, then the company field is refused: rolled back."""
    me = person(live)
    resp = live.client.put("/v1/profiles/me", json={"company_size": "11-50"}, headers=me.headers)
    assert resp.status_code == 422
    assert resp.json()["error"]["details"]["issue"] == "company_profile_only"
    with db(live) as session:
        assert session.scalar(select(Profile.id).where(Profile.user_id == me.id)) is None


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with event_store(tmp_path) as opened:
        yield opened


def _published(sub: Subscription) -> list[Any]:
    """The data of every frame published to `sub` so far."""
    frames = [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]
    return [frame.body["data"] for frame in frames if isinstance(frame, Frame)]


async def test_a_savepoint_as_the_first_write_stays_inside_the_transaction(store: Store) -> None:
    """sqlite3 begins a transaction only at a DML statement; a SAVEPOINT sent before one would
    commit on release. `savepoint()` begins it first, so rolling back undoes the insert."""
    async with store.sessions() as session:
        async with savepoint(session):
            session.add(User(email="inside@example.com"))
        await session.rollback()
    assert await store.count(User) == 0


async def test_an_error_in_a_savepoint_keeps_the_transactions_other_writes(store: Store) -> None:
    await store.user()
    async with store.sessions() as session:
        session.add(User(email="kept@example.com"))
        await session.flush()
        with pytest.raises(IntegrityError):
            async with savepoint(session):
                session.add(User(email="kept@example.com"))
        await session.commit()
    async with store.sessions() as session:
        emails = list(await session.scalars(select(User.email).order_by(User.id)))
    assert emails[1:] == ["kept@example.com"]


async def test_hooks_wait_for_the_outermost_commit(store: Store) -> None:
    user = await store.user()
    sub = store.hub.subscribe(user)
    done: list[str] = []
    async with store.sessions() as session:
        await emit(session, user, "profile.updated", {"n": 1}, NOW)
        on_commit(session, lambda: done.append("committed"))
        on_rollback(session, lambda: done.append("rolled back"))
        async with savepoint(session):
            await emit(session, user, "profile.updated", {"n": 2}, NOW)
        assert (_published(sub), done) == ([], []), "a released SAVEPOINT is not a commit"
        with pytest.raises(IntegrityError):
            async with savepoint(session):
                await emit(session, user, "profile.updated", {"n": 3}, NOW)
                session.add(User(email=f"dup-{user}@example.com"))
                session.add(User(email=f"dup-{user}@example.com"))
        assert done == [], "a rolled-back SAVEPOINT is not the transaction's rollback"
        await session.commit()
    assert _published(sub) == [{"n": 1}, {"n": 2}]
    assert done == ["committed"]


async def _send(
    store: Store, session: AsyncSession, sender: int, recipient: int
) -> conversations.Posted:
    public_id = await session.scalar(select(User.public_id).where(User.id == sender))
    assert public_id is not None
    return await conversations.post_message(
        session,
        store.ctx,
        conversations.Outgoing(
            sender=conversations.UserRef(sender, public_id),
            conversation=None,
            recipient_id=recipient,
            text="first",
            type="text",
            metadata={},
            idempotency_key="race-key",
        ),
    )


async def test_a_lost_idempotency_race_keeps_the_callers_other_writes(store: Store) -> None:
    """The winner's message is committed first: the loser's insert does nothing on the
    (sender, key) pair, it reads the winner's message, and the event it wrote before stays."""
    sender, recipient = await store.user(), await store.user()
    async with store.sessions() as session:
        winner = await _send(store, session, sender, recipient)
        await session.commit()
    assert winner.created
    sub = store.hub.subscribe(recipient)
    async with store.sessions() as session:
        await emit(session, recipient, "profile.updated", {"before": "the send"}, NOW)
        found = await _send(store, session, sender, recipient)
        await session.commit()
    assert (found.message_id, found.created) == (winner.message_id, False)
    assert await store.count(Message) == 1
    assert _published(sub) == [{"before": "the send"}]
