"""Before -> after change, SPADI over time, adherence, and habits against next-day pain."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta, tzinfo

from unknot.core import spadi as spadi_scoring
from unknot.core.insights.pain import latest_checkins
from unknot.core.insights.records import (
    MIN_CHANGE_N,
    MIN_HABIT_DAYS,
    SMALL_POINTS,
    Adherence,
    Change,
    DayPain,
    HabitLink,
    SpadiPoint,
    SpadiTrend,
    meaningful_threshold,
)
from unknot.core.insights.stats import ar1_difference, clustered_mean_interval
from unknot.core.journal import HABITS, CheckIn, SessionEntry, SpadiEntry, local_day
from unknot.errors import ValidationError


def change_size(mean_change: float, mean_before: float) -> tuple[str, str]:
    """Size and direction of a mean NRS change (clinical-facts.md section 3.1)."""
    # Judged at the one decimal the report shows, so the words always match the number.
    points = round(abs(mean_change), 1)
    direction = "better" if mean_change < 0 else "worse" if mean_change > 0 else "same"
    if points >= meaningful_threshold(mean_before) - 1e-9:
        return "meaningful", direction
    if points >= SMALL_POINTS:
        return "small", direction
    return "little", direction


def summarise_change(key: str, pairs: Sequence[tuple[date, float, float]]) -> Change:
    """``pairs`` of (day, before, after); numbers only from ``MIN_CHANGE_N`` days on.

    Sessions on one day are one cluster: their interval counts days, not sessions.
    """
    n, days = len(pairs), len({day for day, _, _ in pairs})
    if days < MIN_CHANGE_N:
        return Change(key=key, n=n, shown=False, days=days)
    diffs = [after - before for _, before, after in pairs]
    interval = clustered_mean_interval(diffs, [day for day, _, _ in pairs])
    before = math.fsum(b for _, b, _ in pairs) / n
    after = math.fsum(a for _, _, a in pairs) / n
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
        days=days,
    )


def routine_changes(sessions: Sequence[SessionEntry], zone: tzinfo) -> tuple[Change, ...]:
    """Per routine: every session with both a before and an after rating, whatever its end."""
    groups: dict[str, list[tuple[date, float, float]]] = {}
    for s in sessions:
        if s.pain_before is not None and s.pain_after is not None:
            day = local_day(s.started_at, zone)
            groups.setdefault(s.routine_id, []).append((day, s.pain_before, s.pain_after))
    return tuple(summarise_change(key, groups[key]) for key in sorted(groups))


def technique_changes(sessions: Sequence[SessionEntry], zone: tzinfo) -> tuple[Change, ...]:
    """Per technique: the rating after it (the mean when it was rated more than once, e.g.
    once per side) against the rating just before it where there is one, otherwise against
    the session's before rating, kept apart and labelled "since the start of the session"."""
    groups: dict[tuple[str, str], list[tuple[date, float, float]]] = {}
    for s in sessions:
        rated: dict[str, list[int]] = {}
        for technique, value in s.technique_ratings:
            rated.setdefault(technique, []).append(value)
        for technique, values in rated.items():
            before, basis = rating_before(s, technique, rated)
            if before is not None:
                after = math.fsum(values) / len(values)
                day = local_day(s.started_at, zone)
                groups.setdefault((technique, basis), []).append((day, before, after))
    return tuple(
        replace(summarise_change(key, groups[key, basis]), basis=basis)
        for key, basis in sorted(groups)
    )


def rating_before(
    s: SessionEntry, technique: str, rated: dict[str, list[int]]
) -> tuple[float | None, str]:
    """The rating taken just before ``technique`` began, or the session's before rating.

    Just before: the session's before rating when the technique was the first one played, or
    the last rating of the technique played directly before it. Anything else (an unrated
    technique between, or no record of the order) counts from the start of the session.
    """
    order = s.techniques
    if technique in order:
        at = order.index(technique)
        if at == 0:
            return s.pain_before, "previous"
        earlier = rated.get(order[at - 1])
        if earlier:
            return float(earlier[-1]), "previous"
    return s.pain_before, "start"


# -- SPADI -------------------------------------------------------------------------------


def spadi_trend(
    entries: Sequence[SpadiEntry], zone: tzinfo, since: date, today: date
) -> SpadiTrend:
    """Scored questionnaires in the window; the band: the first total +/- the MDC (13, or 18)."""
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
    mdc, high = float(spadi_scoring.MDC), float(spadi_scoring.MDC_HIGH)
    if not points:
        return SpadiTrend((), mdc, None, None, None, high)
    baseline = points[0].total
    change = points[-1].total - baseline if len(points) > 1 else None
    beyond = abs(change) >= mdc if change is not None else None
    return SpadiTrend(tuple(points), mdc, baseline, change, beyond, high)


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

    A day counts when it has a check-in that answered the habit inside the window and the
    next day, also in the window, has a daily average. See ``stats.ar1_difference``.
    """
    checked = latest_checkins(checkins)
    rows: list[tuple[int, float, CheckIn]] = []
    for day, c in sorted(checked.items()):
        following = days.get(day + timedelta(1))
        if not since <= day < today or following is None or following.average is None:
            continue
        rows.append((day.toordinal(), following.average, c))
    # Each habit is compared over the days whose check-in answered it ("not answered" is
    # neither with nor without).
    answered = {
        habit: [(o, p, flag) for o, p, c in rows if (flag := c.habit(habit)) is not None]
        for habit in HABITS
    }
    counts = {h: (sum(f for *_, f in answered[h]), len(answered[h])) for h in HABITS}
    enough = [h for h, (n, all_) in counts.items() if min(n, all_ - n) >= MIN_HABIT_DAYS]
    # Bonferroni over the habits compared: together they keep a 95 % family-wise level.
    compared = max(len(enough), 1)
    level = 1.0 - 0.05 / compared
    links = []
    for habit in HABITS:
        n_with, n_answered = counts[habit]
        result = None
        if habit in enough:
            ordinals, pain, flags = (list(column) for column in zip(*answered[habit], strict=True))
            result = ar1_difference(ordinals, pain, flags, level=level)
        shown = result is not None
        links.append(HabitLink(habit, n_with, n_answered - n_with, shown, result, compared, level))
    return tuple(links)
