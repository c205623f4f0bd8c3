"""Insights (F8): what the journal says about pain, sessions, SPADI and habits.

Pure: the caller passes the records, ``today`` and the person's time zone; nothing here reads a
clock, a file or a database. Every record list is put in a canonical order first, so the result
does not depend on the order the records arrive in. How each number is computed, and why, is in
``docs/reports.md``; the rules are repeated next to the code that applies them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Any, Protocol

from unknot.core import spadi as spadi_scoring
from unknot.core.insights_stats import Difference, ar1_difference, mean_interval
from unknot.core.journal import HABITS, CheckIn, PainEntry, SessionEntry, SpadiEntry, local_day
from unknot.errors import ValidationError

# Ratings that describe the person's everyday pain. "during", "technique" and "after" ratings
# describe a session; they feed the before -> after numbers, not the daily average.
EVERYDAY_CONTEXTS = ("log", "before")

ROLLING_DAYS = 7
ROLLING_MIN_DAYS = 4  # a 7-day mean needs at least 4 days with a value

MIN_CHANGE_N = 3  # no before -> after numbers from fewer sessions than this

# NRS change wording, clinical-facts.md section 3.1 (Farrar 2001; Michener 2011; Salaffi 2004):
# >= 2 points (or >= 30 % of the starting pain, when that is at least 1 point) "most people
# notice as meaningful"; >= 1 point "small".
MEANINGFUL_POINTS = 2.0
MEANINGFUL_FRACTION = 0.30
SMALL_POINTS = 1.0

# Habits <-> next-day pain: shown only with this many days with and without the habit.
MIN_HABIT_DAYS = 14

# The two-week rule, clinical-facts.md section 1C, [NHS-SP]: "See a GP if shoulder pain is
# getting worse or does not improve after 2 weeks." Applied as: the mean daily pain of the last
# 7 days (today included) against the mean of the 7 days that ended 14 days ago; each mean
# needs at least 4 days. The prompt shows when the recent mean is at least 1 (there is pain to
# speak of) and is not at least 1 point lower than the earlier one.
TWO_WEEKS = 14
CLINICIAN_MIN_DAYS = 4
CLINICIAN_IMPROVEMENT = 1.0
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
    n: int
    shown: bool
    mean_before: float | None = None
    mean_after: float | None = None
    mean: float | None = None
    low: float | None = None
    high: float | None = None
    size: str = ""  # meaningful | small | little (empty when not shown)
    direction: str = ""  # better | worse | same


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
    beyond_mdc: bool | None


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


@dataclass(frozen=True)
class ClinicianCheck:
    kind: str  # worse | not_improved | improved | little_pain | not_enough_data
    recent_mean: float | None
    earlier_mean: float | None
    recent_days: int
    earlier_days: int

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

    def to_json(self) -> dict[str, Any]:
        from unknot.core.insights_json import insights_json

        return insights_json(self)


def build_insights(journal: JournalLike, today: date, zone: tzinfo, since: date) -> Insights:
    """All insights for the days ``since`` .. ``today`` (records before ``since`` give context
    for rolling means and the two-week rule)."""
    return compute_insights(
        journal.pain, journal.checkins, journal.spadi, journal.sessions, today, zone, since
    )


def compute_insights(
    pain: Sequence[PainEntry],
    checkins: Sequence[CheckIn],
    spadi: Sequence[SpadiEntry],
    sessions: Sequence[SessionEntry],
    today: date,
    zone: tzinfo,
    since: date,
) -> Insights:
    pain = sorted(pain, key=lambda e: (e.taken_at, e.id.int))
    checkins = sorted(checkins, key=lambda c: (c.day, c.taken_at, c.id.int))
    spadi = sorted(spadi, key=lambda s: (s.taken_at, s.id.int))
    sessions = sorted(sessions, key=lambda s: (s.started_at, s.id.int))
    since = min(since, today)
    all_days = daily_pain(pain, checkins, sessions, zone, today)
    by_day = {d.day: d for d in all_days}
    in_window = [s for s in sessions if since <= local_day(s.started_at, zone) <= today]
    return Insights(
        today=today,
        since=since,
        days=tuple(by_day[d] for d in _dates(since, today) if d in by_day),
        routines=routine_changes(in_window),
        techniques=technique_changes(in_window),
        spadi=spadi_trend(spadi, zone, since, today),
        recent=adherence(
            sessions, checkins, zone, max(today - timedelta(ADHERENCE_DAYS - 1), since), today
        ),
        window=adherence(sessions, checkins, zone, since, today),
        habits=habit_links(checkins, by_day, since, today),
        clinician=clinician_check(by_day, today),
        stops=tuple(
            StopRecord(local_day(s.started_at, zone), s.routine_id, s.status, s.stop_rules)
            for s in in_window
            if s.stop_rules
        ),
    )


def _dates(first: date, last: date) -> list[date]:
    return [first + timedelta(i) for i in range((last - first).days + 1)]


# -- daily pain --------------------------------------------------------------------------


def latest_checkins(checkins: Sequence[CheckIn]) -> dict[date, CheckIn]:
    """One check-in per day: the latest one taken (input sorted by day, time, id)."""
    return {c.day: c for c in checkins}


def daily_pain(
    pain: Sequence[PainEntry],
    checkins: Sequence[CheckIn],
    sessions: Sequence[SessionEntry],
    zone: tzinfo,
    today: date,
) -> list[DayPain]:
    """Every day from the first record to ``today`` that has any pain number.

    Daily average: the check-in's average when the day has a check-in (it is the person's own
    summary of the day), otherwise the mean of that day's everyday ratings ("log" and "before").
    Worst: the highest of the check-in's worst and every rating of the day, in any context.
    """
    everyday: dict[date, list[int]] = {}
    highest: dict[date, int] = {}
    for entry in pain:
        day = local_day(entry.taken_at, zone)
        if entry.context in EVERYDAY_CONTEXTS:
            everyday.setdefault(day, []).append(entry.value)
        highest[day] = max(highest.get(day, entry.value), entry.value)
    checked = latest_checkins(checkins)
    for day, c in checked.items():
        highest[day] = max(highest.get(day, c.worst_pain), c.worst_pain)
    counts: dict[date, int] = {}
    for s in sessions:
        day = local_day(s.started_at, zone)
        counts[day] = counts.get(day, 0) + 1
    days = sorted(d for d in set(highest) | set(counts) if d <= today)
    averages: dict[date, float] = {}
    sources: dict[date, str] = {}
    for day in days:
        if day in checked:
            averages[day] = float(checked[day].average_pain)
            sources[day] = "checkin"
        elif day in everyday:
            averages[day] = math.fsum(everyday[day]) / len(everyday[day])
            sources[day] = "ratings"
    return [
        DayPain(
            day=day,
            average=averages.get(day),
            worst=highest.get(day),
            rolling=window_mean(averages, day - timedelta(ROLLING_DAYS - 1), day, ROLLING_MIN_DAYS),
            source=sources.get(day, ""),
            sessions=counts.get(day, 0),
        )
        for day in days
    ]


def window_mean(values: dict[date, float], first: date, last: date, min_days: int) -> float | None:
    """Mean of the values on ``first`` .. ``last``, or None with fewer than ``min_days``."""
    found = [values[d] for d in _dates(first, last) if d in values]
    return math.fsum(found) / len(found) if len(found) >= min_days else None


# -- before -> after ---------------------------------------------------------------------


def change_size(mean_change: float, mean_before: float) -> tuple[str, str]:
    """Size and direction of a mean NRS change (clinical-facts.md section 3.1)."""
    # Judged at the one decimal the report shows, so the words always match the number.
    points = round(abs(mean_change), 1)
    direction = "better" if mean_change < 0 else "worse" if mean_change > 0 else "same"
    relative = abs(mean_change) / mean_before if mean_before > 0 else 0.0
    if points >= MEANINGFUL_POINTS or (points >= SMALL_POINTS and relative >= MEANINGFUL_FRACTION):
        return "meaningful", direction
    if points >= SMALL_POINTS:
        return "small", direction
    return "little", direction


def summarise_change(key: str, pairs: Sequence[tuple[float, float]]) -> Change:
    """``pairs`` of (before, after); numbers only from ``MIN_CHANGE_N`` pairs on."""
    n = len(pairs)
    if n < MIN_CHANGE_N:
        return Change(key=key, n=n, shown=False)
    diffs = [after - before for before, after in pairs]
    interval = mean_interval(diffs)
    before = math.fsum(b for b, _ in pairs) / n
    after = math.fsum(a for _, a in pairs) / n
    size, direction = change_size(interval.mean, before)
    return Change(
        key=key,
        n=n,
        shown=True,
        mean_before=before,
        mean_after=after,
        mean=interval.mean,
        low=interval.low,
        high=interval.high,
        size=size,
        direction=direction,
    )


def routine_changes(sessions: Sequence[SessionEntry]) -> tuple[Change, ...]:
    """Per routine: every session with both a before and an after rating, whatever its end."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for s in sessions:
        if s.pain_before is not None and s.pain_after is not None:
            groups.setdefault(s.routine_id, []).append((s.pain_before, s.pain_after))
    return tuple(summarise_change(key, groups[key]) for key in sorted(groups))


def technique_changes(sessions: Sequence[SessionEntry]) -> tuple[Change, ...]:
    """Per technique: the session's before rating against the rating taken after that
    technique (the mean of them when it was rated more than once, e.g. once per side)."""
    groups: dict[str, list[tuple[float, float]]] = {}
    for s in sessions:
        if s.pain_before is None or not s.technique_ratings:
            continue
        rated: dict[str, list[int]] = {}
        for technique, value in s.technique_ratings:
            rated.setdefault(technique, []).append(value)
        for technique, values in rated.items():
            after = math.fsum(values) / len(values)
            groups.setdefault(technique, []).append((s.pain_before, after))
    return tuple(summarise_change(key, groups[key]) for key in sorted(groups))


# -- SPADI -------------------------------------------------------------------------------


def spadi_trend(
    entries: Sequence[SpadiEntry], zone: tzinfo, since: date, today: date
) -> SpadiTrend:
    """Scored questionnaires in the window; the band is the first total +/- the MDC (13)."""
    points: list[SpadiPoint] = []
    for entry in entries:
        day = local_day(entry.taken_at, zone)
        if not since <= day <= today:
            continue
        try:
            result = spadi_scoring.score(entry.answers)
        except ValidationError:
            continue  # a stored questionnaire that no longer validates is left out
        if result.total is None or result.pain is None or result.disability is None:
            continue  # too many items unanswered to score
        points.append(SpadiPoint(day, result.total, result.pain, result.disability))
    mdc = float(spadi_scoring.MDC)
    if not points:
        return SpadiTrend((), mdc, None, None, None)
    baseline = points[0].total
    change = points[-1].total - baseline if len(points) > 1 else None
    beyond = abs(change) >= mdc if change is not None else None
    return SpadiTrend(tuple(points), mdc, baseline, change, beyond)


# -- adherence ---------------------------------------------------------------------------


def adherence(
    sessions: Sequence[SessionEntry],
    checkins: Sequence[CheckIn],
    zone: tzinfo,
    first: date,
    last: date,
) -> Adherence:
    """Days with at least one session (of any outcome) and days with a check-in, plainly."""
    chosen = [s for s in sessions if first <= local_day(s.started_at, zone) <= last]
    return Adherence(
        first_day=first,
        last_day=last,
        days=(last - first).days + 1,
        session_days=len({local_day(s.started_at, zone) for s in chosen}),
        checkin_days=len({c.day for c in checkins if first <= c.day <= last}),
        sessions=len(chosen),
        minutes=math.fsum(s.actual_s for s in chosen) / 60.0,
    )


# -- habits <-> next-day pain --------------------------------------------------------------


def habit_links(
    checkins: Sequence[CheckIn], days: dict[date, DayPain], since: date, today: date
) -> tuple[HabitLink, ...]:
    """For each of the four habits: next-day pain after days with it minus after days without.

    A day counts when it has a check-in (which records the habits) inside the window and the
    next day, also in the window, has a daily average. See ``insights_stats.ar1_difference``.
    """
    checked = latest_checkins(checkins)
    rows: list[tuple[int, float, CheckIn]] = []
    for day, c in sorted(checked.items()):
        following = days.get(day + timedelta(1))
        if not since <= day < today or following is None or following.average is None:
            continue
        rows.append((day.toordinal(), following.average, c))
    links = []
    for habit in HABITS:
        flags = [c.habit(habit) for _, _, c in rows]
        n_with = sum(flags)
        n_without = len(flags) - n_with
        result = None
        if n_with >= MIN_HABIT_DAYS and n_without >= MIN_HABIT_DAYS:
            result = ar1_difference([r[0] for r in rows], [r[1] for r in rows], flags)
        links.append(HabitLink(habit, n_with, n_without, result is not None, result))
    return tuple(links)


# -- the two-week rule -------------------------------------------------------------------


def clinician_check(days: dict[date, DayPain], today: date) -> ClinicianCheck:
    """Has pain failed to improve (or got worse) over two weeks? See the constants above."""
    averages = {d: p.average for d, p in days.items() if p.average is not None}
    recent_first = today - timedelta(ROLLING_DAYS - 1)
    earlier_last = today - timedelta(TWO_WEEKS)
    earlier_first = earlier_last - timedelta(ROLLING_DAYS - 1)
    recent = [averages[d] for d in _dates(recent_first, today) if d in averages]
    earlier = [averages[d] for d in _dates(earlier_first, earlier_last) if d in averages]
    recent_mean = math.fsum(recent) / len(recent) if recent else None
    earlier_mean = math.fsum(earlier) / len(earlier) if earlier else None
    if len(recent) < CLINICIAN_MIN_DAYS or len(earlier) < CLINICIAN_MIN_DAYS:
        kind = "not_enough_data"
    else:
        assert recent_mean is not None and earlier_mean is not None
        if recent_mean < CLINICIAN_PAIN_FLOOR:
            kind = "little_pain"
        elif recent_mean - earlier_mean >= CLINICIAN_IMPROVEMENT:
            kind = "worse"
        elif recent_mean - earlier_mean > -CLINICIAN_IMPROVEMENT:
            kind = "not_improved"
        else:
            kind = "improved"
    return ClinicianCheck(kind, recent_mean, earlier_mean, len(recent), len(earlier))
