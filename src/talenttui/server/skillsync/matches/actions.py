"""Accept, reject, save or reset a match. Repeating the current action returns the first result unchanged.

A reset (the app's undo) only moves the status back to `new`: a conversation an accept
opened and the messages it sent stay, and no event is announced.

The status moves with a conditional UPDATE (`WHERE status = <the one read>`), so of two
concurrent requests only one records an action, opens the conversation and sends the
message; the other rolls back what it read (nothing is written before the UPDATE),
starts over and finds the action already done. The request's unit of work commits.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import CursorResult, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.db import hold_rows
from talenttui.server.errors import ApiError
from talenttui.server.events import NewEvent, emit, emit_many
from talenttui.server.models import Match, MatchAction, MatchStatus, Profile, User
from talenttui.server.skillsync.matches.schemas import ActionOut, MatchActionIn
from talenttui.server.skillsync.matches.service import owned_match
from talenttui.server.skillsync.messages.conversations import (
    ConversationRef,
    Outgoing,
    UserRef,
    open_or_reuse_conversation,
    post_message,
)
from talenttui.server.skillsync.profiles.service import profile_of
from talenttui.server.skillsync.profiles.suggestions import suggestions_for

STATUS_FOR_ACTION = {
    "accept": MatchStatus.ACCEPTED,
    "reject": MatchStatus.REJECTED,
    "save": MatchStatus.SAVED,
    "reset": MatchStatus.NEW,
}
_ATTEMPTS = 3


@dataclass(frozen=True)
class ActionOutcome:
    body: ActionOut
    created: bool


def _new_action_id() -> str:
    return f"action_{secrets.token_hex(8)}"


async def _latest(db: AsyncSession, match_id: int, action: str) -> MatchAction | None:
    return await db.scalar(
        select(MatchAction)
        .where(MatchAction.match_id == match_id, MatchAction.action == action)
        .order_by(MatchAction.id.desc())
        .limit(1)
    )


async def _next_steps(db: AsyncSession, actor: UserRef, action: str, other_name: str) -> list[str]:
    if action == "accept":
        steps = [f"Wait for response from {other_name}", "Check your messages for updates"]
        mine = await profile_of(db, actor.id)
        if mine is None or suggestions_for(mine):
            steps.append("Complete your profile for better matches")
        return steps
    if action == "reject":
        return [
            "This match no longer shows in your feed",
            "Review your other matches",
            "Refine your preferences to improve future matches",
        ]
    if action == "reset":
        return ["The match is back among your new matches", "Save, accept or reject it again"]
    return [
        "Find it later with the 'saved' status filter",
        "Accept it when you are ready to start a conversation",
    ]


async def _other_name(db: AsyncSession, user_id: int) -> str:
    name = await db.scalar(select(Profile.name).where(Profile.user_id == user_id))
    if name:
        return name
    user = await db.get(User, user_id)
    return user.full_name if user is not None and user.full_name else "them"


async def _body(db: AsyncSession, actor: UserRef, match: Match, action: MatchAction) -> ActionOut:
    return ActionOut(
        action_id=action.public_id,
        match_id=match.public_id,
        action=action.action,
        status=action.status,
        conversation_id=action.conversation_id,
        next_steps=await _next_steps(
            db, actor, action.action, await _other_name(db, match.matched_user_id)
        ),
    )


async def _announce(
    db: AsyncSession, ctx: ServerContext, actor: UserRef, match: Match, action: MatchAction
) -> None:
    now = ctx.now()
    other = await db.get(User, match.matched_user_id)
    assert other is not None
    common = {
        "action_id": action.public_id,
        "action": action.action,
        "status": action.status,
        "match_score": match.score,
        "timestamp": isoformat_z(now),
    }
    if action.action == "reject":
        await emit(
            db,
            actor.id,
            "match.rejected",
            {
                "match_id": match.public_id,
                "user_id": actor.public_id,
                "matched_user_id": other.public_id,
                "reason": action.message,
                "metadata": action.action_metadata,
                **common,
            },
            now,
        )
        return
    if action.action != "accept":
        return
    their_match_id = await db.scalar(
        select(Match.public_id).where(Match.user_id == other.id, Match.matched_user_id == actor.id)
    )
    mine = {
        "match_id": match.public_id,
        "user_id": actor.public_id,
        "matched_user_id": other.public_id,
        "conversation_id": action.conversation_id,
        "metadata": action.action_metadata,
        **common,
    }
    theirs = {
        "match_id": their_match_id,
        "user_id": other.public_id,
        "matched_user_id": actor.public_id,
        "accepted_by": actor.public_id,
        "conversation_id": action.conversation_id,
        **common,
    }
    # one call takes both users' counters in id order: two accepts of one pair cannot deadlock
    await emit_many(
        db,
        [NewEvent(actor.id, "match.accepted", mine), NewEvent(other.id, "match.accepted", theirs)],
        now,
    )


async def _record(
    db: AsyncSession, ctx: ServerContext, actor: UserRef, match: Match, body: MatchActionIn
) -> MatchAction:
    action = MatchAction(
        public_id=_new_action_id(),
        match_id=match.id,
        user_id=actor.id,
        action=body.action,
        status=STATUS_FOR_ACTION[body.action].value,
        message=body.message,
        action_metadata=body.metadata,
        created_at=ctx.now(),
    )
    if body.action == "accept":
        await hold_rows(db, User.id, [actor.id, match.matched_user_id])
        conversation = await open_or_reuse_conversation(
            db, ctx, actor.id, match.matched_user_id, match.public_id
        )
        action.conversation_id = conversation.public_id
        if body.message is not None:
            await post_message(
                db,
                ctx,
                Outgoing(
                    sender=actor,
                    conversation=ConversationRef(conversation.id, conversation.public_id),
                    recipient_id=match.matched_user_id,
                    text=body.message,
                    type="text",
                    metadata={"match_id": match.public_id},
                    idempotency_key=f"match-accept:{action.public_id}",
                ),
            )
    db.add(action)
    await db.flush()
    await _announce(db, ctx, actor, match, action)
    return action


async def act_on_match(
    db: AsyncSession, ctx: ServerContext, user: User, match_ref: str, body: MatchActionIn
) -> ActionOutcome:
    actor = UserRef(id=user.id, public_id=user.public_id)
    target = STATUS_FOR_ACTION[body.action].value
    for _ in range(_ATTEMPTS):
        match = await owned_match(db, actor.id, match_ref)
        if match.status == target:
            previous = await _latest(db, match.id, body.action)
            if previous is not None:
                return ActionOutcome(await _body(db, actor, match, previous), created=False)
        moved = await db.execute(
            update(Match)
            .where(Match.id == match.id, Match.status == match.status)
            .values(status=target, updated_at=ctx.now())
            .execution_options(synchronize_session=False)
        )
        assert isinstance(moved, CursorResult)
        if moved.rowcount != 1:
            await db.rollback()
            continue
        match.status = target
        action = await _record(db, ctx, actor, match, body)
        return ActionOutcome(await _body(db, actor, match, action), created=True)
    raise ApiError(
        409,
        "CONFLICT",
        "The match changed while this action was being recorded",
        suggestion="Retry the action.",
    )
