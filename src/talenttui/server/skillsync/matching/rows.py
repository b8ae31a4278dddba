"""The two `matches` rows of a scored candidate/company pair, shared by live recomputes and the demo seed."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from talenttui.server.models import MatchStatus
from talenttui.server.skillsync.matching.engine import MatchResult
from talenttui.server.skillsync.matching.inputs import Side
from talenttui.server.skillsync.matching.vocabulary import normalize_skill

MIN_STORED_SCORE = 40
MATCH_TTL = timedelta(days=7)


def new_match_id() -> str:
    return f"match_{secrets.token_hex(8)}"


def pair_key(candidate: Side, company: Side) -> str:
    return f"{candidate.user_id}:{company.user_id}"


def skills_key(names: Iterable[str]) -> str:
    """`|react|node.js|`: lets SQL find matches naming a skill with a plain LIKE, on any backend."""
    return "|" + "".join(f"{n}|" for n in sorted({normalize_skill(x) for x in names}))


def scored_values(owner: Side, other: Side, result: MatchResult) -> dict[str, Any]:
    """Everything a recompute may change on an owner's row; status and dates stay."""
    return {
        "score": result.score,
        "technical": result.compatibility.technical,
        "cultural": result.compatibility.cultural,
        "experience": result.compatibility.experience,
        "match_reasons": list(result.match_reasons),
        "skills_matched": [{"skill": s, "weight": w} for s, w in result.skills_matched],
        "skills_key": skills_key(s for s, _ in result.skills_matched),
        "matched_location": other.location.casefold(),
        "matched_remote": other.remote,
        "matched_experience_level": other.experience_level,
    }


def new_pair_rows(
    candidate: Side,
    company: Side,
    result: MatchResult,
    now: datetime,
    public_ids: tuple[str, str],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Insert values for (the candidate's row, the company's row)."""
    key = pair_key(candidate, company)
    rows = []
    for (owner, other), public_id in zip(
        ((candidate, company), (company, candidate)), public_ids, strict=True
    ):
        rows.append(
            {
                "public_id": public_id,
                "pair_key": key,
                "user_id": owner.user_id,
                "matched_user_id": other.user_id,
                "status": MatchStatus.NEW.value,
                "created_at": now,
                "expires_at": now + MATCH_TTL,
                "updated_at": now,
                **scored_values(owner, other, result),
            }
        )
    return rows[0], rows[1]
