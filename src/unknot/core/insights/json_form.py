"""The JSON form of :class:`unknot.core.insights.records.Insights` (``unknot report --json``).

Numbers are rounded to 3 decimals; dates are ISO strings; a value that cannot be computed is
``null``. Keys are described in ``docs/reports.md``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unknot.core.insights.records import (
        Adherence,
        Change,
        ClinicianCheck,
        DayPain,
        HabitLink,
        Insights,
        SpadiTrend,
    )

FORMAT = 1


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _day(d: DayPain) -> dict[str, Any]:
    return {
        "day": d.day.isoformat(),
        "average": _r(d.average),
        "worst": d.worst,
        "rolling_7d": _r(d.rolling),
        "source": d.source or None,
        "sessions": d.sessions,
    }


# What a technique's change is measured from (routines: None, always the session's start).
BASIS = {"previous": "rating_before_technique", "start": "session_start"}


def _change(c: Change) -> dict[str, Any]:
    return {
        "id": c.key,
        "n": c.n,
        "days": c.days,
        "shown": c.shown,
        "mean_before": _r(c.mean_before),
        "mean_after": _r(c.mean_after),
        "mean_change": _r(c.mean),
        "ci95": [_r(c.low), _r(c.high)] if c.shown else None,
        "size": c.size or None,
        "direction": c.direction or None,
        "from": BASIS.get(c.basis),
    }


def _spadi(s: SpadiTrend) -> dict[str, Any]:
    return {
        "mdc": s.mdc,
        "baseline": _r(s.baseline),
        "band": [_r(s.baseline - s.mdc), _r(s.baseline + s.mdc)]
        if s.baseline is not None
        else None,
        "change": _r(s.change),
        "beyond_mdc": s.beyond_mdc,
        "mdc_high": s.mdc_high,
        "change_band": s.change_band,
        "points": [
            {
                "day": p.day.isoformat(),
                "total": _r(p.total),
                "pain": _r(p.pain),
                "disability": _r(p.disability),
            }
            for p in s.points
        ],
    }


def _adherence(a: Adherence) -> dict[str, Any]:
    return {
        "first_day": a.first_day.isoformat(),
        "last_day": a.last_day.isoformat(),
        "days": a.days,
        "session_days": a.session_days,
        "checkin_days": a.checkin_days,
        "sessions": a.sessions,
        "minutes": _r(a.minutes),
    }


def _habit(h: HabitLink) -> dict[str, Any]:
    out: dict[str, Any] = {
        "habit": h.habit,
        "days_with": h.n_with,
        "days_without": h.n_without,
        "shown": h.shown,
    }
    r = h.result
    if r is not None:
        out |= {
            "next_day_pain_with": _r(r.mean_with),
            "next_day_pain_without": _r(r.mean_without),
            "difference": _r(r.difference),
            "ci95": [_r(r.low), _r(r.high)],
            "interval_level": _r(h.level),
            "habits_compared": h.compared,
            "linked": h.linked,
            "lag1_autocorrelation": _r(r.rho),
            "effective_n": _r(r.n_eff),
        }
    return out


def _clinician(c: ClinicianCheck) -> dict[str, Any]:
    return {
        "see_clinician": c.due,
        "kind": c.kind,
        "recent_7d_mean": _r(c.recent_mean),
        "mean_7d_two_weeks_earlier": _r(c.earlier_mean),
        "change": _r(c.change),
        "improvement_needed": _r(c.needed),
        "recent_days": c.recent_days,
        "earlier_days": c.earlier_days,
    }


def insights_json(ins: Insights) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "today": ins.today.isoformat(),
        "since": ins.since.isoformat(),
        "clinician": _clinician(ins.clinician),
        "days": [_day(d) for d in ins.days],
        "routines": [_change(c) for c in ins.routines],
        "techniques": [_change(c) for c in ins.techniques],
        "spadi": _spadi(ins.spadi),
        "adherence": {"last_14_days": _adherence(ins.recent), "window": _adherence(ins.window)},
        "habits": [_habit(h) for h in ins.habits],
        "stops": [
            {
                "day": s.day.isoformat(),
                "routine": s.routine_id,
                "status": s.status,
                "rules": list(s.rules),
            }
            for s in ins.stops
        ],
    }
