"""`/v1/messages`: send (idempotent by key), list conversations, read one (marks it read)."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import JSONResponse
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.auth import get_ctx, get_db
from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.envelopes import skillsync_ok
from talenttui.server.errors import ApiError, not_found, validation_error
from talenttui.server.models import (
    Conversation,
    ConversationParticipant,
    Match,
    MatchStatus,
    Message,
    Profile,
    User,
)
from talenttui.server.skillsync.conversations_service import (
    find_conversation,
    mark_read,
    not_allowed_to_message,
    post_message,
    request_hash,
)
from talenttui.server.skillsync.deps import Principal, require_scope
from talenttui.server.skillsync.message_schemas import SendMessageIn
from talenttui.server.skillsync.user_refs import find_user

router = APIRouter(tags=["skillsync: messages"])
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")


def _send_answer(message: Message, conv: Conversation) -> dict[str, Any]:
    return {
        "message_id": message.public_id,
        "conversation_id": conv.public_id,
        "status": "sent",
        "delivered_at": isoformat_z(message.created_at),
        "read_receipt_enabled": True,
    }


async def _may_message(db: AsyncSession, sender: User, recipient: User) -> bool:
    if await find_conversation(db, sender.id, recipient.id) is not None:
        return True
    shared_match = await db.scalar(
        select(Match.id).where(
            Match.user_id == recipient.id,
            Match.matched_user_id == sender.id,
            Match.status != MatchStatus.REJECTED.value,
        )
    )
    return shared_match is not None


@router.post("/messages", status_code=201)
async def send_message(
    body: SendMessageIn,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    principal: Principal = Depends(require_scope("messages:write")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> JSONResponse:
    if idempotency_key is not None and not _KEY_RE.match(idempotency_key):
        raise validation_error(
            "Idempotency-Key", "invalid_format", expected="1-255 printable ASCII characters"
        )
    sender = principal.user
    fingerprint = request_hash(body.recipient_id, body.message, body.type, body.metadata)
    recipient = await find_user(db, principal, body.recipient_id)
    if recipient.id == sender.id:
        raise validation_error("recipient_id", "self", "You cannot message yourself")
    if not await _may_message(db, sender, recipient):
        raise not_allowed_to_message()
    message, created = await post_message(
        db,
        ctx,
        sender_id=sender.id,
        conversation=None,
        recipient_id=recipient.id,
        text=body.message,
        type=body.type,
        metadata=body.metadata,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
    )
    if not created and message.request_hash != fingerprint:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            "This Idempotency-Key was used for a different message",
            details={"field": "Idempotency-Key", "issue": "reused_with_other_body"},
            suggestion="Use a new key for a new message.",
        )
    await db.commit()
    conv = await db.get(Conversation, message.conversation_id)
    assert conv is not None
    headers = {} if created else {"Idempotent-Replayed": "true"}
    return JSONResponse(
        skillsync_ok(_send_answer(message, conv), "Message sent"), status_code=201, headers=headers
    )


def _encode_cursor(when: datetime, row_id: int) -> str:
    return base64.urlsafe_b64encode(f"{when.timestamp():.6f}:{row_id}".encode()).decode()


def _decode_cursor(cursor: str) -> tuple[float, int]:
    try:
        stamp, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().split(":")
        return float(stamp), int(row_id)
    except (ValueError, UnicodeDecodeError):
        raise validation_error("cursor", "invalid_cursor") from None


async def _people(db: AsyncSession, user_ids: set[int]) -> dict[int, dict[str, Any]]:
    rows = await db.execute(
        select(User, Profile)
        .outerjoin(Profile, Profile.user_id == User.id)
        .where(User.id.in_(user_ids))
    )
    out: dict[int, dict[str, Any]] = {}
    for user, profile in rows.all():
        out[user.id] = {
            "id": user.public_id,
            "name": profile.name if profile else user.full_name,
            "title": profile.title if profile else "",
            "avatar": profile.avatar if profile else None,
        }
    return out


def _message_json(message: Message, people: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": message.public_id,
        "sender_id": people.get(message.sender_id, {}).get("id"),
        "message": message.body,
        "type": message.type,
        "metadata": message.message_metadata,
        "created_at": isoformat_z(message.created_at),
    }


@router.get("/messages/conversations")
async def list_conversations(
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    unread_only: bool = False,
    search: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    principal: Principal = Depends(require_scope("messages:read")),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    me = principal.user.id
    query = (
        select(Conversation, ConversationParticipant.unread_count)
        .join(ConversationParticipant, ConversationParticipant.conversation_id == Conversation.id)
        .where(ConversationParticipant.user_id == me)
    )
    if unread_only:
        query = query.where(ConversationParticipant.unread_count > 0)
    if search and search.strip():
        needle = f"%{search.strip().lower()}%"
        other = ConversationParticipant.__table__.alias("other")
        query = query.where(
            exists(
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
        )
    if cursor:
        stamp, row_id = _decode_cursor(cursor)
        when = datetime.fromtimestamp(stamp).astimezone()
        query = query.where(
            or_(
                Conversation.updated_at < when,
                and_(Conversation.updated_at == when, Conversation.id < row_id),
            )
        )
    rows = (
        await db.execute(
            query.order_by(Conversation.updated_at.desc(), Conversation.id.desc()).limit(limit + 1)
        )
    ).all()
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
    conversations = []
    for conv, unread in page:
        conversations.append(
            {
                "id": conv.public_id,
                "participants": [
                    people[uid] for cid, uid in members if cid == conv.id and uid in people
                ],
                "last_message": _message_json(last[conv.id], people) if conv.id in last else None,
                "unread_count": unread,
                "match_id": conv.match_public_id,
                "updated_at": isoformat_z(conv.updated_at),
            }
        )
    next_cursor = (
        _encode_cursor(page[-1][0].updated_at, page[-1][0].id) if len(rows) > limit else None
    )
    return skillsync_ok(
        {
            "conversations": conversations,
            "pagination": {"limit": limit, "next_cursor": next_cursor},
        },
        "Conversations retrieved",
    )


@router.get("/messages/conversations/{conversation_id}")
async def read_conversation(
    conversation_id: str,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    before: Annotated[str | None, Query(max_length=40)] = None,
    principal: Principal = Depends(require_scope("messages:read")),
    ctx: ServerContext = Depends(get_ctx),
    db: AsyncSession = Depends(get_db),
) -> dict[str, Any]:
    conv = await db.scalar(
        select(Conversation)
        .join(ConversationParticipant, ConversationParticipant.conversation_id == Conversation.id)
        .where(
            Conversation.public_id == conversation_id,
            ConversationParticipant.user_id == principal.user.id,
        )
    )
    if conv is None:
        raise not_found("Conversation")
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
    members = set(
        await db.scalars(
            select(ConversationParticipant.user_id).where(
                ConversationParticipant.conversation_id == conv.id
            )
        )
    )
    people = await _people(db, members)
    if not before:
        await mark_read(db, ctx, conv, principal.user)
        await db.commit()
    return skillsync_ok(
        {
            "conversation": {
                "id": conv.public_id,
                "participants": [people[uid] for uid in sorted(members) if uid in people],
                "match_id": conv.match_public_id,
            },
            "messages": [_message_json(m, people) for m in page],
            "pagination": {
                "limit": limit,
                "next_cursor": page[0].public_id if len(newest_first) > limit else None,
            },
        },
        "Messages retrieved",
    )
