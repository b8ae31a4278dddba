"""Conversations and messages: one conversation per pair of users, idempotent sends.

The pair's conversation is insert-or-get on its unique `pair_key`, so two first
messages (or two accepts) racing between the same two people share one conversation.

A send with an `Idempotency-Key` is unique per (sender, key) in the database, so
two racing retries insert one message between them: the loser's insert does nothing
and it reads the winner's, so losing the race undoes none of the caller's other
writes (an accept that opened the conversation, say).
"""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.db import hold_rows, insert_or_ignore
from talenttui.server.events import NewEvent, emit, emit_many
from talenttui.server.models import Conversation, ConversationParticipant, Message, User


def pair_key(a: int, b: int) -> str:
    """Also built in SQL by `sending._RECIPIENT`: change both together."""
    low, high = sorted((a, b))
    return f"{low}:{high}"


async def find_conversation(db: AsyncSession, a: int, b: int) -> Conversation | None:
    found: Conversation | None = await db.scalar(
        select(Conversation).where(Conversation.pair_key == pair_key(a, b))
    )
    return found


async def open_or_reuse_conversation(
    db: AsyncSession,
    ctx: ServerContext,
    user_a_id: int,
    user_b_id: int,
    match_public_id: str | None,
) -> Conversation:
    """The pair's conversation, opened (and announced to both) by whichever request gets
    there first: the insert does nothing on a taken `pair_key`, and the loser reads the
    winner's row instead (on PostgreSQL the insert waits for the winner to commit)."""
    existing = await find_conversation(db, user_a_id, user_b_id)
    if existing is None:
        now = ctx.now()
        opened = await db.scalar(
            insert_or_ignore(
                db,
                Conversation,
                public_id=f"conv_{secrets.token_hex(8)}",
                pair_key=pair_key(user_a_id, user_b_id),
                match_public_id=match_public_id,
                created_at=now,
                updated_at=now,
            ).returning(Conversation.id)
        )
        if opened is not None:
            return await _announce_opened(db, now, opened, user_a_id, user_b_id)
        existing = await find_conversation(db, user_a_id, user_b_id)
        assert existing is not None, "the pair_key was taken, so its row is committed"
    if existing.match_public_id is None and match_public_id:
        existing.match_public_id = match_public_id
    return existing


async def _announce_opened(
    db: AsyncSession, now: datetime, conv_id: int, user_a_id: int, user_b_id: int
) -> Conversation:
    conv = await db.get_one(Conversation, conv_id)
    db.add_all(
        ConversationParticipant(conversation_id=conv.id, user_id=uid)
        for uid in (user_a_id, user_b_id)
    )
    users = {
        u.id: u for u in (await db.scalars(select(User).where(User.id.in_([user_a_id, user_b_id]))))
    }
    data = {
        "conversation_id": conv.public_id,
        "participants": [users[uid].public_id for uid in (user_a_id, user_b_id)],
        "match_id": conv.match_public_id,
        "started_at": isoformat_z(now),
    }
    await emit_many(
        db, [NewEvent(uid, "conversation.started", data) for uid in (user_a_id, user_b_id)], now
    )
    return conv


async def message_by_key(db: AsyncSession, sender_id: int, key: str) -> Message | None:
    found: Message | None = await db.scalar(
        select(Message).where(Message.sender_id == sender_id, Message.idempotency_key == key)
    )
    return found


@dataclass(frozen=True)
class UserRef:
    """A user's two ids as plain values: they outlive a rollback, ORM attributes do not."""

    id: int
    public_id: str


@dataclass(frozen=True)
class ConversationRef:
    """A conversation's two ids as plain values (a conversation, once opened, stays)."""

    id: int
    public_id: str


@dataclass(frozen=True)
class Outgoing:
    """A message to store; a None `conversation` opens (or finds) the pair's in the write."""

    sender: UserRef
    conversation: ConversationRef | None
    recipient_id: int
    text: str
    type: str
    metadata: dict[str, Any]
    idempotency_key: str | None
    fingerprint: str | None = None


@dataclass(frozen=True)
class Posted:
    """A message as stored; `created` is False when its key had been used (the first one)."""

    message_id: str
    conversation_id: str
    created_at: datetime
    request_hash: str | None
    created: bool


async def post_message(db: AsyncSession, ctx: ServerContext, outgoing: Outgoing) -> Posted:
    (posted,) = await post_messages(db, ctx, [outgoing])
    return posted


async def post_messages(
    db: AsyncSession, ctx: ServerContext, batch: Sequence[Outgoing]
) -> list[Posted]:
    """Store and announce messages, in order, in the caller's transaction, with a handful of
    statements however many there are (`group_commit` hands the sends waiting together).

    The insert does nothing on a taken (sender, key): that message is answered with the
    first one sent with its key (and `created` False), whether it was sent earlier or
    just before it in `batch`, or by a racing request (the loser reads the winner's
    message, leaving the caller's other writes be)."""
    conversations = await _conversations_of(db, ctx, batch)
    now = ctx.now()
    ids = [f"msg_{secrets.token_hex(8)}" for _ in batch]
    rows: list[dict[str, Any]] = [
        {
            "public_id": public_id,
            "conversation_id": conv.id,
            "sender_id": item.sender.id,
            "recipient_id": item.recipient_id,
            "body": item.text,
            "type": item.type,
            "message_metadata": item.metadata,
            "idempotency_key": item.idempotency_key,
            "request_hash": item.fingerprint,
            "created_at": now,
        }
        for item, conv, public_id in zip(batch, conversations, ids, strict=True)
    ]
    inserted = await db.execute(insert_or_ignore(db, Message).returning(Message.public_id), rows)
    stored = set(inserted.scalars())
    posted: list[Posted] = []
    fresh: list[tuple[Outgoing, ConversationRef, str]] = []
    for item, conv, public_id in zip(batch, conversations, ids, strict=True):
        if public_id in stored:
            fresh.append((item, conv, public_id))
            posted.append(Posted(public_id, conv.public_id, now, item.fingerprint, True))
        else:
            posted.append(await _first_with_key(db, item))
    if fresh:
        await _count_unread(db, now, fresh)
        await emit_many(db, [_received(now, *sent) for sent in fresh], now)
    return posted


async def _conversations_of(
    db: AsyncSession, ctx: ServerContext, batch: Sequence[Outgoing]
) -> list[ConversationRef]:
    """Each send's conversation, the new ones opened in `pair_key` order: two processes'
    groups that both open conversations then never each wait on a key the other inserted
    (on PostgreSQL an insert on a key another transaction has just inserted waits for it)."""
    new = {pair_key(i.sender.id, i.recipient_id): i for i in batch if i.conversation is None}
    opened = {key: await _opened(db, ctx, new[key]) for key in sorted(new)}
    return [
        item.conversation or opened[pair_key(item.sender.id, item.recipient_id)] for item in batch
    ]


async def _opened(db: AsyncSession, ctx: ServerContext, item: Outgoing) -> ConversationRef:
    conv = await open_or_reuse_conversation(
        db, ctx, item.sender.id, item.recipient_id, item.metadata.get("match_id")
    )
    return ConversationRef(conv.id, conv.public_id)


async def _first_with_key(db: AsyncSession, item: Outgoing) -> Posted:
    assert item.idempotency_key is not None, "only the (sender, key) pair can be taken"
    earlier = await message_by_key(db, item.sender.id, item.idempotency_key)
    assert earlier is not None, "the key was taken, so its message is stored"
    original = await db.get_one(Conversation, earlier.conversation_id)
    return Posted(
        earlier.public_id, original.public_id, earlier.created_at, earlier.request_hash, False
    )


async def _count_unread(
    db: AsyncSession, now: datetime, fresh: list[tuple[Outgoing, ConversationRef, str]]
) -> None:
    """One UPDATE for the conversations' activity, one for their recipients' unread counts,
    after the conversations are locked in id order: two processes' groups of sends into
    the same conversations queue on them, and so meet the counters one at a time."""
    conv_ids = sorted({conv.id for _, conv, _ in fresh})
    await hold_rows(db, Conversation.id, conv_ids)
    await db.execute(
        update(Conversation).where(Conversation.id.in_(conv_ids)).values(updated_at=now)
    )
    unread = Counter((conv.id, item.recipient_id) for item, conv, _ in fresh)
    reader = ConversationParticipant
    pairs = [
        (and_(reader.conversation_id == conv_id, reader.user_id == user_id), count)
        for (conv_id, user_id), count in sorted(unread.items())
    ]
    await db.execute(
        update(reader)
        .where(or_(*(pair for pair, _ in pairs)))
        .values(unread_count=reader.unread_count + case(*pairs))
    )


def _received(now: datetime, item: Outgoing, conv: ConversationRef, message_id: str) -> NewEvent:
    return NewEvent(
        item.recipient_id,
        "message.received",
        {
            "message_id": message_id,
            "conversation_id": conv.public_id,
            "sender_id": item.sender.public_id,
            "message": item.text,
            "type": item.type,
            "metadata": item.metadata,
            "sent_at": isoformat_z(now),
        },
    )


async def mark_read(db: AsyncSession, ctx: ServerContext, conv: Conversation, reader: User) -> None:
    """Reset the reader's unread count and tell the others how far they read."""
    last_id = await db.scalar(
        select(Message.id)
        .where(Message.conversation_id == conv.id)
        .order_by(Message.id.desc())
        .limit(1)
    )
    me = await db.scalar(
        select(ConversationParticipant).where(
            ConversationParticipant.conversation_id == conv.id,
            ConversationParticipant.user_id == reader.id,
        )
    )
    if (
        me is None
        or last_id is None
        or (me.unread_count == 0 and me.last_read_message_id >= last_id)
    ):
        return
    me.unread_count = 0
    me.last_read_message_id = last_id
    last_public = await db.scalar(select(Message.public_id).where(Message.id == last_id))
    others = await db.scalars(
        select(ConversationParticipant.user_id).where(
            ConversationParticipant.conversation_id == conv.id,
            ConversationParticipant.user_id != reader.id,
        )
    )
    now = ctx.now()
    for uid in others.all():
        await emit(
            db,
            uid,
            "message.read",
            {
                "conversation_id": conv.public_id,
                "reader_id": reader.public_id,
                "read_at": isoformat_z(now),
                "last_read_message_id": last_public,
            },
            now,
        )
