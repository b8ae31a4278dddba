"""What `/v1/matches` accepts (the feed's filters, the body of a match action) and answers.

`reset` is our extension to the reference's actions: it puts a match back to `new`, which
is how the app undoes a save, accept or reject. `counts` on a feed page is another; a
match's `contact_email` and `reject_reason` and the feed's `contact_email` filter are the
others (`contacts.py` says when they show).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from talenttui.server.skillsync.matches.insights import Insights
from talenttui.server.web.free_form import FreeFormObject

ExperienceLevel = Literal["junior", "mid", "senior", "lead"]
StatusFilter = Literal["new", "saved", "accepted", "rejected"]
ActionName = Literal["accept", "reject", "save", "reset"]

DEFAULT_MIN_SCORE = 60
MAX_SKILL_FILTERS = 20


@dataclass(frozen=True)
class MatchQuery:
    """The feed's filters; `None` means not given (and then absent from `filters_applied`)."""

    limit: int
    page: int
    min_score: int | None
    skills: tuple[str, ...]
    location: str | None
    experience_level: ExperienceLevel | None
    status: StatusFilter | None
    contact_email: str | None = None

    @property
    def effective_min_score(self) -> int:
        return DEFAULT_MIN_SCORE if self.min_score is None else self.min_score

    def filters_applied(self) -> FiltersApplied:
        return FiltersApplied(
            min_score=self.min_score,
            skills=list(self.skills) or None,
            location=self.location,
            experience_level=self.experience_level,
            status=self.status,
        )


class MatchActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    action: ActionName
    message: Annotated[str, StringConstraints(min_length=1, max_length=5000)] | None = None
    metadata: FreeFormObject = Field(default_factory=dict)

    @field_validator("message")
    @classmethod
    def _printable(cls, value: str | None) -> str | None:
        if value is not None and ("\x00" in value or not value.strip()):
            raise PydanticCustomError(
                "invalid_message",
                "Message is blank or contains NUL bytes",
                {"expected_text": "Non-blank text without NUL bytes"},
            )
        return value


def _absent(value: object) -> bool:
    return value is None


class FiltersApplied(BaseModel):
    """The filters the request gave; those it did not are left out."""

    min_score: int | None = Field(default=None, exclude_if=_absent)
    skills: list[str] | None = Field(default=None, exclude_if=_absent)
    location: str | None = Field(default=None, exclude_if=_absent)
    experience_level: ExperienceLevel | None = Field(default=None, exclude_if=_absent)
    status: StatusFilter | None = Field(default=None, exclude_if=_absent)


class CompanyCard(BaseModel):
    """The `profile` of a match with a company (as the reference prints it)."""

    name: str
    type: str | None
    logo: str | None
    location: str
    company_size: str | None
    industry: str | None
    role_title: str


class CandidateCard(BaseModel):
    """The `profile` of a match with a candidate."""

    name: str
    title: str
    avatar: str | None
    location: str
    remote_work: bool
    experience_years: int


class SkillWeight(BaseModel):
    skill: str
    weight: float


class CompatibilityScores(BaseModel):
    technical: int
    cultural: int
    experience: int


class MatchOut(BaseModel):
    """The reference's match object, plus this side's `status`, and (our extensions, absent
    when they do not apply) the other party's email once the recruiter has accepted and
    the reason of a rejection."""

    id: str
    user_id: str
    profile: CompanyCard | CandidateCard | None
    match_score: int
    match_reasons: list[str]
    skills_matched: list[SkillWeight]
    compatibility_scores: CompatibilityScores
    status: str
    created_at: str
    expires_at: str
    contact_email: str | None = Field(default=None, exclude_if=_absent)
    reject_reason: str | None = Field(default=None, exclude_if=_absent)


class MatchDetails(MatchOut):
    insights: Insights


class Pagination(BaseModel):
    total: int
    page: int
    per_page: int
    total_pages: int


class StatusCounts(BaseModel):
    """Matches per status under the request's filters other than `status` (our extension)."""

    new: int
    saved: int
    accepted: int
    rejected: int

    def total_for(self, status: StatusFilter | None) -> int:
        """The feed's total under the same filters: the asked status, or all but rejected
        (as `service._conditions` filters), so the page needs no count query of its own."""
        if status is not None:
            return int(getattr(self, status))
        return sum(n for name, n in self if name != "rejected")


class MatchPage(BaseModel):
    matches: list[MatchOut]
    pagination: Pagination
    filters_applied: FiltersApplied
    counts: StatusCounts


class ActionOut(BaseModel):
    action_id: str
    match_id: str
    action: str
    status: str
    conversation_id: str | None
    next_steps: list[str]
