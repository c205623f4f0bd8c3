from __future__ import annotations

from functools import cache

import pytest
from factories import LIB, routine
from hypothesis import given, settings
from hypothesis import strategies as st

from unknot.content.safety_loader import load_stop_rules
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player, planned_cues
from unknot.core.player_events import (
    CueDue,
    Outcome,
    PlayerError,
    SessionEnded,
    State,
    StepEnded,
    StepStarted,
)
from unknot.core.profile import Profile
from unknot.core.stoprules import StopAction
from unknot.errors import ValidationError

RULES = load_stop_rules()
# circles: prepare 15 + 60 work; flexor: prepare 15 + 20 left, switch 10, 20 right = 140 s
PLAN = compile_plan(LIB, routine("r", "circles", "flexor"), Profile(), SafetyContext())


@cache
def plan_total() -> int:
    return PLAN.total_s


def new(pain_before: int | None = 2) -> Player:
    return Player(PLAN.steps, RULES, pain_before)


def running(at: float = 100.0) -> Player:
    player = new()
    player.start(at)
    return player


def test_plan_under_test_has_the_expected_timeline() -> None:
    assert [(s.kind, s.start_s, s.duration_s) for s in PLAN.steps] == [
        ("prepare", 0, 15),
        ("work", 15, 60),
        ("prepare", 75, 15),
        ("work", 90, 20),
        ("switch", 110, 10),
        ("work", 120, 20),
    ]


def test_a_session_played_through_emits_every_cue_at_its_time() -> None:
    player = running(1000.0)
    emitted: list[tuple[float, str]] = []
    for tenth in range(0, 10 * plan_total() + 20):
        for event in player.tick(1000.0 + tenth / 10):
            if isinstance(event, CueDue):
                emitted.append((event.scheduled_s, event.cue.kind))
    assert emitted == [(at, cue.kind) for at, cue in planned_cues(PLAN.steps)][1:]
    assert player.state is State.FINISHED
    assert [r.outcome for r in player.records] == [Outcome.COMPLETED] * len(PLAN.steps)


def test_start_emits_the_first_step_and_its_start_cue() -> None:
    events = new().start(5.0)
    assert isinstance(events[0], StepStarted) and events[0].index == 0
    assert isinstance(events[1], CueDue) and events[1].cue.kind == "next"


def test_one_late_tick_catches_up_without_drift() -> None:
    player = running(0.0)
    events = player.tick(95.0)  # the face slept through two steps
    ended = [e.record.index for e in events if isinstance(e, StepEnded)]
    assert ended == [0, 1, 2]
    assert player.index == 3 and player.active(95.0) == 95.0
    assert player.remaining_in_step(95.0) == pytest.approx(15.0)


def test_pause_freezes_time_and_shifts_later_deadlines_by_the_pause() -> None:
    player = running(0.0)
    player.tick(10.0)
    player.pause(10.0)
    assert player.active(500.0) == 10.0
    player.resume(40.0)
    assert player.active(45.0) == 15.0
    player.tick(45.0)
    assert player.index == 1 and player.remaining_in_step(45.0) == pytest.approx(60.0)
    assert player.clock_at(75.0) == pytest.approx(105.0)  # 30 s later than without the pause


def test_skip_records_actual_time_and_moves_on() -> None:
    player = running(0.0)
    events = player.skip(4.0)
    ended = next(e for e in events if isinstance(e, StepEnded))
    assert ended.record.outcome is Outcome.SKIPPED and ended.record.actual_s == 4.0
    assert player.index == 1 and player.remaining_in_step(4.0) == 60.0


def test_back_restarts_the_previous_step_and_keeps_the_record() -> None:
    player = running(0.0)
    player.tick(20.0)
    player.back(20.0)
    assert player.index == 0 and player.remaining_in_step(20.0) == 15.0
    assert [(r.index, r.outcome) for r in player.records] == [
        (0, Outcome.COMPLETED),
        (1, Outcome.BACK),
    ]


def test_back_on_the_first_step_restarts_it() -> None:
    player = running(0.0)
    player.back(3.0)
    assert player.index == 0 and player.remaining_in_step(3.0) == 15.0


def test_skipping_the_last_step_finishes() -> None:
    player = running(0.0)
    player.tick(125.0)
    events = player.skip(125.0)
    assert isinstance(events[-1], SessionEnded) and player.state is State.FINISHED


def test_pain_rise_of_two_stops_the_technique_and_goes_to_the_next() -> None:
    player = running(0.0)
    player.tick(20.0)  # in circles' work step
    decision, events = player.report_pain(20.0, 4)
    assert decision.action is StopAction.STOP_TECHNIQUE and decision.rule_id == "pain.rise"
    assert player.index == 2 and PLAN.steps[2].technique_id == "flexor"
    assert player.stops[0].technique_id == "circles"
    assert any(isinstance(e, StepEnded) and e.record.outcome is Outcome.STOPPED for e in events)


def test_pain_within_limits_changes_nothing_but_is_recorded() -> None:
    player = running(0.0)
    player.tick(20.0)
    decision, events = player.report_pain(20.0, 3)
    assert decision.action is None and events == [] and player.index == 1
    assert [(r.value, r.technique_id) for r in player.ratings] == [(3, "circles")]


def test_above_five_when_it_started_above_five_ends_a_technique_that_is_not_gentle() -> None:
    # Not a stop (only a rise stops someone who started above 5), but gentle only from now
    # on: the stretch ends and its other steps are left out.
    player = new(pain_before=6)
    player.start(0.0)
    player.tick(95.0)  # in the stretch's first work step
    decision, _ = player.report_pain(95.0, 7)
    assert decision.action is None and decision.gentle_only
    assert [r.outcome for r in player.records[-3:]] == [
        Outcome.STOPPED,
        Outcome.LEFT_OUT,
        Outcome.LEFT_OUT,
    ]
    assert player.state is State.FINISHED and player.stops == []


def test_five_out_of_ten_keeps_every_technique() -> None:
    player = running(0.0)
    player.tick(20.0)
    decision, _ = player.report_pain(20.0, 5)  # a rise of 3: the circles stop
    assert decision.action is StopAction.STOP_TECHNIQUE and not decision.gentle_only
    player.tick(1000.0)
    assert Outcome.LEFT_OUT not in {r.outcome for r in player.records}


def test_out_of_range_pain_is_refused_and_not_recorded() -> None:
    player = running(0.0)
    with pytest.raises(ValidationError, match="whole number from 0"):
        player.report_pain(20.0, 11)
    assert player.ratings == []


def test_stopping_the_last_technique_finishes_the_session() -> None:
    player = running(0.0)
    player.tick(95.0)
    player.report_symptom(95.0, "bruising")
    assert player.state is State.FINISHED


def test_an_emergency_symptom_stops_the_session() -> None:
    player = running(0.0)
    decision, events = player.report_symptom(30.0, "chest_pain")
    assert decision.action is StopAction.EMERGENCY
    assert player.state is State.STOPPED and isinstance(events[-1], SessionEnded)
    assert player.records[-1].outcome is Outcome.STOPPED


def test_quit_keeps_the_partial_step() -> None:
    player = running(0.0)
    player.tick(30.0)
    player.quit(30.0)
    assert player.state is State.QUIT
    assert player.records[-1].outcome is Outcome.QUIT and player.records[-1].actual_s == 15.0


ACTIONS = {
    "start": lambda p, t: p.start(t),
    "pause": lambda p, t: p.pause(t),
    "resume": lambda p, t: p.resume(t),
    "skip": lambda p, t: p.skip(t),
    "back": lambda p, t: p.back(t),
    "quit": lambda p, t: p.quit(t),
    "pain": lambda p, t: p.report_pain(t, 2),
    "symptom": lambda p, t: p.report_symptom(t, "dizzy"),
    "answer": lambda p, t: p.answer_check(t, True),
}


def in_state(state: State) -> Player:
    player = new()
    if state is State.READY:
        return player
    player.start(0.0)
    if state is State.PAUSED:
        player.pause(1.0)
    elif state is State.FINISHED:
        player.tick(10_000.0)
    elif state is State.STOPPED:
        player.report_symptom(1.0, "chest_pain")
    elif state is State.QUIT:
        player.quit(1.0)
    elif state.checking:
        player.report_symptom(1.0, "tingling")  # the technique stops, the rest begins
        if state is State.ASKING:
            player.tick(1.0 + 180)
    return player


ALLOWED = {
    State.READY: {"start", "quit"},
    State.RUNNING: {"pause", "skip", "back", "quit", "pain", "symptom"},
    State.PAUSED: {"resume", "skip", "back", "quit", "pain", "symptom"},
    # Resting after numbness or tingling: only a symptom (an emergency, dizziness …) or quit.
    State.RESTING: {"quit", "symptom"},
    State.ASKING: {"quit", "symptom", "answer"},
    State.FINISHED: set(),
    State.STOPPED: {"answer"},  # an answer after the window closed: nothing changes
    State.QUIT: set(),
}


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_table(state: State, action: str) -> None:
    player = in_state(state)
    assert player.state is state
    if action in ALLOWED[state]:
        ACTIONS[action](player, 2.0)
    else:
        with pytest.raises(PlayerError, match=f"is {state.value}"):
            ACTIONS[action](player, 2.0)


def test_a_plan_without_steps_cannot_start() -> None:
    with pytest.raises(PlayerError, match="no steps"):
        Player((), RULES).start(0.0)


actions = st.lists(
    st.tuples(st.sampled_from(["tick", "toggle", "skip", "back"]), st.floats(0, 30)),
    max_size=40,
)


def drive(player: Player, script: list[tuple[str, float]]) -> tuple[list[float], list]:  # type: ignore[type-arg]
    now, seen = 0.0, []
    events = player.start(now)
    for action, wait in script:
        now += wait
        if player.state.over:
            break
        events += getattr(player, action)(now)
        seen.append(player.active(now))
    return seen, events


@settings(max_examples=300, deadline=None)
@given(actions)
def test_elapsed_is_never_negative_and_never_goes_backwards(script) -> None:  # type: ignore[no-untyped-def]
    seen, _ = drive(new(), script)
    assert all(a >= 0 for a in seen)
    assert seen == sorted(seen)


@settings(max_examples=300, deadline=None)
@given(actions)
def test_skip_and_back_never_lose_a_recorded_step(script) -> None:  # type: ignore[no-untyped-def]
    player = new()
    _, events = drive(player, script)
    ended = [e.record for e in events if isinstance(e, StepEnded)]
    started = [e.index for e in events if isinstance(e, StepStarted)]
    assert ended == player.records  # every step left is recorded, once, in order
    assert [r.index for r in ended] == started[: len(ended)]
    starts = [r.started_at_s for r in player.records]
    assert starts == sorted(starts)
    assert all(0 <= r.actual_s <= r.target_s + 1e-9 for r in player.records)


@settings(max_examples=200, deadline=None)
@given(st.floats(0, 139), st.floats(0.1, 500))
def test_pausing_shifts_every_later_deadline_by_exactly_the_pause(at, pause) -> None:  # type: ignore[no-untyped-def]
    plain, paused = new(), new()
    plain.start(0.0)
    paused.start(0.0)
    plain.tick(at)
    paused.pause(at)
    paused.resume(at + pause)
    assert paused.state is State.RUNNING
    for later in (c for c, _ in planned_cues(PLAN.steps) if c > at):
        plain_clock, paused_clock = plain.clock_at(later), paused.clock_at(later)
        assert plain_clock is not None and paused_clock is not None
        assert paused_clock - plain_clock == pytest.approx(pause, abs=1e-9)
