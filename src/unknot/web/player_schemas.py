"""Pydantic models of the browser player's session API (issue 6): strict, with clear limits."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, field_validator

from unknot.web.schemas import Strict, Whole

MaxSteps = 2000


def Pain(default: Any = ...) -> Any:
    return Field(default, ge=0, le=10, description="0 (no pain) to 10 (worst imaginable)")


def Seconds() -> Any:
    return Field(ge=0, le=86_400)


class CueIn(Strict):
    at_s: int = Field(ge=0, le=86_400)
    kind: Literal["next", "start", "halfway", "last_seconds", "switch_sides", "rest", "finish"]
    text: str = Field(min_length=1, max_length=500)


class PlanStepIn(Strict):
    index: int = Field(ge=0, le=MaxSteps)
    kind: Literal["prepare", "work", "rest", "switch"]
    start_s: int = Seconds()
    duration_s: int = Field(ge=1, le=86_400)
    title: str = Field(min_length=1, max_length=500)
    instructions: list[str] = Field(max_length=50)
    cues: list[CueIn] = Field(max_length=50)
    technique: str | None = Field(max_length=80)
    side: Literal["left", "right"] | None
    variant: str | None = Field(max_length=80)
    rep: int = Field(ge=0, le=1000)
    reps: int = Field(ge=0, le=1000)
    position: str = Field(max_length=200)
    illustration: str = Field(max_length=200)
    rate_after: bool
    gentle: bool = Field(False, description="The step's technique is tagged gentle")


class RoutineRef(Strict):
    id: str = Field(min_length=1, max_length=80)
    name: str = Field(max_length=200)


class PlanIn(Strict):
    """The plan JSON exactly as ``GET /api/v1/plan`` gave it (docs/plan.schema.json).

    Formats 1 and 2 (docs/plan.schema.v1.json, v2) are still accepted: a phone that was offline
    sends the session with the plan it ran, and it is stored as it is, in that format.
    """

    format: Literal[1, 2, 3]
    routine: RoutineRef
    language: str = Field(min_length=2, max_length=16)
    total_s: int = Seconds()
    steps: list[PlanStepIn] = Field(min_length=1, max_length=MaxSteps)
    adaptations: list[dict[str, Any]] = Field(max_length=200)
    notices: list[str] = Field(max_length=200)
    stop_rules: dict[str, Any]
    levels: dict[str, float]


class PlayedStepIn(Strict):
    index: int = Field(ge=0, le=MaxSteps, description="The plan step's index")
    technique: str | None = Field(max_length=80)
    side: Literal["left", "right"] | None
    target_s: float = Seconds()
    actual_s: float = Seconds()
    outcome: Literal["completed", "skipped", "back", "stopped", "quit", "left_out"]
    started_at_s: float = Field(ge=0, le=86_400, description="Active seconds at its start")


class StopIn(Strict):
    step_index: int = Field(ge=0, le=MaxSteps)
    technique: str | None = Field(max_length=80)
    rule: str = Field(
        pattern=r"^(pain\.(rise|ceiling)|symptom\.[a-z0-9_]{1,60}|session\.[a-z0-9_]{1,60})$"
    )
    action: Literal["emergency", "stop_session", "stop_technique"]
    reason: str = Field(max_length=2000)
    at_s: float = Seconds()


class RatingIn(Strict):
    value: Whole = Pain()
    context: Literal["during", "technique"]
    step_index: int = Field(ge=0, le=MaxSteps)
    technique: str | None = Field(max_length=80)
    at_s: float = Seconds()


class SessionIn(Strict):
    """The whole session so far; a later body replaces an earlier one for the same id."""

    plan: PlanIn
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    status: Literal["running", "finished", "stopped", "quit", "partial"]
    end_reason: str = Field("", max_length=2000)
    pain_before: Whole | None = Pain(None)
    pain_after: Whole | None = Pain(None)
    steps: list[PlayedStepIn] = Field([], max_length=MaxSteps * 3)
    stops: list[StopIn] = Field([], max_length=200)
    ratings: list[RatingIn] = Field([], max_length=500)

    @field_validator("started_at", "ended_at")
    @classmethod
    def plausible_time(cls, value: datetime | None) -> datetime | None:
        """A time between 2000 and 2100, given in UTC or any offset."""
        if value is None:
            return None
        try:
            utc = value.astimezone(UTC)
        except OverflowError:
            raise ValueError("must be a time between the years 2000 and 2100") from None
        if not 2000 <= utc.year < 2100:
            raise ValueError("must be a time between the years 2000 and 2100")
        return utc


class SessionSavedOut(BaseModel):
    id: str
    changed: bool = Field(description="False when the same body had already been saved")
    status: str
    server_stops: int = Field(description="Stop events added by the server's own re-check")


class FollowUpIn(Strict):
    settled: bool = Field(description="Did the pain settle within about 30 minutes?")
    worse_next_morning: bool = Field(description="Was it worse the next morning?")


class FollowUpOut(BaseModel):
    ok: bool = Field(description="True: all was well, doses may go up after three such sessions")
    advice: str


class StopFollowUpIn(Strict):
    passed: bool = Field(description="Has what stopped the last session passed?")


class StopFollowUpOut(BaseModel):
    can_start: bool = Field(description="False: no session today")
    message: str = Field(description="Why not, and where to get advice today")
