"""The report of a personal trial in the CENT 2015 structure (``nof1-methods.md``).

Pure: the caller passes the stored trial, the person's check-ins and sessions, today and the
time zone. Each trial day gets its arm, its outcome (the check-in's average pain; the one in
force when corrected), its adherence and its sessions; the period days go to the analysis
engine (:func:`unknot.core.nof1.analysis.analyze`) with the design's MCID, trend choice and
threshold, exactly as planned.

Two clocks, on purpose. Carry-over goes by **trial days** (paused days are not trial days):
the first day on a new arm after a switch (first 2 with 14-day periods) is flagged however
many paused calendar days lie between the periods. The analysis keeps **calendar days** as its
time axis: the AR(1) errors and the trend run in the person's time, which goes on during a
pause, so ratings either side of a pause count as further apart (correlation ρ^gap), as the
residual autocorrelation figure measures them. A paused day is not a missing day: it has no
row, is not scheduled, and no count of missing days includes it.

Adherence (``nof1-methods.md``): an A or B day is on protocol when that arm's routine was
completed ("finished") that day; a no-routine day (and a baseline day) when no session was
started that day. Today counts once it has a check-in; earlier days without one are missing.
The days themselves are made in :mod:`unknot.core.trial_days`.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, tzinfo
from typing import Any

from unknot.core import trial as core
from unknot.core.journal import CheckIn, SessionEntry
from unknot.core.nof1.analysis import analyze
from unknot.core.nof1.data import Day, daily_trial
from unknot.core.nof1.residuals import residual_acf as acf_of
from unknot.core.nof1.result import AnalysisResult
from unknot.core.stoprules import stop_label
from unknot.core.trial_days import FINISHED_STATUS, TrialDay, TrialInput, trial_days
from unknot.core.trial_text import event_word
from unknot.errors import ValidationError
from unknot.i18n import _


def _title() -> str:
    return _("Personal (N-of-1) trial: {a} (A) compared with {b} (B)")


def why_text() -> str:
    return _(
        "Shoulder pain and what helps it differ from person to person, and no trial of hip "
        "self-massage for shoulder pain was found. An N-of-1 trial compares two routines in one "
        "person, in randomised periods, to find out what helps this person."
    )


def outcome_texts() -> dict[str, str]:
    return {
        "primary": _(
            "The evening check-in's average shoulder pain today, 0 (none) to 10 (worst "
            "imaginable); one number per day; if a day's check-in was corrected, the one in force. "
            "It counts under that day's arm. Lower is better."
        ),
        "secondary": _(
            "Worst pain today (the same check-in); pain change from before to after each "
            "session; sessions stopped by a stop rule (harms)."
        ),
        "effect": _("δ = mean pain under A − mean pain under B; negative means A helped more."),
    }


def methods_text() -> str:
    return _(
        "Primary: exact Bayesian regression of the daily ratings with an A/B effect, AR(1) "
        "autocorrelated errors (ρ on a 199-point grid) and, if chosen at planning, a linear trend; "
        "missing days handled exactly. Companions: regression with AR(1) errors, paired t-test and "
        "serial t-test on the pair differences, exact randomisation test over the 2^pairs orders. "
        "Carry-over: the first trial day after each switch (first 2 with 14-day periods; paused "
        "days do not count) is kept in the primary analysis and dropped in a sensitivity analysis. "
        "Period effects: every pair holds "
        "one A and one B period in random order, so a steady drift cancels within pairs; a "
        "sensitivity analysis adds (or removes) a linear trend. Per protocol: a sensitivity "
        "analysis keeps only days on protocol; intention to treat (all days) is primary."
    )


def blinding_text() -> str:
    return _("None: you knew which routine you were doing each day (this cannot be blinded).")


def event_flags() -> dict[str, str]:
    return {kind: event_word(kind) for kind in core.EVENT_KINDS}


@dataclass(frozen=True)
class TrialReport:
    title: str
    state: str
    today: date
    design: dict[str, Any]
    as_run: dict[str, Any]
    randomisation: dict[str, Any]
    days: tuple[TrialDay, ...]
    periods: tuple[dict[str, Any], ...]
    lead: tuple[dict[str, Any], ...]  # run-in and baseline
    events: tuple[dict[str, Any], ...]
    harms: tuple[dict[str, Any], ...]
    analysis: AnalysisResult | None
    analysis_reason: str | None
    verdict: tuple[str, ...]
    limitations: tuple[str, ...]
    clinician: dict[str, Any] = field(default_factory=dict)
    condition: dict[str, Any] = field(default_factory=dict)
    interventions: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        import json

        from unknot.core.nof1.result import _clean

        body = {
            "title": self.title,
            "kind": "N-of-1 trial report (CENT 2015 structure)",
            "state": self.state,
            "today": self.today.isoformat(),
            "why": why_text(),
            "design_planned": self.design,
            "design_as_run": self.as_run,
            "randomisation": self.randomisation,
            "condition": self.condition,
            "interventions": list(self.interventions),
            "blinding": blinding_text(),
            "outcomes": outcome_texts(),
            "methods": methods_text(),
            "periods": list(self.periods),
            "lead_in": list(self.lead),
            "events": list(self.events),
            "harms": list(self.harms),
            "analysis": self.analysis.to_dict() if self.analysis else None,
            "analysis_reason": self.analysis_reason,
            "verdict": list(self.verdict),
            "limitations": list(self.limitations),
            "clinician": self.clinician,
            "days": [d.to_json() for d in self.days],
        }
        cleaned: dict[str, Any] = json.loads(json.dumps(_clean(body), allow_nan=False))
        return cleaned


def _engine_days(days: Sequence[TrialDay]) -> list[Day]:
    """The engine's input: numbered by calendar day (the analysis's time axis), with the
    carry-over flags already decided by trial day."""
    first = days[0].date
    return [
        Day(
            day=(d.date - first).days + 1,
            arm=d.arm or "",
            outcome=d.outcome,
            pair=d.pair or 0,
            adherent=d.adherent,
            carryover=d.carryover,
        )
        for d in days
    ]


def analysis_of(
    design: core.Design, days: Sequence[TrialDay]
) -> tuple[AnalysisResult | None, str | None]:
    """The engine on the period days (from :func:`trial_days`, carry-over flags set), with the
    settings fixed at planning."""
    periods = [d for d in days if d.kind == core.PERIOD]
    if not periods:
        return None, "no period of A or B has begun yet"
    try:
        trial = daily_trial(_engine_days(periods))
        return analyze(
            trial,
            mcid=design.mcid,
            design="pair-randomised",
            trend=design.trend,
            threshold=design.threshold,
        ), None
    except ValidationError as exc:
        return None, str(exc)


def _mean(values: Sequence[float]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def period_rows(
    trial: TrialInput, days: Sequence[TrialDay], state: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Per-period results (mean, days, adherence, worst, harms); then run-in and baseline."""
    periods: list[dict[str, Any]] = []
    lead: list[dict[str, Any]] = []
    over = state in (core.FINISHED, core.STOPPED)
    for seg in core.segments(trial.design, trial.sequence):
        mine = [d for d in days if d.trial_day - 1 in range(seg.first, seg.last + 1)]
        if not mine and not over:
            continue  # not started: not shown while the trial runs
        row = _period_row(trial, seg, mine)
        (periods if seg.kind == core.PERIOD else lead).append(row)
    return periods, lead


def _period_row(trial: TrialInput, seg: core.Segment, mine: list[TrialDay]) -> dict[str, Any]:
    rated = [d.outcome for d in mine if d.outcome is not None]
    worst = [float(d.worst) for d in mine if d.worst is not None]
    known = [d.adherent for d in mine if d.adherent is not None]
    routine = trial.design.routine_of(seg.arm) if seg.arm else None
    return {
        "kind": seg.kind,
        "period": seg.period,
        "pair": seg.pair,
        "arm": seg.arm,
        "routine": routine,
        "routine_name": trial.arm_names.get(seg.arm or "", _("no routine")),
        "first_day": mine[0].date.isoformat() if mine else None,
        "last_day": mine[-1].date.isoformat() if mine else None,
        "days_planned": seg.days,
        "days": len(mine),
        "days_rated": len(rated),
        "mean": _mean(rated),
        "worst_mean": _mean(worst),
        "days_adherent": sum(known) if known else None,
        "adherence": (sum(known) / len(known)) if known else None,
        "carryover_days": sum(d.carryover for d in mine),
        "sessions": sum(len(d.sessions) for d in mine),
        "pain_change_mean": _mean([c for d in mine for c in d.changes]),
        "painkiller_days": sum(d.painkillers for d in mine),
        "stop_events": [
            {"date": d.date.isoformat(), "rule": r, "label": _stop_words(trial, r)}
            for d in mine
            for r in d.stops
        ],
    }


def _stop_words(trial: TrialInput, rule_id: str) -> str:
    return stop_label(trial.stop_rules, rule_id) if trial.stop_rules else rule_id


def harms_of(
    periods: Sequence[dict[str, Any]], lead: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Stop events and sessions stopped, per period (and run-in/baseline)."""
    return [
        {
            "kind": p["kind"],
            "period": p["period"],
            "arm": p["arm"],
            "stop_events": p["stop_events"],
            "count": len(p["stop_events"]),
        }
        for p in (*lead, *periods)
    ]


def events_of(trial: TrialInput) -> list[dict[str, Any]]:
    return [
        {
            "kind": e.kind,
            "flag": event_flags().get(e.kind, e.kind),
            "day": e.day.isoformat(),
            "recorded_at": at.isoformat(),
            "reason": e.reason,
        }
        for e, at in trial.events
    ]


def build_report(
    trial: TrialInput,
    checkins: Sequence[CheckIn],
    sessions: Sequence[SessionEntry],
    zone: tzinfo,
    today: date,
    clinician: dict[str, Any] | None = None,
) -> TrialReport:
    """Everything the report shows, from the stored trial and the journal."""
    events = tuple(e for e, _at in trial.events)
    state = core.state_on(trial.design, trial.sequence, trial.start, events, today).state
    days = trial_days(trial, checkins, sessions, zone, today)
    analysis, why = analysis_of(trial.design, days)
    periods, lead = period_rows(trial, days, state)
    over = state in (core.FINISHED, core.STOPPED)
    return TrialReport(
        title=_title().format(a=trial.arm_names["A"], b=trial.arm_names["B"]),
        state=state,
        today=today,
        design=_planned(trial),
        as_run=_as_run(trial, days, state, events),
        randomisation=_randomisation(trial, periods, over),
        days=tuple(days),
        periods=tuple(periods),
        lead=tuple(lead),
        events=tuple(events_of(trial)),
        harms=tuple(harms_of(periods, lead)),
        analysis=analysis,
        analysis_reason=why,
        verdict=_verdict(analysis, why, state),
        limitations=_limitations(trial, analysis, state),
        clinician=clinician or {},
        condition=_condition(trial, days),
        interventions=tuple(_interventions(trial, days)),
    )


def _condition(trial: TrialInput, days: Sequence[TrialDay]) -> dict[str, Any]:
    """The condition and the treatments alongside the trial (from the check-ins)."""
    others = sorted({d.other_treatment for d in days if d.other_treatment})
    return {
        "condition": "shoulder pain, self-managed",
        "assessed_by_clinician": trial.assessed_by_clinician,
        "screening_tier_at_planning": trial.screening_tier,
        "painkiller_days": {
            arm: sum(d.painkillers for d in days if d.arm == arm) for arm in ("A", "B")
        },
        "other_treatments": others,
    }


def _interventions(trial: TrialInput, days: Sequence[TrialDay]) -> list[dict[str, Any]]:
    """Each arm as actually given: days assigned, days on protocol, sessions started."""
    out = []
    for arm in ("A", "B"):
        mine = [d for d in days if d.kind == core.PERIOD and d.arm == arm]
        known = [d.adherent for d in mine if d.adherent is not None]
        out.append(
            {
                "arm": arm,
                "routine": trial.design.routine_of(arm),
                "name": trial.arm_names[arm],
                "days": len(mine),
                "days_on_protocol": sum(known),
                "sessions": sum(len(d.sessions) for d in mine),
                "sessions_finished": sum(
                    s.endswith(":" + FINISHED_STATUS) for d in mine for s in d.sessions
                ),
            }
        )
    return out


def _planned(trial: TrialInput) -> dict[str, Any]:
    d = trial.design
    return {
        "arm_a": {"routine": d.arm_a, "name": trial.arm_names["A"]},
        "arm_b": {"routine": d.routine_of("B"), "name": trial.arm_names["B"]},
        "period_days": d.period_days,
        "pairs": d.pairs,
        "baseline_days": d.baseline_days,
        "run_in_days": d.run_in_days,
        "washout": _("none (carry-over handled in the analysis)"),
        "total_days": core.total_days(d, trial.sequence[: d.pairs]),
        "start": trial.start.isoformat(),
        "mcid": d.mcid,
        "mcid_note": _(
            "borrowed: 2 points is about the change shoulder patients as a group find "
            "meaningful over time (Michener 2011), 1 point the threshold for chronic "
            "musculoskeletal pain (Salaffi 2004); neither is a within-person difference between "
            "two routines"
        ),
        "trend": d.trend,
        "decision_threshold": d.threshold,
        "design_check": trial.design_check,
        "assessed_by_clinician": trial.assessed_by_clinician,
        "screening_tier": trial.screening_tier,
    }


def _as_run(
    trial: TrialInput, days: Sequence[TrialDay], state: str, events: tuple[core.Event, ...]
) -> dict[str, Any]:
    cal = core.calendar(trial.start, core.total_days(trial.design, trial.sequence), events)
    rated = sum(d.outcome is not None for d in days)
    return {
        "state": state,
        "pairs": len(trial.sequence),
        "extended_pairs": len(trial.sequence) - trial.design.pairs,
        "trial_days": len(days),
        "days_rated": rated,
        "paused_days": len(cal.paused),
        "first_day": days[0].date.isoformat() if days else None,
        "last_day": days[-1].date.isoformat() if days else None,
        "stopped_on": cal.stopped_on.isoformat() if cal.stopped_on else None,
        "flagged": [event_flags()[e.kind] for e in events if e.kind != core.RESUME],
    }


def _randomisation(
    trial: TrialInput, periods: Sequence[dict[str, Any]], over: bool
) -> dict[str, Any]:
    shown = list(trial.sequence) if over else None
    return {
        "method": trial.randomisation,
        # While the trial runs, the seed would give away the order of every pair: only its
        # fingerprint is shown, so that the seed revealed at the end can be checked against it.
        "seed": str(trial.seed) if over else None,
        "seed_sha256": hashlib.sha256(str(trial.seed).encode()).hexdigest(),
        "sequence": shown,
        "revealed_periods": [p["arm"] for p in periods],
        "note": None
        if over
        else _(
            "the rest of the sequence is shown when the trial ends: each period's arm is "
            "revealed when it starts"
        ),
    }


def _verdict(analysis: AnalysisResult | None, why: str | None, state: str) -> tuple[str, ...]:
    if analysis is None:
        return (_("No result yet: {why}.").format(why=why),)
    lines = [line for line in analysis.summary if not line.startswith("Sensitivity,")]
    if state not in (core.FINISHED, core.STOPPED):
        lines.insert(0, _("Interim look: the trial is not over, so this is not its result."))
    return tuple(lines)


def _limitations(trial: TrialInput, analysis: AnalysisResult | None, state: str) -> tuple[str, ...]:
    out = list(analysis.limitations) if analysis else []
    if not analysis:
        out.append(_("Not blinded: you knew which routine you were doing."))
    flagged = [e for e, _at in trial.events if e.kind != core.RESUME]
    if flagged:
        changes = "; ".join(
            _("{what} on {day}").format(what=event_flags()[e.kind].lower(), day=e.day.isoformat())
            for e in flagged
        )
        out.append(
            _(
                "The trial did not run exactly as planned ({changes}): read the result with that "
                "in mind."
            ).format(changes=changes)
        )
    if state == core.STOPPED:
        out.append(_("Stopped early: fewer days than planned, so the result is less certain."))
    if trial.design_check:
        out.append(
            _(
                "The design check before the trial assumed every day rated and values not "
                "rounded; missing days and whole-number ratings lower the real chance of a clear "
                "answer."
            )
        )
    return tuple(out)


def residual_acf(report: TrialReport) -> tuple[list[int], list[float], float]:
    """The residual autocorrelation of a report's period days (rating − its period's mean),
    by :func:`unknot.core.nof1.residuals.residual_acf`: lags, values and the white-noise band."""
    means = {p["period"]: p["mean"] for p in report.periods}
    residual = {
        d.date: d.outcome - means[d.period]
        for d in report.days
        if d.kind == "period" and d.outcome is not None and means.get(d.period) is not None
    }
    return acf_of(residual)
