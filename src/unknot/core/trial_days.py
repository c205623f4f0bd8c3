"""The days of a personal trial as its report counts them: arm, outcome, adherence, carry-over.

Pure. Carry-over goes by **trial days** (paused days are not trial days): the first day on a
new arm after a switch (first 2 with 14-day periods) is flagged however many paused calendar
days lie between the periods. Adherence (``nof1-methods.md``): an A or B day is on protocol
when that arm's routine was completed ("finished") that day; a no-routine day (and a baseline
day) when no session was started that day. Today counts once it has a check-in; earlier days
without one are missing. :mod:`unknot.core.trial_report` builds the report from these days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from typing import Any

from unknot.core import trial as core
from unknot.core.journal import CheckIn, SessionEntry, local_day
from unknot.core.nof1.data import Day, carryover_days, daily_trial
from unknot.core.stoprules import StopRules

FINISHED_STATUS = "finished"


@dataclass(frozen=True)
class TrialInput:
    """The stored trial as the report needs it (built by the service from the database)."""

    trial_id: str
    design: core.Design
    start: date
    seed: int
    sequence: tuple[str, ...]
    randomisation: str
    events: tuple[tuple[core.Event, datetime], ...]  # with the time each was recorded
    design_check: dict[str, Any]
    assessed_by_clinician: bool
    screening_tier: str
    arm_names: dict[str, str]
    # The rules in force, to name what stopped a session in words (an id if absent).
    stop_rules: StopRules | None = None


@dataclass(frozen=True)
class TrialDay:
    date: date
    trial_day: int  # 1-based
    kind: str  # run-in | baseline | period
    arm: str | None
    pair: int | None
    period: int | None
    outcome: float | None
    worst: int | None
    adherent: bool | None
    sessions: tuple[str, ...]  # "routine:status" of each session started that day
    stops: tuple[str, ...]  # stop rules that fired in that day's sessions
    painkillers: bool = False
    other_treatment: str = ""
    carryover: bool = False
    changes: tuple[float, ...] = ()  # after − before of that day's sessions

    def to_json(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(),
            "trial_day": self.trial_day,
            "kind": self.kind,
            "arm": self.arm,
            "pair": self.pair,
            "period": self.period,
            "outcome": self.outcome,
            "worst": self.worst,
            "adherent": self.adherent,
            "carryover": self.carryover,
            "sessions": list(self.sessions),
            "stops": list(self.stops),
            "painkillers": self.painkillers,
        }


def trial_days(
    trial: TrialInput,
    checkins: Sequence[CheckIn],
    sessions: Sequence[SessionEntry],
    zone: tzinfo,
    today: date,
) -> list[TrialDay]:
    """Every trial day up to today (today only once it has a check-in)."""
    design, seq = trial.design, trial.sequence
    events = tuple(e for e, _at in trial.events)
    cal = core.calendar(trial.start, core.total_days(design, seq), events)
    checked = {c.day: c for c in sorted(checkins, key=lambda c: (c.day, c.taken_at))}
    by_day: dict[date, list[SessionEntry]] = {}
    for s in sorted(sessions, key=lambda s: s.started_at):
        by_day.setdefault(local_day(s.started_at, zone), []).append(s)
    out = []
    for index, day in enumerate(cal.days):
        if day > today or (day == today and day not in checked):
            break
        seg = core.segment_at(design, seq, index)
        assert seg is not None
        out.append(_day(design, seg, index, day, checked.get(day), by_day.get(day, [])))
    flagged = carryover_indices(design, seq)
    return [replace(d, carryover=d.trial_day - 1 in flagged) for d in out]


def _day(
    design: core.Design,
    seg: core.Segment,
    index: int,
    day: date,
    checkin: CheckIn | None,
    done: list[SessionEntry],
) -> TrialDay:
    return TrialDay(
        date=day,
        trial_day=index + 1,
        kind=seg.kind,
        arm=seg.arm,
        pair=seg.pair,
        period=seg.period,
        outcome=float(checkin.average_pain) if checkin else None,
        worst=checkin.worst_pain if checkin else None,
        adherent=_adherent(design, seg, done),
        sessions=tuple(f"{s.routine_id}:{s.status}" for s in done),
        stops=tuple(rule for s in done for rule in s.stop_rules),
        painkillers=bool(checkin and checkin.painkillers),
        other_treatment=checkin.other_treatment.strip() if checkin else "",
        changes=tuple(
            float(s.pain_after - s.pain_before)
            for s in done
            if s.pain_after is not None and s.pain_before is not None
        ),
    )


def _adherent(design: core.Design, seg: core.Segment, done: list[SessionEntry]) -> bool | None:
    if seg.kind == core.RUN_IN:
        return None
    routine = design.routine_of(seg.arm) if seg.kind == core.PERIOD and seg.arm else None
    if routine is None:
        return not done
    return any(s.routine_id == routine and s.status == FINISHED_STATUS for s in done)


def carryover_indices(design: core.Design, sequence: Sequence[str]) -> frozenset[int]:
    """The carry-over days of the schedule, as 0-based trial-day indices.

    The engine's rule (:func:`unknot.core.nof1.data.carryover_days`) applied to every planned
    period day numbered by trial day: the first day of each period whose arm differs from the
    period before it, the first 2 when periods have 14 days or more. Counting trial days, not
    calendar days, keeps the flags on the new arm's first days when a pause falls on a switch,
    and adds none when a pause falls inside a period.
    """
    planned = [
        Day(day=i + 1, arm=s.arm or "", outcome=None, pair=s.pair or 0)
        for s in core.segments(design, sequence)
        if s.kind == core.PERIOD
        for i in range(s.first, s.last + 1)
    ]
    if not planned:
        return frozenset()
    schedule = daily_trial(planned)
    flags = carryover_days(schedule)
    return frozenset(d.day - 1 for d, f in zip(schedule.days, flags, strict=True) if f)
