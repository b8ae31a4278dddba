"""What a match reveals beyond the reference (our extensions): the other party's email once
the recruiter has accepted, and the reason a rejection was given.

The rule: the recruiter's accept is the consent that opens contact. From then on the
recruiter's match shows the candidate's email (so the recruiter can invite them to an
interview) and the candidate's match shows the recruiter's; a candidate's accept alone
reveals nothing, and the recruiter's undo (back to new) or reject hides both again. Nobody
else ever sees either: a match is only ever read by its owner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from talenttui.server.models import Match, MatchAction, MatchStatus, Role, User

REASON_KEY = "reason"
"""The key of a reject action's ``metadata`` that holds the reason the person picked."""


@dataclass(frozen=True)
class Viewer:
    id: int
    recruiter: bool

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(id=user.id, recruiter=user.role_id == Role.RECRUITER.value)


def revealed(viewer: Viewer) -> ColumnElement[bool]:
    """The viewer's matches whose other party's email they may see (SQL, for filters)."""
    accepted = MatchStatus.ACCEPTED.value
    if viewer.recruiter:
        return Match.status == accepted
    theirs = aliased(Match)
    return exists().where(
        and_(
            theirs.user_id == Match.matched_user_id,
            theirs.matched_user_id == Match.user_id,
            theirs.status == accepted,
        )
    )


def with_contact(viewer: Viewer, email: str) -> ColumnElement[bool]:
    """The viewer's matches whose revealed email is ``email`` (the feed's extension filter)."""
    people = select(User.id).where(User.email == email.strip().casefold())
    return and_(Match.matched_user_id.in_(people), revealed(viewer))


async def contact_emails(
    db: AsyncSession, viewer: Viewer, matches: Sequence[Match]
) -> dict[int, str]:
    """Match id -> the other party's email, for the matches of ``matches`` that reveal it."""
    if not matches:
        return {}
    ids = [m.id for m in matches]
    rows = await db.execute(
        select(Match.id, User.email)
        .join(User, User.id == Match.matched_user_id)
        .where(Match.id.in_(ids), revealed(viewer))
    )
    return {match_id: email for match_id, email in rows}


async def reject_reasons(db: AsyncSession, matches: Sequence[Match]) -> dict[int, str]:
    """Match id -> the reason of its latest reject, for the rejected ones that gave one."""
    rejected = [m.id for m in matches if m.status == MatchStatus.REJECTED.value]
    if not rejected:
        return {}
    rows = await db.execute(
        select(MatchAction.match_id, MatchAction.action_metadata)
        .where(MatchAction.match_id.in_(rejected), MatchAction.action == "reject")
        .order_by(MatchAction.id)
    )
    reasons: dict[int, str] = {}
    for match_id, metadata in rows:
        reason = metadata.get(REASON_KEY) if isinstance(metadata, dict) else None
        if isinstance(reason, str) and reason.strip():
            reasons[match_id] = reason
        else:
            reasons.pop(match_id, None)
    return reasons
