"""Realtime across server processes: PostgreSQL LISTEN/NOTIFY beside the event log.

On SQLite one process owns the data dir, and the hub alone is the bus (`LocalBus`).

On PostgreSQL (`PostgresBus`) the event log stays the source of truth; notifications
only say where to look. A transaction that emits events also sends, with its commit,
`NOTIFY talenttui_events 'user:seq'` for each user it emitted to (`events.emit_many`). Every process keeps one
dedicated connection (not from the pool) LISTENing; on a notification for a user it
has subscribers for, it reads from the log the events above the last `seq` it
published to them and hands them to the hub, whose per-connection `Sequencer` drops
duplicates and fills gaps. The connection is re-opened when lost (and probed every
few seconds, so a silently dead one is noticed), and on every (re)connect the process
catches up from the log for all its subscribers: a notification missed while it was
not listening loses nothing.

Two other channels carry what is not in the log, tagged with the sending process so
it does not deliver them twice: ephemeral frames (`typing`), sent at once, and
notices, control messages for one user's connections (a credential revoked, say),
sent with the transaction that caused them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import secrets
from collections.abc import Iterable
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from talenttui.server.events import EVENTS_CHANNEL
from talenttui.server.hub import NOTICES_KEY, Frame, Hub, Notice, event_frame
from talenttui.server.models import Event, User

log = logging.getLogger("talenttui.bus")

NOTICES_CHANNEL = "talenttui_notices"
FRAMES_CHANNEL = "talenttui_frames"
PROBE_SECONDS = 5.0
READ_USERS = 100


class LocalBus:
    """One process: what commits here is all there is."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        return None

    def state(self) -> Literal["local", "listening", "reconnecting"]:
        return "local"

    async def notice(self, db: AsyncSession, notice: Notice) -> None:
        """Deliver `notice` to the user's connections once `db`'s transaction commits."""
        db.info.setdefault(NOTICES_KEY, []).append(notice)

    async def ephemeral(self, frames: Iterable[Frame]) -> None:
        """Deliver frames that are not in the event log (`typing`) now."""
        for frame in frames:
            self.hub.publish(frame)


class PostgresBus(LocalBus):
    def __init__(
        self, hub: Hub, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]
    ) -> None:
        super().__init__(hub)
        self._engine = engine
        self._sessions = sessions
        self._dsn = make_url(engine.url).set(drivername="postgresql")
        self._origin = secrets.token_hex(8)
        self._wanted: dict[int, int] = {}
        self._reader: asyncio.Task[None] | None = None
        self._task: asyncio.Task[None] | None = None
        self.listening = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen_forever(), name="bus-listener")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), timeout=10)

    async def stop(self) -> None:
        for task in (self._task, self._reader):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    def state(self) -> Literal["local", "listening", "reconnecting"]:
        return "listening" if self.listening.is_set() else "reconnecting"

    async def notice(self, db: AsyncSession, notice: Notice) -> None:
        await super().notice(db, notice)
        payload = {"origin": self._origin, "user": notice.user_id, "kind": notice.kind}
        await db.execute(
            select(func.pg_notify(NOTICES_CHANNEL, json.dumps({**payload, "data": notice.data})))
        )

    async def ephemeral(self, frames: Iterable[Frame]) -> None:
        frames = list(frames)
        await super().ephemeral(frames)
        async with self._engine.connect() as conn:
            for frame in frames:
                payload = {"origin": self._origin, "user": frame.user_id, "body": frame.body}
                await conn.execute(select(func.pg_notify(FRAMES_CHANNEL, json.dumps(payload))))
            await conn.commit()

    async def _listen_forever(self) -> None:
        pause = 0.1
        while True:
            try:
                await self._listen_once()
                log.warning("realtime listener connection lost; reconnecting")
                pause = 0.1
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("realtime listener: %s; retrying in %.1f s", type(exc).__name__, pause)
                pause = min(5.0, pause * 2)
            finally:
                self.listening.clear()
            await asyncio.sleep(pause)

    async def _listen_once(self) -> None:
        """LISTEN on a connection of its own until it is lost (or stops answering a probe)."""
        import asyncpg

        conn = await asyncpg.connect(self._dsn.render_as_string(hide_password=False))
        try:
            lost = asyncio.Event()
            conn.add_termination_listener(lambda _conn: lost.set())
            await conn.add_listener(EVENTS_CHANNEL, self._on_events)
            await conn.add_listener(NOTICES_CHANNEL, self._on_notice)
            await conn.add_listener(FRAMES_CHANNEL, self._on_frame)
            await self._catch_up()
            self.listening.set()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), timeout=PROBE_SECONDS)
                if not lost.is_set():
                    await asyncio.wait_for(conn.execute("SELECT 1"), timeout=PROBE_SECONDS)
        finally:
            with contextlib.suppress(Exception):
                await conn.close(timeout=1)

    async def _catch_up(self) -> None:
        """Every watched user's events up to their current seq: nothing missed while deaf."""
        watched = self.hub.watched()
        if not watched:
            return
        async with self._sessions() as db:
            rows = await db.execute(select(User.id, User.event_seq).where(User.id.in_(watched)))
            for user_id, seq in rows.all():
                self._want(user_id, seq)

    def _on_events(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        for item in payload.split():
            user, _, seq = item.partition(":")
            with contextlib.suppress(ValueError):
                self._want(int(user), int(seq))

    def _want(self, user_id: int, seq: int) -> None:
        if self.hub.watches(user_id) and seq > (self.hub.published_seq(user_id) or 0):
            self._wanted[user_id] = max(seq, self._wanted.get(user_id, 0))
            if self._reader is None or self._reader.done():
                self._reader = asyncio.create_task(self._read_wanted(), name="bus-reader")

    async def _read_wanted(self) -> None:
        while self._wanted:
            batch = dict(list(self._wanted.items())[:READ_USERS])
            for user_id in batch:
                del self._wanted[user_id]
            try:
                for frame in await self._read(batch):
                    self.hub.publish(frame)
            except Exception:
                log.exception("realtime: reading the event log failed; retrying")
                for user_id, seq in batch.items():
                    self._wanted[user_id] = max(seq, self._wanted.get(user_id, 0))
                await asyncio.sleep(0.5)

    async def _read(self, wanted: dict[int, int]) -> list[Frame]:
        """Events above what was published here, up to the notified seq (the newest one
        alone for a user never published to: the Sequencer reads any gap before it)."""
        ranges = []
        for user_id, seq in wanted.items():
            after = self.hub.published_seq(user_id)
            after = seq - 1 if after is None else after
            ranges.append(and_(Event.user_id == user_id, Event.seq > after, Event.seq <= seq))
        async with self._sessions() as db:
            rows = await db.scalars(select(Event).where(or_(*ranges)).order_by(Event.id))
            return [event_frame(row) for row in rows]

    def _foreign(self, payload: str) -> dict[str, Any] | None:
        """The message of a notification sent by another process (ours are delivered already)."""
        try:
            message = json.loads(payload)
        except ValueError:
            return None
        if not isinstance(message, dict) or message.get("origin") == self._origin:
            return None
        return message

    def _on_notice(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        message = self._foreign(payload)
        if message is not None:
            self.hub.notice(Notice(int(message["user"]), str(message["kind"]), message["data"]))

    def _on_frame(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        message = self._foreign(payload)
        if message is not None:
            self.hub.publish(Frame(user_id=int(message["user"]), seq=None, body=message["body"]))


def make_bus(hub: Hub, engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession]) -> LocalBus:
    if engine.dialect.name == "postgresql":
        return PostgresBus(hub, engine, sessions)
    return LocalBus(hub)
