"""The matching engine and the matches it stores, pure parts first.

`engine` scores one candidate against one company opening (pure and deterministic,
its formula in its docstring), `sides` reads both sides from the reference's JSON,
`vocabulary` holds the names it understands and `reasons` the words of its
`match_reasons`. Over the database: `inputs` turns profile rows into sides, `rows`
builds a pair's two match rows, `recompute` re-scores a user after a profile change.

The engine's API is handed on here for scripts and benchmarks.
"""

from talenttui.server.skillsync.matching.engine import (
    MatchResult,
    match_candidate_to_role,
    rank_for_role,
    score_many,
)
from talenttui.server.skillsync.matching.sides import (
    CandidateProfile,
    Preferences,
    RequiredSkill,
    RoleProfile,
    Skill,
)
from talenttui.server.skillsync.matching.vocabulary import SKILL_LEVELS, normalize_skill

__all__ = [
    "SKILL_LEVELS",
    "CandidateProfile",
    "MatchResult",
    "Preferences",
    "RequiredSkill",
    "RoleProfile",
    "Skill",
    "match_candidate_to_role",
    "normalize_skill",
    "rank_for_role",
    "score_many",
]
