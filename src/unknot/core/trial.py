"""A personal trial (N-of-1) as it is planned and run: design, randomisation, schedule, today.

Pure: dates and events come in, nothing reads a clock or a database (``nof1-methods.md``,
"Our design"). The vocabulary:

* the **design** is fixed at planning: arms, period length, pairs, optional baseline period and
  run-in days, the MCID, the trend choice and the decision threshold;
* the **sequence** is each pair's order, "AB" or "BA" with probability 1/2, drawn once from a
  stored seed with :func:`draw_orders` (``random.Random(seed)``, one ``random()`` per pair, AB
  when it is below 0.5). The realised sequence is stored with the trial and read back as
  stored: nothing ever draws it again. Extending by a pair draws only the new pair's order, the
  next value of the same stream;
* **trial days** are counted from the start day, skipping paused days. An event (pause,
  resume, extend, stop) takes effect on the person's calendar day it was recorded on: a pause
  makes that day and the following ones paused until the day of the resume, which is a trial
  day again; a stop ends the trial before the day it was recorded on.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from unknot.errors import Problem, ValidationError
from unknot.i18n import _

NO_ROUTINE = "none"
PERIOD_LENGTHS = (7, 14)
MIN_PAIRS, MAX_PAIRS = 2, 4
MAX_EXTENDED_PAIRS = 6  # extending adds pairs past the planned 2-4, up to this many
MAX_RUN_IN = 14
RANDOMISATION = (
    "Each pair's order drawn once with Python's random.Random(seed): one random() per pair, "
    "AB when it is below 0.5, BA otherwise (probability 1/2 each)."
)

# Segment kinds
RUN_IN = "run-in"
BASELINE = "baseline"
PERIOD = "period"

# Trial states
PLANNED = "planned"  # the start day has not come yet
ACTIVE = "active"
PAUSED = "paused"
FINISHED = "finished"
STOPPED = "stopped"
OPEN_STATES = (PLANNED, ACTIVE, PAUSED)

# Event kinds
PAUSE = "pause"
RESUME = "resume"
EXTEND = "extend"
STOP = "stop"
EVENT_KINDS = (PAUSE, RESUME, EXTEND, STOP)


# The decision rule's default bar, calibrated by simulation (bench/prior_choice.py,
# docs/nof1-analysis.md "Choosing the priors"): with the primary prior it keeps the chance of
# concluding "A better" when A and B do not differ at most 5 % for 2-4 pairs of 7 or 14 days
# and day-to-day autocorrelation from -0.4 to 0.9.
DECISION_THRESHOLD = 0.975


@dataclass(frozen=True)
class Design:
    """Everything decided before the trial starts (never changed after seeing data)."""

    arm_a: str = "hip-full"
    arm_b: str = "shoulder"  # a routine id or "none" (no routine)
    period_days: int = 7
    pairs: int = 3
    baseline: bool = False  # a no-routine period of period_days before the pairs
    run_in_days: int = 0
    mcid: float = 2.0
    trend: bool = False
    threshold: float = DECISION_THRESHOLD

    @property
    def baseline_days(self) -> int:
        return self.period_days if self.baseline else 0

    @property
    def lead_days(self) -> int:
        """Days before the first period of the pairs."""
        return self.run_in_days + self.baseline_days

    def routine_of(self, arm: str) -> str | None:
        """The routine id of arm "A" or "B"; None for "no routine"."""
        routine = self.arm_a if arm == "A" else self.arm_b
        return None if routine == NO_ROUTINE else routine


def check_design(design: Design, routines: Sequence[str]) -> None:
    """Raise one ValidationError listing every bad choice."""
    problems = []
    if design.arm_a not in routines:
        problems.append(
            _p(_("arm A {arm_a!r} is not a routine").format(arm_a=design.arm_a), "arm_a")
        )
    if design.arm_b != NO_ROUTINE and design.arm_b not in routines:
        problems.append(
            _p(_("arm B {arm_b!r} is not a routine or 'none'").format(arm_b=design.arm_b), "arm_b")
        )
    if design.arm_a == design.arm_b:
        problems.append(_p(_("arm A and arm B are the same routine"), "arm_b"))
    if design.period_days not in PERIOD_LENGTHS:
        problems.append(
            _p(
                _("a period of {period_days} days is not 7 or 14").format(
                    period_days=design.period_days
                ),
                "period",
            )
        )
    if not MIN_PAIRS <= design.pairs <= MAX_PAIRS:
        problems.append(
            _p(_("{pairs} pairs is not between 2 and 4").format(pairs=design.pairs), "pairs")
        )
    if not 0 <= design.run_in_days <= MAX_RUN_IN:
        problems.append(
            _p(
                _("{run_in_days} run-in days is not between 0 and 14").format(
                    run_in_days=design.run_in_days
                ),
                "run_in",
            )
        )
    if not 0 < design.mcid <= 10:
        problems.append(
            _p(
                _("the MCID {mcid:g} is not above 0 and at most 10").format(mcid=design.mcid),
                "mcid",
            )
        )
    if not 0.5 < design.threshold < 1:
        problems.append(
            _p(
                _("the threshold {threshold:g} is not between 0.5 and 1").format(
                    threshold=design.threshold
                ),
                "threshold",
            )
        )
    if problems:
        raise ValidationError(
            _("The trial design has problems."),
            hint=_(
                "Routines: {routines}; arm B may also be 'none'. Periods of 7 or 14 days, "
                "2 to 4 pairs."
            ).format(routines=", ".join(routines)),
            problems=problems,
        )


def _p(message: str, name: str) -> Problem:
    return Problem(message, field=name)


def draw_orders(seed: int, pairs: int) -> tuple[str, ...]:
    """The first ``pairs`` orders of the seed's stream (a prefix never changes)."""
    rng = random.Random(seed)
    return tuple("AB" if rng.random() < 0.5 else "BA" for _ in range(pairs))


@dataclass(frozen=True)
class Segment:
    """A stretch of trial days: run-in, baseline, or one period of one arm in one pair."""

    kind: str
    first: int  # trial-day index (0-based, paused days not counted)
    days: int
    arm: str | None = None  # "A" / "B" for periods
    pair: int | None = None
    period: int | None = None  # 1-based among the periods of the pairs

    @property
    def last(self) -> int:
        return self.first + self.days - 1


def segments(design: Design, sequence: Sequence[str]) -> tuple[Segment, ...]:
    """The schedule in trial days: run-in, baseline, then two periods per stored pair order."""
    out: list[Segment] = []
    start = 0
    if design.run_in_days:
        out.append(Segment(RUN_IN, 0, design.run_in_days))
        start = design.run_in_days
    if design.baseline:
        out.append(Segment(BASELINE, start, design.baseline_days))
        start += design.baseline_days
    for pair, order in enumerate(sequence, start=1):
        for arm in order:
            out.append(Segment(PERIOD, start, design.period_days, arm, pair, len(out) + 1))
            start += design.period_days
    lead = sum(s.kind != PERIOD for s in out)
    return tuple(
        Segment(s.kind, s.first, s.days, s.arm, s.pair, s.period - lead) if s.period else s
        for s in out
    )


def total_days(design: Design, sequence: Sequence[str]) -> int:
    return design.lead_days + 2 * design.period_days * len(sequence)


@dataclass(frozen=True)
class Event:
    kind: str  # pause | resume | extend | stop
    day: date  # the person's calendar day it takes effect
    reason: str = ""


@dataclass(frozen=True)
class Calendar:
    """Trial days mapped to the person's calendar days, after pauses and a stop."""

    start: date
    days: tuple[date, ...]  # the calendar day of each trial day known so far
    paused: frozenset[date] = field(default_factory=frozenset)  # closed pauses
    paused_since: date | None = None  # a pause not yet resumed: from this day on
    stopped_on: date | None = None

    def index_of(self, day: date) -> int | None:
        try:
            return self.days.index(day)
        except ValueError:
            return None

    def is_paused(self, day: date) -> bool:
        return day in self.paused or (self.paused_since is not None and day >= self.paused_since)


def calendar(start: date, total: int, events: Sequence[Event]) -> Calendar:
    """Walk the calendar from ``start``, skipping paused days, until ``total`` trial days, the
    stop day, or a pause not yet resumed (the days after it have no dates yet)."""
    paused, since = _pauses(events)
    stop = min((e.day for e in events if e.kind == STOP), default=None)
    days: list[date] = []
    day = start
    while len(days) < total:
        if (stop is not None and day >= stop) or (since is not None and day >= since):
            break
        if day not in paused:
            days.append(day)
        day += timedelta(1)
    return Calendar(start, tuple(days), frozenset(paused), since, stop)


def _pauses(events: Sequence[Event]) -> tuple[set[date], date | None]:
    """Days from each pause's day up to (not including) its resume's day; an open pause."""
    paused: set[date] = set()
    since: date | None = None
    for e in events:
        if e.kind == PAUSE and since is None:
            since = e.day
        elif e.kind == RESUME and since is not None:
            paused |= {since + timedelta(i) for i in range((e.day - since).days)}
            since = None
    return paused, since


@dataclass(frozen=True)
class TodayArm:
    """What the trial asks of the person on ``day``."""

    state: str  # planned | active | paused | finished | stopped
    day: date
    trial_day: int | None  # 1-based; None outside the trial
    total_days: int
    segment: Segment | None

    @property
    def arm(self) -> str | None:
        return self.segment.arm if self.segment else None


def state_on(
    design: Design, sequence: Sequence[str], start: date, events: Sequence[Event], day: date
) -> TodayArm:
    """Where the trial stands on the person's calendar ``day``."""
    total = total_days(design, sequence)
    cal = calendar(start, total, events)
    if cal.stopped_on is not None and day >= cal.stopped_on:
        return TodayArm(STOPPED, day, None, total, None)
    if day < start:
        return TodayArm(PLANNED, day, None, total, None)
    if cal.is_paused(day):
        return TodayArm(PAUSED, day, None, total, None)
    index = cal.index_of(day)
    if index is None:
        return TodayArm(FINISHED, day, None, total, None)
    return TodayArm(ACTIVE, day, index + 1, total, segment_at(design, sequence, index))


def segment_at(design: Design, sequence: Sequence[str], index: int) -> Segment | None:
    return next((s for s in segments(design, sequence) if s.first <= index <= s.last), None)


def revealed(design: Design, sequence: Sequence[str], reached: int) -> tuple[Segment, ...]:
    """The segments that have started by trial day index ``reached`` (0-based): the person is
    shown these and none of the later ones."""
    return tuple(s for s in segments(design, sequence) if s.first <= reached)


def extended(sequence: Sequence[str], seed: int) -> tuple[str, ...]:
    """The stored sequence plus one pair: its order is the next draw of the seed's stream."""
    if len(sequence) >= MAX_EXTENDED_PAIRS:
        raise ValidationError(
            _("The trial already has {n} pairs; it cannot be extended past {most}.").format(
                n=len(sequence), most=MAX_EXTENDED_PAIRS
            ),
            hint=_("The trial report shows what the pairs so far show."),
        )
    return (*sequence, draw_orders(seed, len(sequence) + 1)[-1])
