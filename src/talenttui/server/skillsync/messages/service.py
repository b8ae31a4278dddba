"""Messages: conversation lists and threads (sending is `sending`)."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime

from sqlalchemy import Exists, Select, and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import not_found, validation_error
from talenttui.server.models import (
    Conversation,
    ConversationParticipant,
    Message,
    Profile,
    User,
)
from talenttui.server.skillsync.messages.conversations import mark_read
from talenttui.server.skillsync.messages.schemas import (
    ConversationHeader,
    ConversationList,
    ConversationOut,
    ConversationThread,
    CursorPage,
    MessageOut,
    Participant,
    ThreadParticipant,
)
from talenttui.server.web.principal import Principal

_CURSOR = re.compile(r"^(\d{1,11})\.(\d{6}):(\d{1,18})$")


def _encode_cursor(when: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{when.timestamp():.6f}:{row_id}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, int]:
    """Only what `_encode_cursor` makes: a plain timestamp and row id, never `inf`, `1e20` or 2**70."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode()).decode("ascii")
    except (ValueError, UnicodeError):
        text = ""
    found = _CURSOR.match(text)
    try:
        if found is None:
            raise ValueError(text)
        when = datetime.fromtimestamp(int(found[1]) + int(found[2]) / 1e6, UTC)
    except (ValueError, OverflowError, OSError):
        raise validation_error(
            "cursor", "invalid_cursor", expected="A next_cursor from an earlier page"
        ) from None
    return when, int(found[3])


People = dict[int, Participant]


async def _people(db: AsyncSession, user_ids: set[int]) -> People:
    rows = await db.execute(
        select(User, Profile)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(User.id.in_(user_ids))
    )
    return {
        user.id: Participant(
            id=user.public_id,
            name=profile.name if profile else user.full_name,
            title=profile.title if profile else "",
            avatar=profile.avatar if profile else None,
        )
        for user, profile in rows.all()
    }


def _message_out(message: Message, people: People) -> MessageOut:
    sender = people.get(message.sender_id)
    return MessageOut(
        id=message.public_id,
        sender_id=sender.id if sender is not None else None,
        message=message.body,
        type=message.type,
        metadata=message.message_metadata,
        created_at=isoformat_z(message.created_at),
    )


def _named(needle: str, me: int) -> Exists:
    """Another participant of the conversation whose name or title contains `needle`."""
    other = ConversationParticipant.__table__.alias("other")
    return exists(
        select(other.c.id)
        .join(User, User.id == other.c.user_id)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(
            other.c.conversation_id == Conversation.id,
            other.c.user_id != me,
            or_(
                func.lower(Profile.name).like(needle),
                func.lower(Profile.title).like(needle),
                func.lower(User.first_name + " " + User.last_name).like(needle),
            ),
        )
    )


def _conversations_query(
    me: int, unread_only: bool, search: str | None, cursor: str | None
) -> Select[Conversation, int]:
    """The caller's conversations, newest activity first, after `cursor`."""
    query = (
        select(Conversation, ConversationParticipant.unread_count)
        .join(ConversationParticipant, ConversationParticipant.conversation_id == Conversation.id)
        .where(ConversationParticipant.user_id == me)
    )
    if unread_only:
        query = query.where(ConversationParticipant.unread_count > 0)
    if search and search.strip():
        query = query.where(_named(f"%{search.strip().lower()}%", me))
    if cursor:
        when, row_id = _decode_cursor(cursor)
        query = query.where(
            or_(
                Conversation.updated_at < when,
                and_(Conversation.updated_at == when, Conversation.id < row_id),
            )
        )
    return query.order_by(Conversation.updated_at.desc(), Conversation.id.desc())


async def list_conversations(
    db: AsyncSession,
    principal: Principal,
    *,
    limit: int,
    unread_only: bool,
    search: str | None,
    cursor: str | None,
) -> ConversationList:
    query = _conversations_query(principal.user.id, unread_only, search, cursor)
    rows = (await db.execute(query.limit(limit + 1))).all()
    page = rows[:limit]
    conv_ids = [c.id for c, _ in page]
    members = (
        await db.execute(
            select(ConversationParticipant.conversation_id, ConversationParticipant.user_id).where(
                ConversationParticipant.conversation_id.in_(conv_ids)
            )
        )
    ).all()
    people = await _people(db, {uid for _, uid in members})
    last_ids = (
        select(func.max(Message.id))
        .where(Message.conversation_id.in_(conv_ids))
        .group_by(Message.conversation_id)
    )
    last = {
        m.conversation_id: m
        for m in await db.scalars(select(Message).where(Message.id.in_(last_ids)))
    }
    conversations = [
        ConversationOut(
            id=conv.public_id,
            participants=[people[uid] for cid, uid in members if cid == conv.id and uid in people],
            last_message=_message_out(last[conv.id], people) if conv.id in last else None,
            unread_count=unread,
            match_id=conv.match_public_id,
            updated_at=isoformat_z(conv.updated_at),
        )
        for conv, unread in page
    ]
    next_cursor = (
        _encode_cursor(page[-1][0].updated_at, page[-1][0].id) if len(rows) > limit else None
    )
    return ConversationList(
        conversations=conversations, pagination=CursorPage(limit=limit, next_cursor=next_cursor)
    )


async def _own_conversation(db: AsyncSession, user_id: int, conversation_id: str) -> Conversation:
    conv = await db.scalar(
        select(Conversation)
        .join(ConversationParticipant, ConversationParticipant.conversation_id == Conversation.id)
        .where(
            Conversation.public_id == conversation_id,
            ConversationParticipant.user_id == user_id,
        )
    )
    if conv is None:
        raise not_found("Conversation")
    return conv


async def _read_marks(db: AsyncSession, conversation_id: int) -> dict[int, str | None]:
    """Each participant's last read message (public id), None before any."""
    marks = await db.execute(
        select(ConversationParticipant.user_id, Message.public_id)
        .outerjoin(Message, Message.id == ConversationParticipant.last_read_message_id)
        .where(ConversationParticipant.conversation_id == conversation_id)
    )
    return {uid: public for uid, public in marks.all()}


async def read_conversation(
    db: AsyncSession,
    ctx: ServerContext,
    principal: Principal,
    conversation_id: str,
    *,
    limit: int,
    before: str | None,
) -> ConversationThread:
    """A page of messages, oldest first; the newest page marks the conversation read."""
    conv = await _own_conversation(db, principal.user.id, conversation_id)
    query = select(Message).where(Message.conversation_id == conv.id)
    if before:
        pivot = await db.scalar(
            select(Message.id).where(
                Message.public_id == before, Message.conversation_id == conv.id
            )
        )
        if pivot is None:
            raise validation_error("before", "unknown_message")
        query = query.where(Message.id < pivot)
    newest_first = list(await db.scalars(query.order_by(Message.id.desc()).limit(limit + 1)))
    page = list(reversed(newest_first[:limit]))
    if before:
        read_marks = await _read_marks(db, conv.id)
    else:
        async with ctx.writes() as writing:  # a GET reads; the read mark is a write of its own
            await mark_read(writing, ctx, conv, principal.user)
            # read where the mark was written: on SQLite the GET's own read still sees the
            # database as it was before it (the reader's mark came back stale)
            read_marks = await _read_marks(writing, conv.id)
            await writing.commit()
    people = await _people(db, set(read_marks))
    return ConversationThread(
        conversation=ConversationHeader(
            id=conv.public_id,
            participants=[
                ThreadParticipant(**people[uid].model_dump(), last_read_message_id=read_marks[uid])
                for uid in sorted(read_marks)
                if uid in people
            ],
            match_id=conv.match_public_id,
        ),
        messages=[_message_out(m, people) for m in page],
        pagination=CursorPage(
            limit=limit,
            next_cursor=page[0].public_id if len(newest_first) > limit else None,
        ),
    )
