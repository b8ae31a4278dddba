"""`/v1/messages`: send (idempotent by key), list conversations, read one (marks it read)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from talenttui.server.skillsync.messages import sending, service
from talenttui.server.skillsync.messages.schemas import (
    ConversationList,
    ConversationThread,
    SendMessageIn,
    SentMessage,
)
from talenttui.server.web.deps import Ctx, Db, needs
from talenttui.server.web.envelopes import SkillSyncOk, skillsync_ok
from talenttui.server.web.error_docs import skillsync_errors
from talenttui.server.web.principal import Principal

router = APIRouter(tags=["skillsync: messages"])


@router.post(
    "/messages", status_code=201, responses=skillsync_errors(400, 401, 403, 404, 413, 422, 429)
)
async def send_message(
    body: SendMessageIn,
    response: Response,
    principal: Annotated[Principal, needs("messages:write")],
    ctx: Ctx,
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
) -> SkillSyncOk[SentMessage]:
    """A retry with the same `Idempotency-Key` answers the first send (`Idempotent-Replayed: true`)."""
    # no `Db`: the write is the group commit's, committed before this returns
    sent, replayed = await sending.send(ctx, principal, body, idempotency_key)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return skillsync_ok(sent, "Message sent")


@router.get("/messages/conversations", responses=skillsync_errors(401, 403, 422, 429))
async def list_conversations(
    principal: Annotated[Principal, needs("messages:read")],
    db: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    unread_only: bool = False,
    search: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> SkillSyncOk[ConversationList]:
    page = await service.list_conversations(
        db, principal, limit=limit, unread_only=unread_only, search=search, cursor=cursor
    )
    return skillsync_ok(page, "Conversations retrieved")


@router.get(
    "/messages/conversations/{conversation_id}",
    responses=skillsync_errors(401, 403, 404, 422, 429),
)
async def read_conversation(
    conversation_id: str,
    principal: Annotated[Principal, needs("messages:read")],
    ctx: Ctx,
    db: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    before: Annotated[str | None, Query(max_length=40)] = None,
) -> SkillSyncOk[ConversationThread]:
    thread = await service.read_conversation(
        db, ctx, principal, conversation_id, limit=limit, before=before
    )
    return skillsync_ok(thread, "Messages retrieved")
