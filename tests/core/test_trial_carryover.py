"""Carry-over flags of a personal trial go by trial days: paused calendar days do not move them.

The analysis keeps calendar days as its time axis (the AR(1) errors run in the person's time),
but a paused day is neither a trial day nor a missing day, and the engine's carry-over
sensitivity analysis drops exactly the days the report flags.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta

from unknot.core import trial as core
from unknot.core.journal import CheckIn
from unknot.core.trial_days import TrialInput, carryover_indices
from unknot.core.trial_report import TrialReport, build_report

START = date(2026, 3, 2)
ORDERS = ("AB", "BA", "AB")  # switches before periods 2, 4 and 6 (periods 2-3 are both B)


def _trial(events: list[core.Event], period_days: int = 7) -> TrialInput:
    return TrialInput(
        trial_id="t",
        design=core.Design(period_days=period_days),
        start=START,
        seed=5,
        sequence=ORDERS,
        randomisation=core.RANDOMISATION,
        events=tuple((e, datetime.combine(e.day, time(9), UTC)) for e in events),
        design_check={},
        assessed_by_clinician=False,
        screening_tier="clear",
        arm_names={"A": "Hip", "B": "Shoulder"},
    )


def _pause(first: date, resume: date) -> list[core.Event]:
    return [core.Event(core.PAUSE, first, "a week away"), core.Event(core.RESUME, resume)]


def _report(events: list[core.Event], period_days: int = 7) -> TrialReport:
    """Every day of the person's calendar rated (paused days too: they must not count)."""
    days = [START + timedelta(i) for i in range(period_days * 6 + 40)]
    checks = [
        CheckIn(uuid.uuid4(), d, datetime.combine(d, time(11), UTC), "UTC", 3 + i % 3, 6)
        for i, d in enumerate(days)
    ]
    return build_report(_trial(events, period_days), checks, [], UTC, days[-1])


def _flagged(report: TrialReport) -> list[int]:
    return [d.trial_day for d in report.days if d.carryover]


def _engine_agrees(report: TrialReport) -> None:
    """The engine's carry-over count and sensitivity analysis drop the days the report flags."""
    assert report.analysis is not None and report.analysis.primary is not None
    flagged = len(_flagged(report))
    assert report.analysis.data["carryover_days_flagged"] == flagged
    carry = next(s for s in report.analysis.sensitivity if s.name == "carryover")
    assert carry.bayes is not None
    assert carry.bayes.n_days == report.analysis.primary.n_days - flagged


def test_carryover_without_pauses_flags_the_first_day_of_each_new_arm() -> None:
    report = _report([])
    assert _flagged(report) == [8, 22, 36]
    _engine_agrees(report)


def test_carryover_flag_kept_when_a_pause_falls_exactly_on_a_switch() -> None:
    # Period 1 (A) is trial days 1-7 = 2-8 March; paused 9-11 March; trial day 8, the first
    # day of B, is 12 March: three calendar days after the last A day, still a carry-over day.
    report = _report(_pause(START + timedelta(7), START + timedelta(10)))
    eighth = next(d for d in report.days if d.trial_day == 8)
    assert eighth.date == START + timedelta(10) and eighth.arm == "B" and eighth.carryover
    assert _flagged(report) == [8, 22, 36]
    assert report.periods[1]["carryover_days"] == 1
    _engine_agrees(report)


def test_a_pause_inside_a_period_adds_no_flag() -> None:
    # Paused for 7 days from trial day 10 (inside period 2, B): the day after the resume is
    # no switch, and the period does not become "14 days long" by calendar.
    report = _report(_pause(START + timedelta(9), START + timedelta(16)))
    resumed = next(d for d in report.days if d.date == START + timedelta(16))
    assert resumed.trial_day == 10 and not resumed.carryover
    assert _flagged(report) == [8, 22, 36]
    _engine_agrees(report)


def test_14_day_periods_flag_two_days_after_each_switch_across_a_pause() -> None:
    assert sorted(carryover_indices(core.Design(period_days=14), ORDERS)) == [
        14, 15, 42, 43, 70, 71,
    ]  # fmt: skip
    report = _report([], period_days=14)
    assert _flagged(report) == [15, 16, 43, 44, 71, 72]
    _engine_agrees(report)
    paused = _report(_pause(START + timedelta(14), START + timedelta(19)), period_days=14)
    assert _flagged(paused) == [15, 16, 43, 44, 71, 72]
    assert [d.date for d in paused.days if d.trial_day in (14, 15)] == [
        START + timedelta(13), START + timedelta(19),
    ]  # fmt: skip
    _engine_agrees(paused)


def test_paused_days_are_time_in_the_analysis_not_missing_days() -> None:
    """The engine numbers days by calendar day (the AR(1) sees the gap), yet counts only trial
    days as scheduled: the paused days are neither rated nor missing."""
    report = _report(_pause(START + timedelta(7), START + timedelta(10)))
    assert report.analysis is not None
    data = report.analysis.data
    assert data["days_scheduled"] == 42 and data["days_missing"] == 0
    periods = data["periods"]
    assert (periods[0]["last_day"], periods[1]["first_day"]) == (7, 11)
    assert report.as_run["paused_days"] == 3 and report.as_run["trial_days"] == 42
