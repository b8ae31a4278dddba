"""Re-score one user against every counterpart after their profile changed, and store the outcome.

Candidates are scored against companies' openings and companies against candidates;
each pair scoring at least MIN_STORED_SCORE keeps two rows (one per side, each with its
own status). A pair falling below it loses the rows nobody has acted on yet. New rows
emit `match.created` to their owner.

A profile edit can touch 10,000 pairs, so the scores are computed first (reading, with
no write lock held) and stored in batches, each its own short transaction that re-reads
the rows it changes: other writers (and, on SQLite, everyone queued for the one write
lock) get in between batches. Batches size themselves to stay near `BATCH_SECONDS`.
Inserts do nothing on a pair another recompute stored first, so two users re-scored at
once never collide.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from talenttui.server import heap
from talenttui.server.clock import isoformat_z
from talenttui.server.context import ServerContext
from talenttui.server.db import insert_or_ignore
from talenttui.server.events import NewEvent, emit_many
from talenttui.server.models import Match, MatchAction, MatchStatus, Profile, ProfileKind, User
from talenttui.server.skillsync.matching.engine import MatchResult, match_candidate_to_role
from talenttui.server.skillsync.matching.inputs import (
    Side,
    candidate_input,
    candidate_side,
    company_side,
    matchable,
    role_input,
)
from talenttui.server.skillsync.matching.rows import (
    MIN_STORED_SCORE,
    new_match_id,
    new_pair_rows,
    scored_values,
)
from talenttui.server.skillsync.matching.sides import CandidateProfile, RoleProfile

log = logging.getLogger("talenttui.matching")

_COMPARED = (
    "score",
    "technical",
    "cultural",
    "experience",
    "match_reasons",
    "skills_matched",
    "skills_key",
    "matched_location",
    "matched_remote",
    "matched_experience_level",
)


@dataclass(frozen=True)
class ScoredPair:
    """`result` is None when either side has nothing to match on (no skills listed)."""

    candidate: Side
    company: Side
    result: MatchResult | None


@dataclass(frozen=True)
class _Stored:
    id: int
    status: str
    values: dict[str, Any]


def _pair_result(
    candidate: CandidateProfile, role: RoleProfile, both_matchable: bool
) -> MatchResult | None:
    return match_candidate_to_role(candidate, role) if both_matchable else None


def _score(
    user: tuple[int, str], profile: Profile, others: Sequence[tuple[int, str, Profile]]
) -> list[ScoredPair]:
    """CPU only, run in a worker thread; every attribute it reads is already loaded."""
    user_id, public_id = user
    out: list[ScoredPair] = []
    if profile.kind == ProfileKind.CANDIDATE:
        candidate = candidate_input(public_id, profile)
        me = candidate_side(user_id, public_id, profile, candidate)
        for other_id, other_public_id, other_profile in others:
            role = role_input(other_public_id, other_profile)
            result = _pair_result(candidate, role, matchable(profile) and matchable(other_profile))
            them = company_side(other_id, other_public_id, other_profile)
            out.append(ScoredPair(me, them, result))
        return out
    role = role_input(public_id, profile)
    me = company_side(user_id, public_id, profile)
    for other_id, other_public_id, other_profile in others:
        candidate = candidate_input(other_public_id, other_profile)
        result = _pair_result(candidate, role, matchable(profile) and matchable(other_profile))
        side = candidate_side(other_id, other_public_id, other_profile, candidate)
        out.append(ScoredPair(side, me, result))
    return out


async def _counterparts(
    db: AsyncSession, user_id: int, kind: str
) -> list[tuple[int, str, Profile]]:
    """Every profile of the other kind, read a page at a time (by user id, each page its
    own statement) so the event loop serves other requests between them (10,000
    profiles take a second to load)."""
    wanted = ProfileKind.COMPANY if kind == ProfileKind.CANDIDATE else ProfileKind.CANDIDATE
    found: list[tuple[int, str, Profile]] = []
    after = 0
    while True:
        page = (
            await db.execute(
                select(User.id, User.public_id, Profile)
                .join(Profile, Profile.user_id == User.id)
                .where(Profile.kind == wanted.value, User.id != user_id, User.id > after)
                .order_by(User.id)
                .limit(PARTITION)
            )
        ).all()
        found.extend((uid, public_id, p) for uid, public_id, p in page)
        if len(page) < PARTITION:
            return found
        after = page[-1][0]


async def _stored(
    db: AsyncSession, user_id: int, others: Sequence[int]
) -> dict[tuple[int, int], _Stored]:
    """The rows between `user_id` and `others`, both directions."""
    columns = [getattr(Match, name) for name in _COMPARED]
    rows = await db.execute(
        select(Match.id, Match.user_id, Match.matched_user_id, Match.status, *columns).where(
            or_(
                and_(Match.user_id == user_id, Match.matched_user_id.in_(others)),
                and_(Match.user_id.in_(others), Match.matched_user_id == user_id),
            )
        )
    )
    return {
        (row.user_id, row.matched_user_id): _Stored(
            id=row.id, status=row.status, values={name: getattr(row, name) for name in _COMPARED}
        )
        for row in rows
    }


def _created_event(row: dict[str, Any], owner: Side, other: Side) -> dict[str, Any]:
    """The reference's webhook payload for `match.created`."""
    return {
        "match_id": row["public_id"],
        "user_id": owner.public_id,
        "matched_user_id": other.public_id,
        "match_score": row["score"],
        "skills_matched": [s["skill"] for s in row["skills_matched"]],
        "timestamp": isoformat_z(row["created_at"]),
        "expires_at": isoformat_z(row["expires_at"]),
    }


def _other(user_id: int, pair: ScoredPair) -> int:
    return pair.company.user_id if pair.candidate.user_id == user_id else pair.candidate.user_id


async def store_pairs(
    db: AsyncSession, user_id: int, pairs: Sequence[ScoredPair], now: datetime
) -> list[tuple[dict[str, Any], Side, Side]]:
    """Insert, refresh or drop the rows of `pairs`; returns the inserted rows with their sides."""
    stored = await _stored(db, user_id, [_other(user_id, pair) for pair in pairs])
    inserts: list[tuple[dict[str, Any], Side, Side]] = []
    updates: list[dict[str, Any]] = []
    drop: list[int] = []
    for pair in pairs:
        directions = ((pair.candidate, pair.company), (pair.company, pair.candidate))
        if pair.result is None or pair.result.score < MIN_STORED_SCORE:
            for owner, other in directions:
                row = stored.get((owner.user_id, other.user_id))
                if row is not None and row.status == MatchStatus.NEW:
                    drop.append(row.id)
            continue
        fresh = new_pair_rows(
            pair.candidate, pair.company, pair.result, now, (new_match_id(), new_match_id())
        )
        for (owner, other), values in zip(directions, fresh, strict=True):
            row = stored.get((owner.user_id, other.user_id))
            if row is None:
                inserts.append((values, owner, other))
                continue
            changed = scored_values(owner, other, pair.result)
            if changed != row.values:
                updates.append({"id": row.id, "updated_at": now, **changed})
    if drop:  # a match acted on and then reset keeps its history, so it stays
        await db.execute(
            delete(Match).where(
                Match.id.in_(drop), ~exists().where(MatchAction.match_id == Match.id)
            )
        )
    if updates:
        await db.execute(update(Match), updates)
    if not inserts:
        return []
    added = set(
        await db.scalars(
            insert_or_ignore(db, Match).returning(Match.public_id),
            [values for values, _, _ in inserts],
        )
    )
    return [entry for entry in inserts if entry[0]["public_id"] in added]


BATCH_SECONDS = 0.03  # a batch held 30 ms leaves room for a busy machine under 100
PARTITION = 500
FIRST_BATCH = 100
MAX_BATCH = 2000


async def _store_batch(
    ctx: ServerContext, user_id: int, pairs: Sequence[ScoredPair], now: datetime
) -> tuple[int, float]:
    """Store one batch in a transaction of its own; returns the rows created and how long
    the transaction held the write lock (waiting for it is not counted)."""
    async with ctx.writes() as db:
        await db.connection()  # queue for the write lock (SQLite) and begin
        began = time.perf_counter()
        inserted = await store_pairs(db, user_id, pairs, now)
        await emit_many(
            db,
            [
                NewEvent(owner.user_id, "match.created", _created_event(values, owner, other))
                for values, owner, other in inserted
            ],
            now,
        )
        await db.commit()
    return len(inserted), time.perf_counter() - began


async def recompute_for_user(ctx: ServerContext, user_id: int) -> int:
    """Re-score a user whose profile is committed; returns how many match rows were created
    (each announced to its owner). Runs outside any caller's transaction."""
    now = ctx.now()
    began = time.perf_counter()
    async with ctx.sessions() as db:
        user = await db.get_one(User, user_id)
        profile = await db.scalar(select(Profile).where(Profile.user_id == user_id))
        if profile is None:
            return 0
        others = await _counterparts(db, user_id, profile.kind)
    loaded = time.perf_counter()
    pairs = await asyncio.to_thread(_score, (user.id, user.public_id), profile, others)
    del others  # 10,000 loaded profiles would make every full garbage collection walk them
    scored = time.perf_counter()
    created, start, size, batches, longest = 0, 0, FIRST_BATCH, 0, 0.0
    # so would the scored pairs (0.1-0.35 s a collection, inside a batch holding the write
    # lock and in every request's way): they sit out the store, frozen out of the collector
    with heap.set_aside():
        while start < len(pairs):
            made, held = await _store_batch(ctx, user_id, pairs[start : start + size], now)
            created, start, batches = created + made, start + size, batches + 1
            longest = max(longest, held)
            if held < BATCH_SECONDS / 2:
                size = min(MAX_BATCH, size * 2)
            elif held > BATCH_SECONDS:
                size = max(10, size // 2)
    log.info(
        "re-scored user %d: %d pairs, %d new rows in %d batches (longest held the write lock "
        "%.0f ms); load %.1f s, score %.1f s, store %.1f s",
        user_id,
        len(pairs),
        created,
        batches,
        longest * 1000,
        loaded - began,
        scored - loaded,
        time.perf_counter() - scored,
    )
    return created
