"""Personal trials through the services, on SQLite and PostgreSQL, with a hand-moved clock."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from actors import open_actor
from clocks import Clock
from unknot.core import trial as core
from unknot.core.player_events import State, StopEvent
from unknot.core.stoprules import StopAction
from unknot.core.trial import Design
from unknot.errors import NotFoundError, SafetyError, ValidationError
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.journal.write import check_in
from unknot.services.plan import build_plan
from unknot.services.profile import change_profile
from unknot.services.session.record import SessionRecorder
from unknot.services.trial import lifecycle as trials
from unknot.services.trial import status as trial_status
from unknot.services.trial import today as trial_today
from unknot.services.trial.report import trial_report
from unknot.store import tables, trial_repo

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # a Monday; the person's zone is UTC unless set


@pytest.fixture
def services(clocked_actor: Actor, clock: Clock) -> Actor:
    clock.now = NOON
    change_profile(clocked_actor, {"timezone": "UTC"})
    safety.record(clocked_actor, {q.id: False for q in safety.questions()})
    return clocked_actor


NO = {q.id: False for q in safety.questions()}


def plan(services: Actor, seed: int = 7, **design: object) -> trial_status.TrialStatus:
    return trials.plan_trial(
        services,
        Design(**design),
        assessed_by_clinician=True,
        seed=seed,  # type: ignore[arg-type]
    )


def at_day(clock: Clock, n: int, hour: int = 12) -> None:
    clock.now = NOON.replace(hour=hour) + timedelta(days=n)


def session(
    services: Actor, routine: str, state: State = State.FINISHED, stop: bool = False
) -> None:
    recorder = SessionRecorder(services, build_plan(services, routine, 3).plan, 3)
    if stop:
        event = StopEvent(0, None, "sharp_pain", StopAction.STOP_TECHNIQUE, "sharp pain", 30.0)
        recorder.stop_event(event)
    recorder.finish(state, "", 2)


def test_trial_plan_needs_a_screening_that_allows_sessions(
    clocked_actor: Actor, clock: Clock
) -> None:
    clock.now = NOON
    with pytest.raises(SafetyError, match="screening is needed"):
        plan(clocked_actor)
    safety.record(clocked_actor, {**NO, "injury_weak_arm": True})
    with pytest.raises(SafetyError, match="clinician should assess"):
        plan(clocked_actor)
    safety.confirm_assessed(clocked_actor)
    assert plan(clocked_actor).state == "active"


def test_trial_plan_stores_the_seeded_sequence_and_allows_one_at_a_time(
    services: Actor,
) -> None:
    status = plan(services, seed=42)
    stored = trial_status.open_trial(services)
    assert stored is not None and stored.sequence == core.draw_orders(42, 3)
    assert stored.seed == 42 and status.trial_day == 1
    assert [s["arm"] for s in status.revealed] == [stored.sequence[0][0]]  # only period 1
    with pytest.raises(ValidationError, match="one trial at a time"):
        plan(services)


def test_trial_stored_sequence_wins_over_a_changed_draw(
    services: Actor, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan(services, seed=42)
    stored = core.draw_orders(42, 3)
    monkeypatch.setattr(core, "draw_orders", lambda seed, pairs: ("BA",) * pairs)
    flipped = "B" if stored[0][0] == "A" else "A"
    today = trial_today.today(services)
    assert today is not None and today.arm == stored[0][0] != flipped
    at_day(clock, 7)
    assert trial_today.today(services).arm == stored[0][1]  # type: ignore[union-attr]
    status = trials.extend(services, "want more certainty")
    again = trial_status.open_trial(services)
    assert again is not None and again.sequence[:3] == stored  # stored pairs never redrawn
    assert again.sequence[3] == "BA" and status.pairs == 4  # only the new pair was drawn


def test_trial_today_follows_the_persons_day_across_zones(services: Actor, clock: Clock) -> None:
    plan(services, seed=42)
    first, second = core.draw_orders(42, 1)[0]
    clock.now = datetime(2026, 3, 8, 23, 30, tzinfo=UTC)  # day 7 in UTC: last day of period 1
    assert trial_today.today(services).arm == first  # type: ignore[union-attr]
    change_profile(services, {"timezone": "Asia/Tokyo"})  # 08:30 on day 8 in Tokyo
    today = trial_today.today(services)
    assert today is not None and today.trial_day == 8 and today.arm == second
    assert today.day == date(2026, 3, 9)


def test_trial_no_routine_day_says_so(services: Actor) -> None:
    plan(services, seed=1, arm_b="none")
    orders = core.draw_orders(1, 3)
    today = trial_today.today(services)
    assert today is not None
    if orders[0][0] == "B":
        assert today.routine is None and today.no_routine_today
        assert "no routine today" in today.message
    else:
        assert (today.routine == "hip-full" and "Hip" in today.routine_name) or today.routine_name


def test_trial_pause_resume_and_stop_are_recorded_with_reasons(
    services: Actor, clock: Clock
) -> None:
    plan(services)
    at_day(clock, 3)
    with pytest.raises(ValidationError, match="Say why"):
        trials.pause(services, " ")
    trials.pause(services, "travelling")
    at_day(clock, 5)
    assert trial_today.today(services).state == "paused"  # type: ignore[union-attr]
    with pytest.raises(ValidationError, match="cannot be paused"):
        trials.pause(services, "again")
    trials.resume(services)
    assert trial_today.today(services).trial_day == 4  # type: ignore[union-attr]
    status = trials.stop(services, "pain got worse")
    assert status.state == "stopped"
    assert [e["kind"] for e in status.events] == ["pause", "resume", "stop"]
    assert status.events[0]["reason"] == "travelling"
    assert trial_status.open_trial(services) is None
    with pytest.raises(NotFoundError):
        trials.pause(services, "x")
    assert plan(services).state == "active"  # a new trial may start once it is over


def test_trial_design_check_uses_own_ratings_from_21_days(services: Actor, clock: Clock) -> None:
    assert trials.own_noise(services).source == "default"
    for n in range(-30, 0):
        at_day(clock, n, hour=20)
        check_in(services, {"average_pain": 4 + (n % 3), "worst_pain": 6})
    at_day(clock, 0)
    noise = trials.own_noise(services)
    assert noise.source == "own" and noise.days == 30
    check = trials.design_check(services, Design(), n_sims=200)
    assert len(check.scenarios) == 3 and 0 <= check.false_positive <= 1


def test_trial_whole_run_to_report(services: Actor, clock: Clock) -> None:
    plan(services, seed=3)
    orders = core.draw_orders(3, 3)
    arms = [arm for order in orders for arm in order for _ in range(7)]
    for n, arm in enumerate(arms):
        at_day(clock, n, hour=19)
        today = trial_today.today(services)
        assert today is not None and today.arm == arm
        if n != 10:  # one day off protocol
            session(services, "hip-full" if arm == "A" else "shoulder", stop=n == 20)
        if n != 15:  # one missing rating
            check_in(services, {"average_pain": (3 if arm == "A" else 6) + n % 2, "worst_pain": 7})
    at_day(clock, 42)
    assert trial_today.today(services) is None  # finished and closed
    report = trial_report(services)
    body = report.to_json()
    assert report.state == "finished" and len(report.periods) == 6
    assert body["randomisation"]["sequence"] == list(orders)
    assert body["randomisation"]["seed"] == "3"
    assert sum(p["days_rated"] for p in report.periods) == 41
    assert sum(p["days_adherent"] for p in report.periods) == 41
    assert report.analysis is not None and report.analysis.decision == "A better"
    assert sum(h["count"] for h in report.harms) == 1
    assert any("For you, in this trial, compared with B" in line for line in report.verdict)


def test_trial_one_open_trial_is_enforced_by_the_database(services: Actor) -> None:
    plan(services)
    stored = trial_status.open_trial(services)
    assert stored is not None
    from dataclasses import replace

    with pytest.raises(IntegrityError), services.unit() as session:
        trial_repo.add_trial(session, services.person_id, replace(stored, id=uuid.uuid4()))
    with services.unit() as session:
        assert len(session.query(tables.TrialRow).all()) == 1


def test_trial_events_in_one_clock_tick_keep_their_order(services: Actor) -> None:
    plan(services)
    for _ in range(6):  # the clock does not move: ids alone would order them at random
        trials.pause(services, "a moment")
        trials.resume(services)
    today = trial_today.today(services)
    assert today is not None and today.state == "active" and today.trial_day == 1


def test_trial_plan_refused_on_a_day_the_screening_blocks(services: Actor, clock: Clock) -> None:
    clock.now = NOON + timedelta(minutes=5)  # a later screening than the fixture's
    safety.record(services, {**NO, "heart_symptoms": True})
    with pytest.raises(SafetyError, match="medical advice"):
        plan(services)


def test_trial_today_keeps_the_two_week_clinician_rule(services: Actor, clock: Clock) -> None:
    for n in range(-20, 0):  # pain steady at 6 for three weeks: not improving
        at_day(clock, n, hour=20)
        check_in(services, {"average_pain": 6, "worst_pain": 8})
    at_day(clock, 0)
    plan(services)
    today = trial_today.today(services)
    assert today is not None and today.clinician_due
    assert "routine appointment with a GP or physiotherapist" in today.clinician_text
    assert "your sessions can go on" in today.clinician_text


def test_trial_run_in_assigns_no_routine_but_is_not_a_no_routine_day(services: Actor) -> None:
    plan(services, run_in_days=3)
    today = trial_today.today(services)
    assert today is not None and today.segment == "run-in" and today.routine is None
    assert not today.no_routine_today and "run-in" in today.message


def test_trial_travels_in_a_json_backup(services: Actor, clock: Clock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Export/import picks up the trial tables (every table with a person_id column)."""
    from dataclasses import replace as changed

    from unknot.config import load_settings
    from unknot.services.exchange.transfer import export, import_file

    plan(services, seed=42)
    at_day(clock, 2)
    trials.pause(services, "travelling")
    before = trial_status.open_trial(services)
    path = tmp_path / "backup.json"
    export(services, "json", path)
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    other = open_actor(changed(load_settings(), database_url=url), clock=clock)
    try:
        import_file(other, path)
        after = trial_status.open_trial(other)
        assert after == before and after is not None and after.sequence == core.draw_orders(42, 3)
        assert trial_today.today(other).state == "paused"  # type: ignore[union-attr]
    finally:
        other.app.close()
