"""Group commit: writes that wait for the writer together go in one transaction.

A write submitted here is a job for a *batch function*, which does the writes of many
jobs at once in the session it is given and answers each of them. Jobs that arrive
while a group's transaction runs wait, and go in the next group, together: sixteen
messages sent at once into one conversation are then one INSERT, one UPDATE of each
counter and one COMMIT, instead of sixteen transactions that queue for SQLite's one
writer (or, on PostgreSQL, for the conversation's and the recipient's rows) one after
the other. Nothing waits to make a group: the first job goes at once, in a group of one.

Each job is answered only after its group's transaction commits, so an answer still
means the write is durable (and the commit's hooks, realtime events included, have run).
If a group fails, it is rolled back whole and each of its jobs is run again in a
transaction of its own: a job that fails then fails alone, with its own error, and the
others are written as if they had come one by one.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

Job = TypeVar("Job")
Answer = TypeVar("Answer")

Batch = Callable[[AsyncSession, Sequence[Job]], Awaitable[Sequence[Answer]]]
"""Writes `jobs` in the session (which it does not commit) and answers each, in order."""

MAX_GROUP = 100
log = logging.getLogger("talenttui.group_commit")


@dataclass(frozen=True)
class _Waiting(Generic[Job, Answer]):
    job: Job
    answer: asyncio.Future[Answer]


class GroupCommit(Generic[Job, Answer]):
    """One batch function's jobs, grouped; one of these per kind of write and process."""

    def __init__(
        self,
        writes: async_sessionmaker[AsyncSession],
        batch: Batch[Job, Answer],
        max_group: int = MAX_GROUP,
    ) -> None:
        self._writes = writes
        self._batch = batch
        self._max_group = max_group
        self._waiting: list[_Waiting[Job, Answer]] = []
        self._writer: asyncio.Task[None] | None = None

    async def write(self, job: Job) -> Answer:
        """The job's answer once its group has committed; its own error if it failed."""
        waiting: _Waiting[Job, Answer] = _Waiting(job, asyncio.get_running_loop().create_future())
        self._waiting.append(waiting)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._drain(), name="group-commit")
        try:
            return await asyncio.shield(waiting.answer)
        except asyncio.CancelledError:  # a caller that goes away leaves its group be
            waiting.answer.add_done_callback(_ignored)
            raise

    async def _drain(self) -> None:
        while self._waiting:
            group = self._waiting[: self._max_group]
            del self._waiting[: self._max_group]
            try:
                await self._commit(group)
            except BaseException as exc:  # cancelled at shutdown: nobody is left waiting
                for waiting in [*group, *self._waiting]:
                    if not waiting.answer.done():
                        waiting.answer.set_exception(exc)
                self._waiting.clear()
                raise

    async def _commit(self, group: list[_Waiting[Job, Answer]]) -> None:
        try:
            answers = await self._run([waiting.job for waiting in group])
        except Exception as exc:
            if len(group) == 1:
                _settle(group[0].answer, exc)
                return
            log.warning("a group of %d writes failed (%s): each again alone", len(group), exc)
            for waiting in group:  # one by one: the job at fault fails alone
                await self._commit([waiting])
            return
        for waiting, answer in zip(group, answers, strict=True):
            _settle(waiting.answer, answer)

    async def _run(self, jobs: list[Job]) -> Sequence[Answer]:
        async with self._writes() as db:
            try:
                answers = await self._batch(db, jobs)
                if len(answers) != len(jobs):
                    raise RuntimeError(f"{len(answers)} answers for {len(jobs)} jobs")
                await db.commit()
            except BaseException:
                await db.rollback()
                raise
        return answers


def _ignored(future: asyncio.Future[Any]) -> None:
    if not future.cancelled():
        future.exception()  # retrieved: no "exception was never retrieved" in the log


def _settle(future: asyncio.Future[Any], outcome: object) -> None:
    if future.done():
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
