"""What `/v1/matches` accepts: the feed's filters and the body of a match action.

`reset` is our extension to the reference's actions: it puts a match back to `new`, which
is how the app undoes a save, accept or reject.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

ExperienceLevel = Literal["junior", "mid", "senior", "lead"]
StatusFilter = Literal["new", "saved", "accepted", "rejected"]
ActionName = Literal["accept", "reject", "save", "reset"]

DEFAULT_MIN_SCORE = 60
MAX_SKILL_FILTERS = 20
MAX_METADATA_BYTES = 4096


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

    @property
    def effective_min_score(self) -> int:
        return DEFAULT_MIN_SCORE if self.min_score is None else self.min_score

    def filters_applied(self) -> dict[str, Any]:
        given: dict[str, Any] = {
            "min_score": self.min_score,
            "skills": list(self.skills) or None,
            "location": self.location,
            "experience_level": self.experience_level,
            "status": self.status,
        }
        return {key: value for key, value in given.items() if value is not None}


class MatchActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    action: ActionName
    message: Annotated[str, StringConstraints(min_length=1, max_length=5000)] | None = None
    metadata: Annotated[dict[str, Any], Field(max_length=20)] = Field(default_factory=dict)

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

    @field_validator("metadata")
    @classmethod
    def _small(cls, value: dict[str, Any]) -> dict[str, Any]:
        if len(json.dumps(value)) > MAX_METADATA_BYTES:
            raise PydanticCustomError(
                "metadata_too_large",
                "Metadata is too large",
                {"expected_text": f"An object of at most {MAX_METADATA_BYTES} bytes as JSON"},
            )
        return value
