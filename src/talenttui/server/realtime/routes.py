"""`GET /v1/realtime`: a user's events as they commit, with replay from `?since=<seq>`.

Subscribe first, then send the stored backlog, then live frames with a seq above the
last one sent: nothing committed in between is lost, and nothing is sent twice.
Without `since` the first frame is `session.ready` with the current seq. Past the
replay window (or ahead of the current seq) the server sends `session.resync` and the
client refetches over REST. Heartbeats are WebSocket pings (uvicorn's ping interval).

A refused handshake gets an HTTP answer (401 bad or missing credentials or a token in
the URL, 403 without `messages:read`, 422 a bad `since`, 429 too many sockets) in the
SkillSync error envelope; on a server without the WebSocket denial extension it is
closed with 4000 + that status (4401, 4403, 4422, 4429) instead. An open socket is
closed 4401 when its credential is revoked or expires (realtime.limits).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.responses import Response
from sqlalchemy import select

from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.errors import ApiError, validation_error
from talenttui.server.hub import Closing, Frame, Subscription
from talenttui.server.models import Conversation, ConversationParticipant
from talenttui.server.realtime.limits import (
    TOO_MANY_FRAMES,
    FrameBudget,
    close_at_expiry,
    socket_cap,
    too_many_sockets,
)
from talenttui.server.realtime.replay import current_seq, read_backlog, read_between
from talenttui.server.realtime.sequencer import Sequencer
from talenttui.server.web.credentials import BEARER, principal_for
from talenttui.server.web.envelopes import render_error
from talenttui.server.web.principal import Principal

router = APIRouter(tags=["skillsync: realtime"])

TYPING_INTERVAL = 1.0


async def _deny(ws: WebSocket, err: ApiError) -> None:
    """Refuse the handshake with an HTTP answer where the server supports it, else close 4401."""
    if "websocket.http.response" in ws.scope.get("extensions", {}):
        body = render_error(ws.url.path, err).model_dump_json()
        await ws.send_denial_response(
            Response(body, status_code=err.status, media_type="application/json")
        )
    else:
        await ws.close(code=4000 + err.status, reason=err.message[:120])


async def _authenticate(ws: WebSocket, ctx: ServerContext) -> Principal:
    principal = await principal_for(ws, await BEARER(ws), ctx)
    principal.require("messages:read")
    return principal


_SEQ = re.compile(r"^[0-9]{1,18}$")


def _since(ws: WebSocket) -> int | None:
    """ASCII digits only (`"²".isdigit()` is true, and `int("²")` fails), at most 18 of them."""
    raw = ws.query_params.get("since")
    if raw is None:
        return None
    if not _SEQ.match(raw):
        raise validation_error(
            "since",
            "invalid_seq",
            "since must be a non-negative integer",
            expected="The seq of the last event received (ASCII digits)",
        )
    return int(raw)


def _ready(seq: int, ctx: ServerContext) -> dict[str, Any]:
    """First frame of a fresh connection: the seq to resume from with `since=`."""
    return {
        "id": None,
        "seq": None,
        "event": "session.ready",
        "data": {"seq": seq},
        "created_at": isoformat_z(ctx.now()),
    }


def _resync(seq: int, ctx: ServerContext) -> dict[str, Any]:
    return {
        "id": None,
        "seq": seq,
        "event": "session.resync",
        "data": {"reason": "replay window exceeded; refetch over REST", "seq": seq},
        "created_at": isoformat_z(ctx.now()),
    }


async def _relay_typing(ctx: ServerContext, principal: Principal, conversation_id: str) -> None:
    async with ctx.sessions() as db:
        members = (
            await db.scalars(
                select(ConversationParticipant.user_id)
                .join(Conversation, Conversation.id == ConversationParticipant.conversation_id)
                .where(Conversation.public_id == conversation_id)
            )
        ).all()
    if principal.user.id not in members:
        return
    body = {
        "id": None,
        "seq": None,
        "event": "typing",
        "data": {"conversation_id": conversation_id, "user_id": principal.user.public_id},
        "created_at": isoformat_z(ctx.now()),
    }
    await ctx.bus.ephemeral(
        Frame(user_id=uid, seq=None, body=body) for uid in members if uid != principal.user.id
    )


class _TypingThrottle:
    """At most one relayed `typing` per conversation a second per connection: a flood costs little."""

    def __init__(self) -> None:
        self._last: dict[str, float] = {}

    def allow(self, conversation_id: str) -> bool:
        now = time.monotonic()
        if now - self._last.get(conversation_id, -TYPING_INTERVAL) < TYPING_INTERVAL:
            return False
        if len(self._last) >= 100:
            self._last.clear()
        self._last[conversation_id] = now
        return True


async def _read_client(ws: WebSocket, ctx: ServerContext, principal: Principal) -> None:
    throttle = _TypingThrottle()
    budget = FrameBudget()
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            raise WebSocketDisconnect(message.get("code", 1000))
        if not budget.allow():
            await ws.close(code=TOO_MANY_FRAMES.code, reason=TOO_MANY_FRAMES.reason)
            return
        try:
            frame = json.loads(message.get("text") or "")
        except ValueError:
            frame = None
        if not isinstance(frame, dict):
            await ws.send_json({"event": "error", "data": {"message": "frames are JSON objects"}})
            continue
        kind = frame.get("type")
        conversation_id = frame.get("conversation_id")
        if kind == "ping":
            await ws.send_json({"event": "pong", "seq": None, "data": {}})
        elif kind == "typing":
            if isinstance(conversation_id, str) and throttle.allow(conversation_id):
                await _relay_typing(ctx, principal, conversation_id)
        else:
            await ws.send_json({"event": "error", "data": {"message": "unknown frame type"}})


async def _write_events(ws: WebSocket, ctx: ServerContext, sub: Subscription, last: int) -> None:
    async def read_gap(after: int, before: int) -> list[Frame]:
        return await read_between(ctx, sub.user_id, after, before)

    sequencer = Sequencer(last, read_gap)
    while True:
        frame = await sub.queue.get()
        if frame is None:
            await ws.close(code=1013, reason="too slow; reconnect with since=")
            return
        if isinstance(frame, Closing):
            await ws.close(code=frame.code, reason=frame.reason)
            return
        for ready in await sequencer.admit(frame):
            await ws.send_json(ready.body)


async def _start(ws: WebSocket, ctx: ServerContext, user_id: int, since: int | None) -> int:
    """Send the opening frames; returns the last seq the client now has."""
    if since is None:
        current = await current_seq(ctx, user_id)
        await ws.send_json(_ready(current, ctx))
        return current
    backlog = await read_backlog(ctx, user_id, since)
    if backlog.frames is None:
        await ws.send_json(_resync(backlog.current, ctx))
        return backlog.current
    for frame in backlog.frames:
        await ws.send_json(frame.body)
    return backlog.current


@router.websocket("/realtime")
async def realtime(ws: WebSocket) -> None:
    ctx: ServerContext = ws.app.state.ctx
    try:
        principal = await _authenticate(ws, ctx)
        since = _since(ws)
    except ApiError as err:
        await _deny(ws, err)
        return
    if ctx.hub.connections(principal.user.id) >= socket_cap(principal.plan):
        await _deny(ws, too_many_sockets(principal.plan))
        return
    sub = ctx.hub.subscribe(principal.user.id, principal.credential)
    expiry = asyncio.create_task(close_at_expiry(ctx, sub, principal.expires_at))
    try:
        await _authenticate(ws, ctx)  # again, now subscribed: a revocation in between is seen
    except ApiError as err:
        ctx.hub.unsubscribe(sub)
        expiry.cancel()
        await _deny(ws, err)
        return
    await ws.accept()
    try:
        last = await _start(ws, ctx, principal.user.id, since)
        tasks = [
            asyncio.create_task(_read_client(ws, ctx, principal)),
            asyncio.create_task(_write_events(ws, ctx, sub, last)),
        ]
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, WebSocketDisconnect):
                await task
        for task in done:
            with contextlib.suppress(WebSocketDisconnect):
                task.result()
    except WebSocketDisconnect:
        pass
    finally:
        expiry.cancel()
        ctx.hub.unsubscribe(sub)
