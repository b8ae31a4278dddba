"""Sending a message: who may write to whom, idempotent by key, written by the group commit."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from sqlalchemy import String, bindparam, case, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, not_found, validation_error
from talenttui.server.models import Conversation, Match, MatchStatus, User
from talenttui.server.skillsync.messages.conversations import (
    ConversationRef,
    Outgoing,
    UserRef,
    post_messages,
)
from talenttui.server.skillsync.messages.schemas import SendMessageIn, SentMessage
from talenttui.server.skillsync.user_refs import is_self
from talenttui.server.web.principal import Principal

_KEY_RE = re.compile(r"^[\x21-\x7e]{1,255}$")


def request_hash(recipient: str, text: str, type_: str, metadata: dict[str, Any]) -> str:
    blob = json.dumps([recipient, text, type_, metadata], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def not_allowed_to_message() -> ApiError:
    return ApiError(
        403,
        "INSUFFICIENT_PERMISSIONS",
        "You can message only users you share a match or a conversation with",
        suggestion="Accept a match first; that opens a conversation.",
    )


_users = User.__table__
_conversations = Conversation.__table__
_RECIPIENT = (
    select(_users.c.id, _conversations.c.id, _conversations.c.public_id)
    .select_from(
        _users.outerjoin(
            _conversations,
            _conversations.c.pair_key
            == case(
                (
                    _users.c.id < bindparam("sender_id"),
                    cast(_users.c.id, String) + ":" + bindparam("sender_key"),
                ),
                else_=bindparam("sender_key") + ":" + cast(_users.c.id, String),
            ),
        )
    )
    .where(_users.c.public_id == bindparam("ref"))
)
"""A recipient by public id with the pair's conversation, if any: one statement, built once.
The CASE builds `conversations.pair_key(sender, recipient)` in SQL (the recipient's id is
only known in the query): the two must stay the same format."""


async def _recipient(
    db: AsyncSession, principal: Principal, ref: str
) -> tuple[int, ConversationRef | None]:
    """The recipient's id and the pair's conversation (None when a shared match lets them
    start one); refused when they share neither, or when the recipient is unknown."""
    if is_self(principal, ref):
        raise validation_error("recipient_id", "self", "You cannot message yourself")
    if not ref.startswith("user_"):
        raise not_found("User")
    sender = principal.user
    params = {"ref": ref, "sender_id": sender.id, "sender_key": str(sender.id)}
    found = (await db.execute(_RECIPIENT, params)).first()
    if found is None:
        raise not_found("User")
    recipient_id, conv_id, conv_public_id = found
    if conv_id is not None:
        return recipient_id, ConversationRef(conv_id, conv_public_id)
    shared_match = await db.scalar(
        select(Match.id).where(
            Match.user_id == recipient_id,
            Match.matched_user_id == sender.id,
            Match.status != MatchStatus.REJECTED.value,
        )
    )
    if shared_match is None:
        raise not_allowed_to_message()
    return recipient_id, None


async def send(
    ctx: ServerContext,
    principal: Principal,
    body: SendMessageIn,
    idempotency_key: str | None,
) -> tuple[SentMessage, bool]:
    """The message sent, and whether it is a replay of an earlier send with the same key.

    Its write joins the sends waiting for the writer (`ctx.grouped`): the answer comes once
    that group's transaction has committed."""
    if idempotency_key is not None and not _KEY_RE.match(idempotency_key):
        raise validation_error(
            "Idempotency-Key", "invalid_format", expected="1-255 printable ASCII characters"
        )
    sender = principal.user
    fingerprint = request_hash(body.recipient_id, body.message, body.type, body.metadata)
    # Who and where are read before the write begins (on SQLite they wait for no write
    # lock). A stale answer is safe: users are never deleted, a conversation found stays,
    # and one not found yet is opened insert-or-get in the write.
    async with ctx.sessions() as read:
        recipient_id, conversation = await _recipient(read, principal, body.recipient_id)
    posted = await ctx.grouped(post_messages).write(
        Outgoing(
            sender=UserRef(sender.id, sender.public_id),
            conversation=conversation,
            recipient_id=recipient_id,
            text=body.message,
            type=body.type,
            metadata=body.metadata,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
        )
    )
    if not posted.created and posted.request_hash != fingerprint:
        raise ApiError(
            422,
            "VALIDATION_ERROR",
            "This Idempotency-Key was used for a different message",
            details={"field": "Idempotency-Key", "issue": "reused_with_other_body"},
            suggestion="Use a new key for a new message.",
        )
    sent = SentMessage(
        message_id=posted.message_id,
        conversation_id=posted.conversation_id,
        delivered_at=isoformat_z(posted.created_at),
    )
    return sent, not posted.created
