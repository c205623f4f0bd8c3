"""One service decides which routine a session plays on a trial day (CLI start and web player)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from clocks import Clock
from unknot.core import trial as core
from unknot.core.trial import Design
from unknot.services import safety
from unknot.services.app import Actor
from unknot.services.profile import change_profile
from unknot.services.trial import lifecycle as trials
from unknot.services.trial.today import routine_for_today

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def person(clocked_actor: Actor, clock: Clock) -> Actor:
    clock.now = NOON
    change_profile(clocked_actor, {"timezone": "UTC"})
    safety.record(clocked_actor, {q.id: False for q in safety.questions()})
    return clocked_actor


def seed_starting_with(arm: str) -> int:
    return next(s for s in range(100) if core.draw_orders(s, 3)[0][0] == arm)


def start_trial(person: Actor, first_arm: str) -> None:
    design = Design(arm_b="none")
    seed = seed_starting_with(first_arm)
    trials.plan_trial(person, design, assessed_by_clinician=True, seed=seed)


def test_no_trial_leaves_the_choice_to_the_person(person: Actor) -> None:
    assert routine_for_today(person, None) is None
    assert routine_for_today(person, "hip-short") is None


def test_an_arm_day_plays_its_routine_and_another_one_is_off_protocol(person: Actor) -> None:
    start_trial(person, "A")
    arm = Design(arm_b="none").arm_a
    decided = routine_for_today(person, None)
    assert decided is not None and decided.today.state == core.ACTIVE
    assert (decided.routine, decided.no_routine_today, decided.off_protocol) == (arm, False, False)
    asked = routine_for_today(person, arm)
    assert asked is not None and not asked.off_protocol
    other = "hip-short" if arm != "hip-short" else "hip-full"
    elsewhere = routine_for_today(person, other)
    assert elsewhere is not None and (elsewhere.routine, elsewhere.off_protocol) == (other, True)


def test_a_no_routine_day_plays_nothing_unless_one_is_asked_for(person: Actor) -> None:
    start_trial(person, "B")
    decided = routine_for_today(person, None)
    assert decided is not None
    assert (decided.routine, decided.no_routine_today, decided.off_protocol) == (None, True, False)
    asked = routine_for_today(person, "hip-short")
    assert asked is not None
    assert (asked.routine, asked.no_routine_today, asked.off_protocol) == ("hip-short", False, True)


def test_a_paused_trial_decides_nothing(person: Actor) -> None:
    start_trial(person, "A")
    trials.pause(person, "a cold")
    assert routine_for_today(person, None) is None
