"""§6 rule 2 in the core player: stop the session, and the rest / ask / timeout check.

The clock is injected (plain floats): three minutes of rest pass in one call, no sleeps.
"""

from __future__ import annotations

import pytest
from factories import LIB, routine

from unknot.content.safety_loader import load_stop_rules
from unknot.core.adapt import SafetyContext
from unknot.core.plan import compile_plan
from unknot.core.player import Player
from unknot.core.player_events import (
    CheckStarted,
    Outcome,
    PlayerError,
    SessionEnded,
    State,
    StepStarted,
)
from unknot.core.profile import Profile
from unknot.core.stoprules import StopAction

RULES = load_stop_rules()
# circles: prepare 15 + 60 work; flexor: prepare 15 + 20 left, switch 10, 20 right; circles
# again: prepare 15 + 60 work (steps 6 and 7)
PLAN = compile_plan(LIB, routine("r", "circles", "flexor", "circles"), Profile(), SafetyContext())


def running() -> Player:
    player = Player(PLAN.steps, RULES, pain_before=2)
    player.start(0.0)
    return player


def outcomes(player: Player) -> list[tuple[int, Outcome]]:
    return [(r.index, r.outcome) for r in player.records]


def left_out_after(index: int) -> list[tuple[int, Outcome]]:
    return [(i, Outcome.LEFT_OUT) for i in range(index + 1, len(PLAN.steps))]


def test_dizziness_stops_the_session_and_leaves_the_rest_out() -> None:
    """The finding: after dizziness the next technique started at once. Now nothing does."""
    player = running()
    player.tick(20.0)  # in the circles' work step
    decision, events = player.report_symptom(20.0, "dizzy")
    assert decision.action is StopAction.STOP_SESSION
    assert player.state is State.STOPPED
    assert not any(isinstance(e, StepStarted) for e in events)  # no next technique
    assert outcomes(player) == [(0, Outcome.COMPLETED), (1, Outcome.STOPPED), *left_out_after(1)]
    assert all(r.actual_s == 0 for r in player.records[2:])
    assert isinstance(events[-1], SessionEnded) and events[-1].state is State.STOPPED
    assert player.end_reason == str(decision.reason)
    assert "{same_day}" in player.end_advice
    [stop] = player.stops
    assert (stop.rule_id, stop.action, stop.technique_id) == (
        "symptom.dizzy",
        StopAction.STOP_SESSION,
        "circles",
    )


def test_a_swollen_leg_stops_the_session_with_same_day_advice() -> None:
    player = running()
    player.tick(95.0)  # the stretch, left side
    decision, _ = player.report_symptom(95.0, "swollen_leg")
    assert decision.action is StopAction.STOP_SESSION and player.state is State.STOPPED
    assert outcomes(player)[-5:] == [(3, Outcome.STOPPED), *left_out_after(3)]
    assert "{same_day}" in player.end_advice


def test_a_swollen_leg_with_breathlessness_is_the_emergency() -> None:
    player = running()
    decision, _ = player.report_symptom(20.0, "breathless")
    assert decision.action is StopAction.EMERGENCY and player.state is State.STOPPED
    assert player.end_advice == ""


def test_the_first_sharp_pain_stops_the_technique_the_second_the_session() -> None:
    player = running()
    first, _ = player.report_symptom(20.0, "sharp_pain")
    assert first.action is StopAction.STOP_TECHNIQUE and player.index == 2
    player.tick(40.0)  # the stretch's left side (its get-ready took 20-35)
    second, _ = player.report_symptom(40.0, "sharp_pain")
    assert (second.action, second.rule_id) == (StopAction.STOP_SESSION, "session.sharp_pain_twice")
    assert player.state is State.STOPPED
    assert [s.rule_id for s in player.stops] == ["symptom.sharp_pain", "session.sharp_pain_twice"]
    assert outcomes(player)[-5:] == [(3, Outcome.STOPPED), *left_out_after(3)]


def test_a_sharp_pain_after_other_stops_only_stops_the_technique() -> None:
    player = running()
    player.report_symptom(20.0, "bruising")
    player.report_pain(30.0, 4)  # a rise of 2: the stretch stops, the circles come again
    assert player.index == 6
    decision, _ = player.report_symptom(50.0, "sharp_pain")
    assert decision.action is StopAction.STOP_TECHNIQUE
    assert player.state is State.FINISHED  # the last technique ended: not a session stop
    assert Outcome.LEFT_OUT not in {r.outcome for r in player.records}


def test_tingling_stops_the_technique_and_rests_before_asking() -> None:
    player = running()
    player.tick(20.0)
    decision, events = player.report_symptom(20.0, "tingling")
    assert decision.action is StopAction.STOP_TECHNIQUE
    assert player.state is State.RESTING
    assert outcomes(player) == [(0, Outcome.COMPLETED), (1, Outcome.STOPPED)]
    assert isinstance(events[-1], CheckStarted) and events[-1].phase == "rest"
    assert player.active(500.0) == 20.0  # the rest is not session time
    assert player.next_wakeup(20.0) == 180.0
    assert player.tick(199.9) == []
    assert player.state is State.RESTING
    [asked] = player.tick(200.0)
    assert isinstance(asked, CheckStarted) and asked.phase == "ask" and asked.seconds == 60
    assert player.state is State.ASKING
    assert player.check_remaining(230.0) == 30.0


def test_settled_carries_on_with_the_next_technique() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    player.tick(200.0)
    events = player.answer_check(210.0, settled=True)
    assert player.state is State.RUNNING and player.index == 2
    assert [e.index for e in events if isinstance(e, StepStarted)] == [2]
    assert player.active(215.0) == 25.0  # the session clock went on where it stopped
    player.tick(10_000.0)
    assert player.state is State.FINISHED
    assert [s.rule_id for s in player.stops] == ["symptom.tingling"]


def test_not_settled_stops_the_session() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    player.tick(200.0)
    events = player.answer_check(205.0, settled=False)
    assert player.state is State.STOPPED and isinstance(events[-1], SessionEnded)
    assert [s.rule_id for s in player.stops] == ["symptom.tingling", "session.tingling_not_settled"]
    assert player.stops[-1].action is StopAction.STOP_SESSION
    assert outcomes(player) == [(0, Outcome.COMPLETED), (1, Outcome.STOPPED), *left_out_after(1)]
    assert "{same_day}" in player.end_advice


def test_no_answer_within_sixty_seconds_stops_the_session() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    player.tick(200.0)
    assert player.tick(259.9) == [] and player.state is State.ASKING
    events = player.tick(260.0)
    assert player.state is State.STOPPED and isinstance(events[-1], SessionEnded)
    assert player.stops[-1].rule_id == "session.tingling_not_settled"
    # A late "yes" changes nothing.
    assert player.answer_check(261.0, settled=True) == []
    assert player.state is State.STOPPED


def test_one_late_tick_runs_the_rest_and_the_window_out() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    events = player.tick(10_000.0)  # the face slept through both
    assert isinstance(events[0], CheckStarted)
    assert player.state is State.STOPPED
    assert player.stops[-1].rule_id == "session.tingling_not_settled"


def test_an_answer_before_the_rest_is_over_is_refused() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    with pytest.raises(PlayerError, match="is resting"):
        player.answer_check(30.0, settled=True)
    with pytest.raises(PlayerError, match="is resting"):
        player.pause(30.0)


def test_quitting_during_the_rest_counts_as_not_settled() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    player.quit(60.0)
    assert player.state is State.STOPPED
    assert player.stops[-1].rule_id == "session.tingling_not_settled"


def test_an_emergency_during_the_rest_ends_it_without_closing_a_step_twice() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    decision, _ = player.report_symptom(60.0, "chest_pain")
    assert decision.action is StopAction.EMERGENCY and player.state is State.STOPPED
    assert outcomes(player) == [(0, Outcome.COMPLETED), (1, Outcome.STOPPED)]


def test_dizziness_during_the_rest_stops_the_session() -> None:
    player = running()
    player.report_symptom(20.0, "tingling")
    player.report_symptom(60.0, "dizzy")
    assert player.state is State.STOPPED
    assert [s.rule_id for s in player.stops] == ["symptom.tingling", "symptom.dizzy"]
    assert outcomes(player) == [(0, Outcome.COMPLETED), (1, Outcome.STOPPED), *left_out_after(1)]


def test_tingling_in_the_last_technique_finishes_when_settled() -> None:
    player = running()
    player.tick(160.0)  # circles again (step 7, 155-215)
    player.report_symptom(160.0, "tingling")
    player.tick(340.0)
    player.answer_check(341.0, settled=True)
    assert player.state is State.FINISHED
