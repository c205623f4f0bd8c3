"""The session player: a state machine that runs a compiled plan against an injected clock (F5).

Time is "active seconds": seconds since the start, minus every pause. Each step's start is an
active-time instant, and its deadline and cues are fixed offsets from it, so timing never
drifts however often (or rarely) :meth:`Player.tick` is called. The player has no clock and no
I/O: every method takes ``now`` (seconds on any monotonic clock) and returns events for a face
to show, speak or save.

    READY --start--> RUNNING --pause--> PAUSED --resume--> RUNNING
    RUNNING/PAUSED --(last step ends | stop | quit)--> FINISHED / STOPPED / QUIT
    RUNNING/PAUSED --(numbness or tingling)--> RESTING --(rest_s)--> ASKING
    ASKING --settled--> RUNNING (the next technique)
    ASKING --(not settled | no answer within answer_s)--> STOPPED
    RESTING/ASKING --quit--> STOPPED (not known to have settled)

Three stop actions (clinical-facts §6): *emergency* ends the session at once; *stop the
session* (dizziness, a swollen leg, a second sharp pain, tingling that has not settled) ends
it too and records every later step as left out, with the rule's advice kept for the face;
*stop this technique* moves on to the next technique. While RESTING or ASKING the active time
is frozen (as when paused): the rest is measured on the clock itself.

A pain report above the ceiling (5/10) turns on ``gentle_only`` for the rest of the session:
from then on every step whose technique is not gentle is recorded as left out (never started)
when the player would begin it, as the start rule would have planned at that pain.

The states, records and events are in :mod:`unknot.core.player_events`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from unknot.core.plan import Cue, PlanStep
from unknot.core.player_events import (
    CheckStarted,
    CueDue,
    Event,
    Outcome,
    PainReport,
    PlayerError,
    SessionEnded,
    State,
    StepEnded,
    StepRecord,
    StepStarted,
    StopEvent,
)
from unknot.core.stoprules import (
    Recheck,
    StopAction,
    StopDecision,
    StopRules,
    check_pain,
    check_symptom,
    session_stop,
)
from unknot.i18n import _


@dataclass
class Player:
    steps: Sequence[PlanStep]
    rules: StopRules
    pain_before: int | None = None
    state: State = State.READY
    index: int = 0
    records: list[StepRecord] = field(default_factory=list)
    stops: list[StopEvent] = field(default_factory=list)
    ratings: list[PainReport] = field(default_factory=list)
    end_reason: str = ""
    end_advice: str = ""  # a stop-the-session rule's advice (same-day number placeholder)
    gentle_only: bool = False  # a pain report above the ceiling: gentle techniques from now on
    check: Recheck | None = None  # RESTING / ASKING: the pending check
    _check_since: float = 0.0  # clock reading when the current check phase began
    _check_next: int | None = None  # where "settled" carries on (None: nothing left)
    _active_base: float = 0.0  # active seconds banked before the current run (or pause)
    _run_since: float = 0.0  # clock reading when the current run began
    _step_start: float = 0.0  # active time at which the current step started
    _cues_done: int = 0  # cues of the current step already emitted

    # -- time -------------------------------------------------------------------------------

    def active(self, now: float) -> float:
        """Active seconds since the start: never negative, frozen while paused."""
        if self.state is not State.RUNNING:
            return self._active_base
        return self._active_base + max(0.0, now - self._run_since)

    def clock_at(self, active_s: float) -> float | None:
        """The clock reading at which active time ``active_s`` is reached (while running)."""
        if self.state is not State.RUNNING:
            return None
        return self._run_since + (active_s - self._active_base)

    @property
    def current(self) -> PlanStep | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    def step_deadline(self) -> float:
        """Active time at which the current step ends."""
        step = self.current
        return self._step_start + (step.duration_s if step else 0)

    def remaining_in_step(self, now: float) -> float:
        return max(0.0, self.step_deadline() - self.active(now))

    def session_elapsed_planned(self, now: float) -> float:
        """Where the session stands on the plan's own timeline (for progress bars)."""
        step = self.current
        if step is None:
            return float(self.steps[-1].end_s) if self.steps else 0.0
        return step.start_s + min(step.duration_s, self.active(now) - self._step_start)

    def check_remaining(self, now: float) -> float:
        """Seconds left in the current rest or answer window (0 outside a check)."""
        if self.check is None or not self.state.checking:
            return 0.0
        length = self.check.rest_s if self.state is State.RESTING else self.check.answer_s
        return max(0.0, self._check_since + length - now)

    def next_wakeup(self, now: float) -> float:
        """Seconds until the next cue or step end: a face can sleep exactly that long."""
        if self.state.checking:
            return self.check_remaining(now)
        if self.state is not State.RUNNING or self.current is None:
            return 0.25
        step = self.current
        upcoming = [self._step_start + c.at_s for c in step.cues[self._cues_done :]]
        upcoming.append(self.step_deadline())
        return max(0.0, min(upcoming) - self.active(now))

    # -- transitions ------------------------------------------------------------------------

    def _require(self, action: str, *allowed: State) -> None:
        if self.state not in allowed:
            raise PlayerError(
                _("Cannot {action} a session that is {state}.").format(
                    action=action, state=self.state.value
                )
            )

    def start(self, now: float) -> list[Event]:
        self._require("start", State.READY)
        if not self.steps:
            raise PlayerError(_("This plan has no steps to play."))
        self._run_since = now
        self.state = State.RUNNING
        return self._begin(0, 0.0) + self.tick(now)

    def pause(self, now: float) -> list[Event]:
        self._require("pause", State.RUNNING)
        events = self.tick(now)
        if self.state is State.RUNNING:
            self._active_base = self.active(now)
            self.state = State.PAUSED
        return events

    def resume(self, now: float) -> list[Event]:
        self._require("resume", State.PAUSED)
        self._run_since = now
        self.state = State.RUNNING
        return self.tick(now)

    def toggle(self, now: float) -> list[Event]:
        return self.resume(now) if self.state is State.PAUSED else self.pause(now)

    def skip(self, now: float) -> list[Event]:
        """Move on to the next step now."""
        self._require("skip in", State.RUNNING, State.PAUSED)
        return self._leave(now, Outcome.SKIPPED, self.index + 1)

    def back(self, now: float) -> list[Event]:
        """Go back to the start of the previous step (or restart the first)."""
        self._require("go back in", State.RUNNING, State.PAUSED)
        return self._leave(now, Outcome.BACK, max(0, self.index - 1))

    def quit(self, now: float, reason: str = "") -> list[Event]:
        """End the session now. During a rest or its question this is "not settled": the
        symptom is not known to have gone, so the session stops by that rule."""
        self._require("quit", State.READY, State.RUNNING, State.PAUSED, *CHECKING)
        if self.state is State.READY:
            self.state = State.QUIT
            return [SessionEnded(State.QUIT, reason)]
        if self.state.checking:
            events = self.tick(now)
            if self.state.checking:
                events += self._not_settled()
            return events
        return self._end(now, State.QUIT, Outcome.QUIT, reason)

    def report_pain(self, now: float, value: int) -> tuple[StopDecision, list[Event]]:
        """A shoulder-pain rating during the session; a stop rule may end the technique."""
        self._require("rate pain in", State.RUNNING, State.PAUSED)
        decision = check_pain(self.rules, self.pain_before, value)  # validates the rating
        step = self.current
        technique = step.technique_id if step else None
        self.ratings.append(PainReport(value, self.index, technique, self.active(now)))
        if decision.gentle_only:
            self.gentle_only = True  # before the stop moves on: the next begin sees it
        events = self._apply_stop(now, decision)
        current = self.current
        if self.gentle_only and not self.state.over and current and not current.gentle:
            # Nothing stopped this technique (pain started above the ceiling): it ends too.
            events += self._leave(now, Outcome.STOPPED, self.index + 1)
        return decision, events

    def report_symptom(self, now: float, symptom_id: str) -> tuple[StopDecision, list[Event]]:
        self._require("report a symptom in", State.RUNNING, State.PAUSED, *CHECKING)
        earlier = [s.rule_id for s in self.stops]
        decision = check_symptom(self.rules, symptom_id, earlier)
        events = self.tick(now)  # a check may have run out first
        if self.state.over:
            return decision, events
        return decision, events + self._apply_stop(now, decision)

    def answer_check(self, now: float, settled: bool) -> list[Event]:
        """The answer to "has it settled?": yes carries on with the next technique, no stops
        the session. An answer after the window has closed changes nothing."""
        self._require("answer in", State.ASKING, State.STOPPED)
        events = self.tick(now)
        if self.state is not State.ASKING:
            return events  # the window closed before the answer: already stopped
        if not settled:
            return events + self._not_settled()
        self.check = None
        self.state = State.RUNNING
        self._run_since = now
        if self._check_next is None:
            return events + self._finish(self._active_base)
        return events + self._begin(self._check_next, self._active_base)

    def rate_technique(self, now: float, value: int, technique_id: str) -> None:
        """A rating given after a technique ended (no stop rule: the technique is over)."""
        self.ratings.append(PainReport(value, self.index, technique_id, self.active(now)))

    def tick(self, now: float) -> list[Event]:
        """Emit every cue that is due and end every step whose deadline has passed."""
        if self.state.checking:
            return self._tick_check(now)
        events: list[Event] = []
        while self.state is State.RUNNING and self.current is not None:
            step = self.current
            active = self.active(now)
            while self._cues_done < len(step.cues):
                cue = step.cues[self._cues_done]
                due = self._step_start + cue.at_s
                if due > active or cue.at_s >= step.duration_s:
                    break
                events.append(CueDue(self.index, cue, due))
                self._cues_done += 1
            deadline = self.step_deadline()
            if active < deadline:
                break
            # Cues at the very end (finish) belong to the step that ends now.
            for cue in step.cues[self._cues_done :]:
                events.append(CueDue(self.index, cue, self._step_start + cue.at_s))
            self._cues_done = len(step.cues)
            events.append(StepEnded(self._record(step, step.duration_s, Outcome.COMPLETED)))
            if self.index + 1 >= len(self.steps):
                events += self._finish(deadline)
                break
            events += self._begin(self.index + 1, deadline)
        return events

    def _tick_check(self, now: float) -> list[Event]:
        """The rest ends into the question; the question unanswered in time is "no"."""
        check = self.check
        assert check is not None
        events: list[Event] = []
        if self.state is State.RESTING and now >= self._check_since + check.rest_s:
            self._check_since += check.rest_s
            self.state = State.ASKING
            events.append(CheckStarted("ask", check, check.answer_s))
        if self.state is State.ASKING and now >= self._check_since + check.answer_s:
            events += self._not_settled()
        return events

    # -- internals --------------------------------------------------------------------------

    def _begin(self, index: int, at_active: float) -> list[Event]:
        """Start step ``index``; with ``gentle_only`` first record the steps it leaves out."""
        events: list[Event] = []
        self._step_start = at_active
        while self.gentle_only and index < len(self.steps) and not self.steps[index].gentle:
            events.append(StepEnded(self._record(self.steps[index], 0.0, Outcome.LEFT_OUT)))
            index += 1
        if index >= len(self.steps):
            return events + self._finish(at_active)
        self.index = index
        self._cues_done = 0
        return [*events, StepStarted(index)]

    def _finish(self, active: float) -> list[Event]:
        self.index = len(self.steps)
        self._active_base = active
        self.state = State.FINISHED
        return [SessionEnded(State.FINISHED)]

    def _record(self, step: PlanStep, actual: float, outcome: Outcome) -> StepRecord:
        record = StepRecord(
            index=step.index,
            target_s=float(step.duration_s),
            actual_s=round(max(0.0, actual), 3),
            outcome=outcome,
            started_at_s=round(self._step_start, 3),
            technique_id=step.technique_id,
            side=step.side,
        )
        self.records.append(record)
        return record

    def _close_step(self, now: float, outcome: Outcome) -> tuple[list[Event], float | None]:
        """Bring the clock up to ``now``, then end the current step with ``outcome``.

        Returns the events and the active time; the time is None when the session ended on
        its own while catching up, and then there is no step left to close.
        """
        events = self.tick(now)
        if self.state.over:
            return events, None
        if self.state.checking:
            return events, self._active_base  # the technique was closed when the rest began
        step = self.current
        assert step is not None
        active = self.active(now)
        events.append(StepEnded(self._record(step, active - self._step_start, outcome)))
        return events, active

    def _leave(self, now: float, outcome: Outcome, target: int) -> list[Event]:
        events, active = self._close_step(now, outcome)
        if active is None:
            return events
        if target >= len(self.steps):
            return events + self._finish(active)
        return events + self._begin(target, active)

    def _end(self, now: float, state: State, outcome: Outcome, reason: str) -> list[Event]:
        events, active = self._close_step(now, outcome)
        if active is None:
            return events
        return [*events, self._ended(active, state, reason)]

    def _ended(self, active: float, state: State, reason: str) -> SessionEnded:
        self._active_base = active
        self.state = state
        self.check = None
        self.end_reason = reason
        return SessionEnded(state, reason)

    def _apply_stop(self, now: float, decision: StopDecision) -> list[Event]:
        if decision.action is None:
            return []
        self._record_stop(decision, decision.action, self.active(now))
        if decision.action is StopAction.EMERGENCY:
            return self._end(now, State.STOPPED, Outcome.STOPPED, str(decision.reason))
        if decision.action is StopAction.STOP_SESSION:
            return self._stop_session(now, decision)
        if self.state.checking:
            return []  # the technique is already stopped and the rest is running
        if decision.recheck is not None:
            return self._rest(now, decision.recheck)
        return self._stop_technique(now)

    def _stop_session(self, now: float, decision: StopDecision) -> list[Event]:
        """End the session: the current step stopped, every later one left out (§6 rule 2)."""
        events, active = self._close_step(now, Outcome.STOPPED)
        if active is None:
            return events
        return events + self._leave_rest_out(active, decision)

    def _leave_rest_out(self, active: float, decision: StopDecision) -> list[Event]:
        events: list[Event] = []
        self._step_start = active
        for step in self.steps[self.index + 1 :]:
            events.append(StepEnded(self._record(step, 0.0, Outcome.LEFT_OUT)))
        self.index = len(self.steps)
        self.end_advice = str(decision.advice or "")
        return [*events, self._ended(active, State.STOPPED, str(decision.reason))]

    def _rest(self, now: float, recheck: Recheck) -> list[Event]:
        """Stop the technique, then rest: the active time waits while the clock counts."""
        events, active = self._close_step(now, Outcome.STOPPED)
        if active is None:
            return events
        self._active_base = active
        self._check_next = next_technique_start(self.steps, self.index)
        self.check = recheck
        self._check_since = now
        self.state = State.RESTING
        return [*events, CheckStarted("rest", recheck, recheck.rest_s)]

    def _not_settled(self) -> list[Event]:
        """No, no answer in time, or quit during the check: the session stops (§6 rule 2)."""
        check = self.check
        assert check is not None
        decision = session_stop(self.rules, check.not_settled)
        self._record_stop(decision, StopAction.STOP_SESSION, self._active_base)
        return self._leave_rest_out(self._active_base, decision)

    def _record_stop(self, decision: StopDecision, action: StopAction, at_s: float) -> None:
        step = self.current
        self.stops.append(
            StopEvent(
                step_index=self.index,
                technique_id=step.technique_id if step else None,
                rule_id=decision.rule_id,
                action=action,
                reason=str(decision.reason),
                at_s=at_s,
            )
        )

    def _stop_technique(self, now: float) -> list[Event]:
        """End the current technique and go on to the next one (or finish)."""
        events, active = self._close_step(now, Outcome.STOPPED)
        if active is None:
            return events
        following = next_technique_start(self.steps, self.index)
        if following is None:
            return events + self._finish(active)
        return events + self._begin(following, active)


CHECKING = (State.RESTING, State.ASKING)


def next_technique_start(steps: Sequence[PlanStep], index: int) -> int | None:
    """The index of the first step of the next technique after ``index``, if any."""
    current = steps[index].technique_id
    for later in range(index + 1, len(steps)):
        if steps[later].technique_id != current and steps[later].kind == "prepare":
            return later
    return None


def planned_cues(steps: Sequence[PlanStep]) -> list[tuple[float, Cue]]:
    """Every cue with its time on the plan's timeline (for tests and benchmarks)."""
    return [(float(step.start_s + cue.at_s), cue) for step in steps for cue in step.cues]
