from __future__ import annotations

from datetime import timedelta

import pytest

from clocks import FIXED_NOW, Clock
from unknot.core.player import Player
from unknot.core.player_events import State
from unknot.core.progression import LEVEL_STEP, Progress
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.plan import build_plan
from unknot.services.session.record import (
    SessionRecorder,
    followup_due,
    history,
    progress,
    record_followup,
)

START = FIXED_NOW


@pytest.fixture
def services(clocked_actor: Actor) -> Actor:
    safety.record(clocked_actor, {q.id: False for q in safety.questions()})
    return clocked_actor


def play(services: Actor, *, quit_at: float | None = None, pain_at: float | None = None):  # type: ignore[no-untyped-def]
    """Play hip-short on the player's own clock (no waiting) and record it."""
    plan = build_plan(services, "hip-short", 2).plan
    player = Player(plan.steps, safety.stop_rules(), 2)
    recorder = SessionRecorder(services, plan, 2)
    events = player.start(0.0)
    if pain_at is not None:
        events += player.tick(pain_at)
        _, more = player.report_pain(pain_at, 5)
        events += more
        recorder.rating(player.ratings[-1], "during")
        recorder.stop_event(player.stops[-1])
    if quit_at is not None:
        events += player.quit(quit_at)
    else:
        events += player.tick(10_000.0)
    for event in events:
        record = getattr(event, "record", None)
        if record is not None:
            recorder.step_ended(record, plan.steps[record.index].kind)
    return plan, player, recorder


def test_a_finished_session_is_saved_with_target_and_actual_times(services: Actor) -> None:
    plan, player, recorder = play(services)
    recorder.finish(player.state, "", 1)
    [summary] = history(services)
    assert summary.status == "finished" and summary.pain_before == 2 and summary.pain_after == 1
    assert summary.steps_done == summary.steps_planned == len(plan.steps)
    assert summary.actual_s == pytest.approx(plan.total_s)
    assert all(s["target_s"] == s["actual_s"] for s in summary.steps)


def test_a_session_that_never_ended_is_partial_and_closed_by_the_next_start(
    services: Actor, clock: Clock
) -> None:
    play(services, quit_at=40.0)  # no finish(): as if the process was killed
    [summary] = history(services)
    assert summary.status == "partial" and summary.ended_at is None
    assert [s["outcome"] for s in summary.steps][-1] == "quit"
    clock.now = START + timedelta(hours=2)
    play(services)  # the next session marks it
    older = history(services)[1]
    assert older.status == "partial" and older.ended_at is not None


def test_stop_events_and_ratings_are_kept(services: Actor) -> None:
    _, player, recorder = play(services, pain_at=20.0)
    recorder.finish(player.state, "", None)
    [summary] = history(services)
    assert [s["rule"] for s in summary.stops] == ["pain.rise"]
    assert summary.stops[0]["technique"] == "hip-circular-massage"


def test_followup_is_asked_on_a_later_day_only(services: Actor, clock: Clock) -> None:
    _, player, recorder = play(services)
    recorder.finish(player.state, "", 2)
    assert followup_due(services) is None
    clock.now = START + timedelta(days=1)
    due = followup_due(services)
    assert due is not None
    assert record_followup(services, due.session_id, settled=True, worse_next_morning=False)
    assert followup_due(services) is None


def test_three_tolerated_sessions_lengthen_and_a_bad_one_shortens(
    services: Actor, clock: Clock
) -> None:
    baseline = next(s for s in build_plan(services, "hip-short", 2).plan.steps if s.kind == "work")
    for day in range(1, 4):
        _, player, recorder = play(services)
        recorder.finish(player.state, "", 2)
        clock.now = START + timedelta(days=day)
        due = followup_due(services)
        assert due is not None
        record_followup(services, due.session_id, True, False)
    assert progress(services)["hip-circular-massage"] == Progress(LEVEL_STEP, 0)
    longer = build_plan(services, "hip-short", 2).plan
    first_work = next(s for s in longer.steps if s.kind == "work")
    assert first_work.duration_s > baseline.duration_s  # one step up its range
    _, player, recorder = play(services)
    recorder.finish(player.state, "", 2)
    clock.now = START + timedelta(days=5)
    due = followup_due(services)
    assert due is not None
    assert not record_followup(services, due.session_id, settled=False, worse_next_morning=True)
    assert progress(services)["hip-circular-massage"] == Progress(0.0, 0)


def test_a_stopped_technique_does_not_progress(services: Actor, clock: Clock) -> None:
    _, player, recorder = play(services, pain_at=20.0)
    recorder.finish(player.state, "", 2)
    clock.now = START + timedelta(days=1)
    due = followup_due(services)
    assert due is not None
    record_followup(services, due.session_id, True, False)
    saved = progress(services)
    assert saved["hip-circular-massage"] == Progress(0.0, 0)
    assert saved["hip-deep-tissue"] == Progress(0.0, 1)


def test_history_json_is_plain_data(services: Actor) -> None:
    import json

    _, _, recorder = play(services)
    recorder.finish(State.FINISHED, "", 0)
    document = json.loads(json.dumps([s.to_json() for s in history(services)]))
    assert document[0]["routine"] == "hip-short" and document[0]["status"] == "finished"
