"""Trial design, randomisation and schedule (pure core)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unknot.core import trial as t
from unknot.errors import ValidationError

START = date(2026, 3, 2)
ROUTINES = ("hip-full", "hip-short", "shoulder")


def ev(kind: str, day: date, reason: str = "") -> t.Event:
    return t.Event(kind, day, reason)


def test_trial_draw_orders_is_reproducible_and_a_prefix() -> None:
    assert t.draw_orders(42, 3) == t.draw_orders(42, 3)
    assert t.draw_orders(42, 4)[:3] == t.draw_orders(42, 3)
    assert set(t.draw_orders(7, 20)) == {"AB", "BA"}


def test_trial_draw_orders_is_fair_over_many_seeds() -> None:
    first = [t.draw_orders(seed, 1)[0] for seed in range(4000)]
    share = first.count("AB") / len(first)
    assert abs(share - 0.5) < 4 * (0.25 / 4000) ** 0.5


def test_trial_extension_draws_the_next_value_of_the_stream() -> None:
    stored = ("BA", "BA", "AB")  # whatever was stored wins; only the new pair is drawn
    assert t.extended(stored, 42) == (*stored, t.draw_orders(42, 4)[3])


def test_trial_segments_lead_then_pairs() -> None:
    design = t.Design(period_days=7, pairs=2, baseline=True, run_in_days=3)
    segs = t.segments(design, ("BA", "AB"))
    assert [(s.kind, s.first, s.days, s.arm, s.pair, s.period) for s in segs] == [
        ("run-in", 0, 3, None, None, None),
        ("baseline", 3, 7, None, None, None),
        ("period", 10, 7, "B", 1, 1),
        ("period", 17, 7, "A", 1, 2),
        ("period", 24, 7, "A", 2, 3),
        ("period", 31, 7, "B", 2, 4),
    ]
    assert t.total_days(design, ("BA", "AB")) == 38


@pytest.mark.parametrize(
    ("offset", "arm", "trial_day", "state"),
    [
        (-1, None, None, "planned"),
        (0, "A", 1, "active"),
        (6, "A", 7, "active"),  # last day of period 1
        (7, "B", 8, "active"),  # first day of period 2
        (13, "B", 14, "active"),
        (14, "B", 15, "active"),  # pair 2 is BA: B continues
        (41, "A", 42, "active"),
        (42, None, None, "finished"),
    ],
)
def test_trial_today_across_period_boundaries(
    offset: int, arm: str | None, trial_day: int | None, state: str
) -> None:
    today = t.state_on(t.Design(), ("AB", "BA", "BA"), START, (), START + timedelta(offset))
    assert (today.arm, today.trial_day, today.state) == (arm, trial_day, state)


def test_trial_pause_shifts_the_rest_of_the_schedule() -> None:
    seq = ("AB", "BA", "AB")
    events = (ev("pause", START + timedelta(5)), ev("resume", START + timedelta(9)))
    on = [t.state_on(t.Design(), seq, START, events, START + timedelta(i)) for i in range(12)]
    assert [d.state for d in on[4:10]] == ["active"] + ["paused"] * 4 + ["active"]
    assert on[9].trial_day == 6 and on[9].arm == "A"  # resumes where it left off
    assert on[11].trial_day == 8 and on[11].arm == "B"  # period 2 starts two days later
    last = t.state_on(t.Design(), seq, START, events, START + timedelta(45))
    assert (
        last.trial_day == 42
        and t.state_on(t.Design(), seq, START, events, START + timedelta(46)).state == "finished"
    )


def test_trial_open_pause_stays_paused() -> None:
    events = (ev("pause", START + timedelta(3)),)
    far = t.state_on(t.Design(), ("AB", "BA"), START, events, START + timedelta(200))
    assert far.state == "paused"


def test_trial_pause_and_resume_the_same_day_change_nothing() -> None:
    day = START + timedelta(3)
    events = (ev("pause", day), ev("resume", day))
    today = t.state_on(t.Design(), ("AB", "BA"), START, events, day)
    assert (today.state, today.trial_day) == ("active", 4)


def test_trial_stop_ends_it_from_that_day() -> None:
    events = (ev("stop", START + timedelta(10), "pain got worse"),)
    seq = ("AB", "BA")
    assert t.state_on(t.Design(), seq, START, events, START + timedelta(9)).state == "active"
    assert t.state_on(t.Design(), seq, START, events, START + timedelta(10)).state == "stopped"
    cal = t.calendar(START, 28, events)
    assert len(cal.days) == 10


def test_trial_revealed_shows_only_started_periods() -> None:
    seq = ("AB", "BA", "AB")
    shown = t.revealed(t.Design(), seq, 7)
    assert [s.arm for s in shown] == ["A", "B"]


def test_trial_check_design_lists_every_problem() -> None:
    bad = t.Design(arm_a="nope", arm_b="nope2", period_days=10, pairs=5, run_in_days=20, mcid=0)
    with pytest.raises(ValidationError) as info:
        t.check_design(bad, ROUTINES)
    fields = {p.field for p in info.value.problems}
    assert fields == {"arm_a", "arm_b", "period", "pairs", "run_in", "mcid"}
    t.check_design(t.Design(arm_b="none"), ROUTINES)


def test_trial_routine_of_no_routine_arm_is_none() -> None:
    design = t.Design(arm_b="none")
    assert design.routine_of("A") == "hip-full" and design.routine_of("B") is None


events_strategy = st.lists(
    st.tuples(st.sampled_from(t.EVENT_KINDS), st.integers(0, 60)), max_size=8
).map(
    lambda items: tuple(
        ev(kind, START + timedelta(d)) for kind, d in sorted(items, key=lambda i: i[1])
    )
)


@given(events=events_strategy)
def test_trial_calendar_invariants(events: tuple[t.Event, ...]) -> None:
    cal = t.calendar(START, 42, events)
    assert len(cal.days) <= 42 and list(cal.days) == sorted(set(cal.days))
    assert not any(cal.is_paused(d) for d in cal.days)
    if cal.stopped_on is not None:
        assert all(d < cal.stopped_on for d in cal.days)
    for index, day in enumerate(cal.days):
        today = t.state_on(t.Design(), ("AB", "BA", "AB"), START, events, day)
        assert today.state == "active" and today.trial_day == index + 1
