"""What a played session is made of: the player's states, the records of steps, stops and pain
reports it keeps, and the events it returns to a face (:mod:`unknot.core.player` runs them).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from unknot.core.plan import Cue
from unknot.core.stoprules import Recheck, StopAction
from unknot.errors import UnknotError


class PlayerError(UnknotError):
    """An action that the player's current state does not allow."""


class State(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    RESTING = "resting"  # a technique stopped for numbness or tingling: 3 minutes' rest
    ASKING = "asking"  # after the rest: has it settled? (no answer in time = no)
    FINISHED = "finished"  # every step played (some may have been skipped)
    STOPPED = "stopped"  # a stop rule ended the session
    QUIT = "quit"  # the person ended it early

    @property
    def over(self) -> bool:
        return self in (State.FINISHED, State.STOPPED, State.QUIT)

    @property
    def checking(self) -> bool:
        return self in (State.RESTING, State.ASKING)


class Outcome(StrEnum):
    COMPLETED = "completed"
    SKIPPED = "skipped"  # the person moved on (next) before the end
    BACK = "back"  # the person went back from this step
    STOPPED = "stopped"  # a stop rule ended this technique or the session
    QUIT = "quit"  # the session ended during this step
    # Not played: a pain report above 5/10 left the rest of the session to gentle techniques
    # (stop rule ``pain.gentle_only``), or a stop-the-session rule ended it; the reason is in
    # that stop event.
    LEFT_OUT = "left_out"


@dataclass(frozen=True)
class StepRecord:
    """One played (part of a) step: target and actual time, and how it ended."""

    index: int
    target_s: float
    actual_s: float
    outcome: Outcome
    started_at_s: float  # active time at which it started
    technique_id: str | None
    side: str | None


@dataclass(frozen=True)
class StopEvent:
    step_index: int
    technique_id: str | None
    rule_id: str
    action: StopAction
    reason: str
    at_s: float


@dataclass(frozen=True)
class PainReport:
    value: int
    step_index: int
    technique_id: str | None
    at_s: float


# Events returned to the face.
@dataclass(frozen=True)
class StepStarted:
    index: int


@dataclass(frozen=True)
class StepEnded:
    record: StepRecord


@dataclass(frozen=True)
class CueDue:
    step_index: int
    cue: Cue
    scheduled_s: float  # active time at which it was due


@dataclass(frozen=True)
class SessionEnded:
    state: State
    reason: str = ""


@dataclass(frozen=True)
class CheckStarted:
    """A rest began (``phase`` rest) or its question is now asked (``phase`` ask)."""

    phase: str  # rest | ask
    recheck: Recheck
    seconds: int  # how long this phase lasts


Event = StepStarted | StepEnded | CueDue | SessionEnded | CheckStarted
