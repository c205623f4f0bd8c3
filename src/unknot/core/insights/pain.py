"""Daily pain from check-ins and ratings, and the two-week "see a clinician" rule."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from unknot.core.insights.records import (
    CLINICIAN_IMPROVEMENT,
    CLINICIAN_MIN_DAYS,
    CLINICIAN_PAIN_FLOOR,
    CLINICIAN_SPREAD_FACTOR,
    EVERYDAY_CONTEXTS,
    ROLLING_DAYS,
    ROLLING_MIN_DAYS,
    TWO_WEEKS,
    ClinicianCheck,
    DayPain,
    dates,
)
from unknot.core.journal import CheckIn, PainEntry, SessionEntry, local_day


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
    found = [values[d] for d in dates(first, last) if d in values]
    return math.fsum(found) / len(found) if len(found) >= min_days else None


# -- the two-week rule -------------------------------------------------------------------


def clinician_check(days: dict[date, DayPain], today: date) -> ClinicianCheck:
    """Has pain failed to improve clearly (or got worse) over two weeks? See the constants."""
    averages = {d: p.average for d, p in days.items() if p.average is not None}
    recent_first = today - timedelta(ROLLING_DAYS - 1)
    earlier_last = today - timedelta(TWO_WEEKS)
    earlier_first = earlier_last - timedelta(ROLLING_DAYS - 1)
    recent = [averages[d] for d in dates(recent_first, today) if d in averages]
    earlier = [averages[d] for d in dates(earlier_first, earlier_last) if d in averages]
    recent_mean = math.fsum(recent) / len(recent) if recent else None
    earlier_mean = math.fsum(earlier) / len(earlier) if earlier else None
    if len(recent) < CLINICIAN_MIN_DAYS or len(earlier) < CLINICIAN_MIN_DAYS:
        return ClinicianCheck(
            "not_enough_data", recent_mean, earlier_mean, len(recent), len(earlier)
        )
    assert recent_mean is not None and earlier_mean is not None
    needed = improvement_needed(recent, earlier)
    if recent_mean < CLINICIAN_PAIN_FLOOR:
        kind = "little_pain"
    elif recent_mean - earlier_mean >= CLINICIAN_IMPROVEMENT:
        kind = "worse"
    elif recent_mean - earlier_mean > -needed:
        kind = "not_improved"
    else:
        kind = "improved"
    return ClinicianCheck(kind, recent_mean, earlier_mean, len(recent), len(earlier), needed)


def improvement_needed(recent: Sequence[float], earlier: Sequence[float]) -> float:
    """The fall that counts as clearly improved: 1 point, or more for pain that varies more.

    CLINICIAN_SPREAD_FACTOR times the pooled SD of the days around their own week's mean.
    """
    squares = 0.0
    for week in (recent, earlier):
        mean = math.fsum(week) / len(week)
        squares += math.fsum((v - mean) ** 2 for v in week)
    spread = math.sqrt(squares / (len(recent) + len(earlier) - 2))
    return max(CLINICIAN_IMPROVEMENT, CLINICIAN_SPREAD_FACTOR * spread)
