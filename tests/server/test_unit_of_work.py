"""One unit of work per request: committed once, before the answer leaves; SAVEPOINTs stay inside it."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

from talenttui.server.commit_hooks import bind_commit_hooks, on_commit, on_rollback
from talenttui.server.context import ServerContext
from talenttui.server.db import make_engine, make_sessionmaker, savepoint, session_class_of
from talenttui.server.events import emit
from talenttui.server.hub import Frame, Hub, bind_publisher
from talenttui.server.mail import Mailer
from talenttui.server.migrations.runner import migrate
from talenttui.server.models import ApiKey, Message, Profile, User
from talenttui.server.settings import ServerSettings
from talenttui.server.skillsync.messages import conversations
from talenttui.server.tokens import TokenService
from tests.conftest import Live
from tests.server.skillsync_people import db, person

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


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


@dataclass
class Store:
    ctx: ServerContext
    sessions: async_sessionmaker[AsyncSession]
    hub: Hub

    async def user(self) -> int:
        async with self.sessions() as session:
            row = User(email=f"{secrets.token_hex(6)}@example.com")
            session.add(row)
            await session.commit()
            return row.id

    async def count(self, model: Any) -> int:
        async with self.sessions() as session:
            return int(await session.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'uow.db'}")
    await migrate(engine)
    sessions = make_sessionmaker(engine)
    hub = Hub()
    bind_commit_hooks(session_class_of(sessions))
    bind_publisher(session_class_of(sessions), hub)
    ctx = ServerContext(
        settings=ServerSettings(data_dir=tmp_path, clock=lambda: NOW.timestamp()),
        engine=engine,
        sessions=sessions,
        tokens=TokenService(secrets.token_bytes(32), 3600),
        secret=secrets.token_bytes(32),
        mailer=Mailer(sessions, None, lambda: NOW),
        hub=hub,
    )
    yield Store(ctx, sessions, hub)
    await engine.dispose()


def _drain(queue: asyncio.Queue[Frame | None]) -> list[Frame]:
    frames = []
    while not queue.empty():
        frame = queue.get_nowait()
        assert frame is not None
        frames.append(frame)
    return frames


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
        assert (_drain(sub.queue), done) == ([], []), "a released SAVEPOINT is not a commit"
        with pytest.raises(IntegrityError):
            async with savepoint(session):
                await emit(session, user, "profile.updated", {"n": 3}, NOW)
                session.add(User(email=f"dup-{user}@example.com"))
                session.add(User(email=f"dup-{user}@example.com"))
        assert done == [], "a rolled-back SAVEPOINT is not the transaction's rollback"
        await session.commit()
    assert [f.body["data"] for f in _drain(sub.queue)] == [{"n": 1}, {"n": 2}]
    assert done == ["committed"]


async def test_a_lost_idempotency_race_keeps_the_callers_other_writes(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The winner's message is committed after the loser looked for it: the loser's insert
    fails on the unique key inside its SAVEPOINT, and the event it wrote before stays."""
    sender, recipient = await store.user(), await store.user()
    async with store.sessions() as session:
        winner, created = await conversations.post_message(
            session,
            store.ctx,
            sender_id=sender,
            conversation=None,
            recipient_id=recipient,
            text="first",
            type="text",
            metadata={},
            idempotency_key="race-key",
        )
        await session.commit()
    assert created
    looked = conversations.message_by_key
    calls: list[str] = []

    async def not_yet_committed(session: AsyncSession, sender_id: int, key: str) -> Any:
        calls.append(key)
        return None if len(calls) == 1 else await looked(session, sender_id, key)

    monkeypatch.setattr(conversations, "message_by_key", not_yet_committed)
    sub = store.hub.subscribe(recipient)
    async with store.sessions() as session:
        await emit(session, recipient, "profile.updated", {"before": "the send"}, NOW)
        found, created = await conversations.post_message(
            session,
            store.ctx,
            sender_id=sender,
            conversation=None,
            recipient_id=recipient,
            text="first",
            type="text",
            metadata={},
            idempotency_key="race-key",
        )
        await session.commit()
    assert (found.public_id, created) == (winner.public_id, False)
    assert calls == ["race-key", "race-key"]
    assert await store.count(Message) == 1
    assert [f.body["data"] for f in _drain(sub.queue)] == [{"before": "the send"}]
