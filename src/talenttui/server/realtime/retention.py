"""Keep the event log bounded: prune it at start-up and then periodically."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from talenttui.server.context import ServerContext
from talenttui.server.events import prune_events

log = logging.getLogger("talenttui.events")


class EventRetention:
    def __init__(self, ctx: ServerContext) -> None:
        self.ctx = ctx
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="event-retention")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def prune_once(self) -> int:
        settings = self.ctx.settings
        async with self.ctx.writes() as db:
            return await prune_events(
                db, self.ctx.now(), settings.realtime_replay_window, settings.realtime_replay_days
            )

    async def _run(self) -> None:
        while True:
            try:
                removed = await self.prune_once()
                if removed:
                    log.info("pruned %d events outside the replay window", removed)
            except Exception:
                log.exception("event pruning failed")
            await asyncio.sleep(self.ctx.settings.event_prune_interval_seconds)
