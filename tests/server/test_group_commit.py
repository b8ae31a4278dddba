"""Group commit: sends that wait for the writer together are written in one transaction,
each answered once, after the commit, with only its own error if it fails."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.context import ServerContext
from talenttui.server.hub import Frame
from talenttui.server.models import ConversationParticipant, Event, Message, User
from talenttui.server.skillsync.messages.conversations import (
    Outgoing,
    Posted,
    UserRef,
    post_message,
    post_messages,
)
from tests.conftest import Live
from tests.server.event_store import Store, event_store
from tests.server.skillsync_people import custom_pair, db

PARALLEL = 50


def test_fifty_sends_at_once_are_each_answered_once_and_stored_once_in_order(
    live: Live,
) -> None:
    """50 sends into one conversation at once: 50 answers with 50 messages, each stored
    once; the thread, the recipient's events (seq without gaps) and the unread count agree."""
    candidate, company = custom_pair(live)
    first = live.client.post(
        "/v1/messages",
        json={"recipient_id": candidate.public_id, "message": "hello"},
        headers=company.headers,
    )
    assert first.status_code == 201, first.text
    conversation = first.json()["data"]["conversation_id"]

    async def fire() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=live.url, timeout=60, limits=httpx.Limits(max_connections=PARALLEL)
        ) as client:
            return await asyncio.gather(
                *(
                    client.post(
                        "/v1/messages",
                        json={"recipient_id": candidate.public_id, "message": f"n{n}"},
                        headers={**company.headers, "Idempotency-Key": f"key-{n}"},
                    )
                    for n in range(PARALLEL)
                )
            )

    answers = asyncio.run(fire())
    assert [a.status_code for a in answers] == [201] * PARALLEL
    sent = [a.json()["data"] for a in answers]
    assert {s["conversation_id"] for s in sent} == {conversation}
    assert len({s["message_id"] for s in sent}) == PARALLEL
    with db(live) as session:
        stored = session.execute(select(Message.public_id, Message.body).order_by(Message.id)).all()
        received = session.scalars(
            select(Event)
            .where(Event.user_id == candidate.id, Event.event == "message.received")
            .order_by(Event.seq)
        ).all()
        unread = session.scalar(
            select(ConversationParticipant.unread_count).where(
                ConversationParticipant.user_id == candidate.id
            )
        )
    by_text = {f"n{n}": s["message_id"] for n, s in enumerate(sent)}
    assert [public_id for public_id, body in stored[1:]] == [by_text[b] for _, b in stored[1:]]
    assert [e.data["message_id"] for e in received] == [public_id for public_id, _ in stored]
    seqs = [e.seq for e in received]
    assert seqs == list(range(seqs[0], seqs[0] + PARALLEL + 1))
    assert unread == PARALLEL + 1
    thread = live.client.get(
        f"/v1/messages/conversations/{conversation}",
        headers=candidate.headers,
        params={"limit": 100},
    ).json()["data"]
    assert [m["id"] for m in thread["messages"]] == [public_id for public_id, _ in stored]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with event_store(tmp_path) as opened:
        yield opened


async def _people(store: Store) -> tuple[UserRef, int]:
    sender, recipient = await store.user(), await store.user()
    async with store.sessions() as session:
        public_id = await session.scalar(select(User.public_id).where(User.id == sender))
    assert public_id is not None
    return UserRef(sender, public_id), recipient


def _outgoing(sender: UserRef, recipient: int, text: str, key: str | None = None) -> Outgoing:
    return Outgoing(
        sender=sender,
        conversation=None,
        recipient_id=recipient,
        text=text,
        type="text",
        metadata={},
        idempotency_key=key,
    )


class Recorded:
    """`post_messages`, recording the size of each group it is given."""

    def __init__(self) -> None:
        self.groups: list[int] = []

    async def __call__(
        self, db: AsyncSession, ctx: ServerContext, batch: Sequence[Outgoing]
    ) -> list[Posted]:
        self.groups.append(len(batch))
        return await post_messages(db, ctx, batch)


async def _texts(store: Store) -> list[str]:
    async with store.sessions() as session:
        return list(await session.scalars(select(Message.body).order_by(Message.id)))


async def test_sends_waiting_together_share_one_transaction(store: Store) -> None:
    sender, recipient = await _people(store)
    async with store.sessions() as session:  # the conversation, opened by a first send
        await post_message(session, store.ctx, _outgoing(sender, recipient, "first"))
        await session.commit()
    sub = store.hub.subscribe(recipient)
    batch = Recorded()
    grouped = store.ctx.grouped(batch)
    answers = await asyncio.gather(
        *(grouped.write(_outgoing(sender, recipient, f"n{n}")) for n in range(10))
    )
    assert batch.groups == [10]
    assert all(a.created for a in answers)
    assert await _texts(store) == ["first", *(f"n{n}" for n in range(10))]
    frames = [sub.queue.get_nowait() for _ in range(sub.queue.qsize())]
    published = [f.body["data"]["message_id"] for f in frames if isinstance(f, Frame)]
    assert published == [a.message_id for a in answers], "each published once, in order"


async def test_one_key_twice_in_a_group_is_one_message(store: Store) -> None:
    sender, recipient = await _people(store)
    grouped = store.ctx.grouped(post_messages)
    one, two = await asyncio.gather(
        grouped.write(_outgoing(sender, recipient, "retry", key="k")),
        grouped.write(_outgoing(sender, recipient, "retry", key="k")),
    )
    assert (one.created, two.created) == (True, False)
    assert one.message_id == two.message_id
    assert await _texts(store) == ["retry"]


async def test_a_failed_send_in_a_group_fails_alone(store: Store) -> None:
    """A send to a user who does not exist breaks its group's transaction: the group is
    rolled back and each send written alone, so only that one fails, with its own error."""
    sender, recipient = await _people(store)
    batch = Recorded()
    grouped = store.ctx.grouped(batch)
    answers = await asyncio.gather(
        grouped.write(_outgoing(sender, recipient, "before")),
        grouped.write(_outgoing(sender, 10**9, "to nobody")),
        grouped.write(_outgoing(sender, recipient, "after")),
        return_exceptions=True,
    )
    assert batch.groups == [3, 1, 1, 1]
    before, nobody, after = answers
    assert isinstance(before, Posted) and isinstance(after, Posted)
    assert isinstance(nobody, IntegrityError | LookupError)
    assert await _texts(store) == ["before", "after"]
    async with store.sessions() as session:
        events = await session.scalar(
            select(func.count()).where(
                Event.user_id == recipient, Event.event == "message.received"
            )
        )
    assert events == 2


async def test_a_caller_that_goes_away_leaves_its_send_written(store: Store) -> None:
    sender, recipient = await _people(store)
    grouped = store.ctx.grouped(post_messages)
    gone = asyncio.ensure_future(grouped.write(_outgoing(sender, recipient, "hung up")))
    await asyncio.sleep(0)  # it joined a group
    gone.cancel()
    stays = await grouped.write(_outgoing(sender, recipient, "still here"))
    assert stays.created
    assert await _texts(store) == ["hung up", "still here"]
