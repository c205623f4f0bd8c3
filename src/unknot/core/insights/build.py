"""Insights (F8): what the journal says about pain, sessions, SPADI and habits.

Pure: the caller passes the records, ``today`` and the person's time zone; nothing here reads a
clock, a file or a database. Every record list is put in a canonical order first, so the result
does not depend on the order the records arrive in. How each number is computed, and why, is in
``docs/reports.md``; the rules are repeated next to the code that applies them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from unknot.core.insights.effects import (
    adherence,
    change_size,
    habit_links,
    routine_changes,
    spadi_trend,
    summarise_change,
    technique_changes,
)
from unknot.core.insights.pain import clinician_check, daily_pain, latest_checkins, window_mean
from unknot.core.insights.records import (
    ADHERENCE_DAYS,
    CLINICIAN_IMPROVEMENT,
    CLINICIAN_MIN_DAYS,
    CLINICIAN_PAIN_FLOOR,
    EVERYDAY_CONTEXTS,
    MEANINGFUL_FRACTION,
    MEANINGFUL_POINTS,
    MIN_CHANGE_N,
    MIN_HABIT_DAYS,
    ROLLING_DAYS,
    ROLLING_MIN_DAYS,
    SMALL_POINTS,
    TWO_WEEKS,
    Adherence,
    Change,
    ClinicianCheck,
    DayPain,
    HabitLink,
    Insights,
    JournalLike,
    SpadiPoint,
    SpadiTrend,
    StopRecord,
    dates,
    meaningful_threshold,
)
from unknot.core.journal import CheckIn, PainEntry, SessionEntry, SpadiEntry, local_day

__all__ = [
    "ADHERENCE_DAYS",
    "CLINICIAN_IMPROVEMENT",
    "CLINICIAN_MIN_DAYS",
    "CLINICIAN_PAIN_FLOOR",
    "EVERYDAY_CONTEXTS",
    "MEANINGFUL_FRACTION",
    "MEANINGFUL_POINTS",
    "MIN_CHANGE_N",
    "MIN_HABIT_DAYS",
    "ROLLING_DAYS",
    "ROLLING_MIN_DAYS",
    "SMALL_POINTS",
    "TWO_WEEKS",
    "Adherence",
    "Change",
    "ClinicianCheck",
    "DayPain",
    "HabitLink",
    "Insights",
    "JournalLike",
    "SpadiPoint",
    "SpadiTrend",
    "StopRecord",
    "adherence",
    "build_insights",
    "change_size",
    "clinician_check",
    "compute_insights",
    "daily_pain",
    "habit_links",
    "latest_checkins",
    "meaningful_threshold",
    "routine_changes",
    "spadi_trend",
    "summarise_change",
    "technique_changes",
    "window_mean",
]


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
    # Adherence counts days from the person's first record on, not days before they began.
    used = [local_day(s.started_at, zone) for s in sessions[:1]] + [c.day for c in checkins[:1]]
    used += [local_day(p.taken_at, zone) for p in pain[:1]]
    began = min(used, default=today)
    return Insights(
        today=today,
        since=since,
        days=tuple(by_day[d] for d in dates(since, today) if d in by_day),
        routines=routine_changes(in_window, zone),
        techniques=technique_changes(in_window, zone),
        spadi=spadi_trend(spadi, zone, since, today),
        recent=adherence(
            sessions,
            checkins,
            zone,
            min(max(today - timedelta(ADHERENCE_DAYS - 1), since, began), today),
            today,
        ),
        window=adherence(sessions, checkins, zone, min(max(since, began), today), today),
        habits=habit_links(checkins, by_day, since, today),
        clinician=clinician_check(by_day, today),
        stops=tuple(
            StopRecord(local_day(s.started_at, zone), s.routine_id, s.status, s.stop_rules)
            for s in in_window
            if s.stop_rules
        ),
    )
