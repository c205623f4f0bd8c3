"""The values of the insights (F8) and the thresholds they are computed with.

The computations are in ``pain`` (daily pain, the two-week rule) and
``effects`` (before -> after, SPADI, adherence, habits); ``build`` puts them
together. Every threshold cites its source here or in ``docs/reports.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from unknot.core.insights.stats import Difference
from unknot.core.journal import CheckIn, PainEntry, SessionEntry, SpadiEntry

# Ratings that describe the person's everyday pain. "during", "technique" and "after" ratings
# describe a session; they feed the before -> after numbers, not the daily average.
EVERYDAY_CONTEXTS = ("log", "before")

ROLLING_DAYS = 7
ROLLING_MIN_DAYS = 4  # a 7-day mean needs at least 4 days with a value

# No before -> after numbers from fewer days than this: sessions on one day are one cluster.
MIN_CHANGE_N = 3

# NRS change wording, clinical-facts.md section 3.1 (Farrar 2001; Michener 2011; Salaffi 2004):
# >= 2 points, or >= 30 % of the starting pain when that is at least 1 point, is "a change most
# people notice as meaningful"; any other change of >= 1 point is "small". One rule, one
# threshold per starting pain (meaningful_threshold), for the words, the chart and the docs.
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
SMALL_POINTS = 1.0


def meaningful_threshold(mean_before: float) -> float:
    """The smallest change most people notice as meaningful from this starting pain."""
    return min(MEANINGFUL_POINTS, max(SMALL_POINTS, MEANINGFUL_FRACTION * max(mean_before, 0.0)))


# Habits <-> next-day pain: shown only with this many days with and without the habit.
MIN_HABIT_DAYS = 14

# The two-week rule, clinical-facts.md section 1D (a routine appointment, never blocking),
# [NHS-SP]: "See a GP if shoulder pain is getting worse or does not improve after 2 weeks."
# Applied as: the mean daily pain of the last 7 days (today included) against the mean of the
# 7 days that ended 14 days ago; each mean needs at least 4 days. The prompt shows when the
# recent mean is at least 1 (there is pain to speak of) and is not clearly lower than the
# earlier one: lower by at least 1 point and by at least 3.5 times the day-to-day spread (the
# pooled SD of the days around each week's mean). The factor keeps "improved" under no real
# change at most 5 % for whole-number AR(1) ratings with rho 0-0.8 and SD 0.5-2
# (bench/two_week_rule.py, docs/benchmarks.md).
TWO_WEEKS = 14
CLINICIAN_MIN_DAYS = 4
CLINICIAN_IMPROVEMENT = 1.0
CLINICIAN_SPREAD_FACTOR = 3.5
CLINICIAN_PAIN_FLOOR = 1.0

ADHERENCE_DAYS = 14


class JournalLike(Protocol):
    """What the insights read from a journal (``unknot.core.journal.Journal``)."""

    @property
    def pain(self) -> Sequence[PainEntry]: ...

    @property
    def checkins(self) -> Sequence[CheckIn]: ...

    @property
    def spadi(self) -> Sequence[SpadiEntry]: ...

    @property
    def sessions(self) -> Sequence[SessionEntry]: ...


@dataclass(frozen=True)
class DayPain:
    """One calendar day of the person's pain."""

    day: date
    average: float | None  # check-in average, else the mean of everyday ratings
    worst: int | None  # highest of the check-in's worst and any rating that day
    rolling: float | None  # 7-day mean of ``average`` ending this day
    source: str  # "checkin" | "ratings" | ""
    sessions: int


@dataclass(frozen=True)
class Change:
    """Pain change from before a session to after it (or after one technique)."""

    key: str  # routine id or technique id
    n: int  # sessions
    shown: bool
    mean_before: float | None = None
    mean_after: float | None = None
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    size: str = ""  # meaningful | small | little (empty when not shown)
    direction: str = ""  # better | worse | same
    # Techniques only: measured from the rating just before the technique ("previous"), or
    # from the session's before rating when another technique came between ("start").
    basis: str = ""
    days: int = 0  # the days those sessions fell on: the interval's clusters


@dataclass(frozen=True)
class SpadiPoint:
    day: date
    total: float
    pain: float
    disability: float


@dataclass(frozen=True)
class SpadiTrend:
    points: tuple[SpadiPoint, ...]
    mdc: float
    baseline: float | None
    change: float | None  # latest minus first
    beyond_mdc: bool | None  # |change| >= 13 (the MDC90 of the scoring form)
    mdc_high: float = 18.0  # the MDC some studies give; between the two the change is uncertain

    @property
    def change_band(self) -> str | None:
        """ "within" (< 13), "uncertain" (13 to under 18) or "beyond" (18 or more), or None."""
        if self.change is None:
            return None
        size = abs(self.change)
        return "within" if size < self.mdc else "uncertain" if size < self.mdc_high else "beyond"


@dataclass(frozen=True)
class Adherence:
    first_day: date
    last_day: date
    days: int
    session_days: int
    checkin_days: int
    sessions: int
    minutes: float


@dataclass(frozen=True)
class HabitLink:
    habit: str
    n_with: int
    n_without: int
    shown: bool
    result: Difference | None = None
    compared: int = 1  # habits with enough days: the Bonferroni divisor
    level: float = 0.95  # each interval's level: 1 − 0.05 / compared

    @property
    def linked(self) -> bool:
        """The interval excludes no difference."""
        r = self.result
        return r is not None and (r.low > 0 or r.high < 0)


@dataclass(frozen=True)
class ClinicianCheck:
    kind: str  # worse | not_improved | improved | little_pain | not_enough_data
    recent_mean: float | None
    earlier_mean: float | None
    recent_days: int
    earlier_days: int
    needed: float | None = None  # the fall that counts as improved for this person's spread

    @property
    def due(self) -> bool:
        return self.kind in ("worse", "not_improved")

    @property
    def change(self) -> float | None:
        if self.recent_mean is None or self.earlier_mean is None:
            return None
        return self.recent_mean - self.earlier_mean


@dataclass(frozen=True)
class StopRecord:
    day: date
    routine_id: str
    status: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Insights:
    today: date
    since: date
    days: tuple[DayPain, ...]
    routines: tuple[Change, ...]
    techniques: tuple[Change, ...]
    spadi: SpadiTrend
    recent: Adherence
    window: Adherence
    habits: tuple[HabitLink, ...]
    clinician: ClinicianCheck
    stops: tuple[StopRecord, ...]
    # What a person reads for the ids above (routines, techniques, stop rules): filled by the
    # service from the content; an id without a name is shown as it is.
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, key: str) -> str:
        return self.names.get(key, key)


def dates(first: date, last: date) -> list[date]:
    """Every calendar day from ``first`` to ``last``, both included."""
    return [first + timedelta(i) for i in range((last - first).days + 1)]
