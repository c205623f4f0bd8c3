"""Plain JSON for the trial dataclasses: the design, its check, segments and events."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unknot.core import trial as core
from unknot.core.trial import Design, Segment
from unknot.i18n import _
from unknot.store.trial_repo import StoredEvent

if TYPE_CHECKING:
    from unknot.core import trial_sim

__all__ = ["check_json", "decision_rule", "design_json", "event_json", "segment_json"]


def design_json(design: Design) -> dict[str, Any]:
    return {
        "arm_a": design.arm_a,
        "arm_b": design.arm_b,
        "period_days": design.period_days,
        "pairs": design.pairs,
        "baseline": design.baseline,
        "baseline_days": design.baseline_days,
        "run_in_days": design.run_in_days,
        "mcid": design.mcid,
        "trend": design.trend,
        "decision_threshold": design.threshold,
        "decision_rule": decision_rule(design),
    }


def decision_rule(design: Design) -> str:
    pct = f"{100 * design.threshold:g}%"
    return _(
        '"A better" when P(δ < 0) ≥ {pct} under the exact Bayesian model; "B better" when '
        'P(δ > 0) ≥ {pct}; otherwise "can\'t tell yet" (δ = mean pain under A − under B).'
    ).format(pct=pct)


def check_json(check: trial_sim.DesignCheck) -> dict[str, Any]:
    from unknot.core import trial_sim

    suggestion = check.suggestion
    return {
        "n_sims": check.n_sims,
        "noise": {
            "sigma": check.noise.sigma,
            "rho": check.noise.rho,
            "spread": check.noise.spread,
            "source": check.noise.source,
            "days": check.noise.days,
        },
        "scenarios": [
            {"delta": s.delta, "label": s.label, "p_a_better": s.p_a_better, "mc_se": s.mc_se}
            for s in check.scenarios
        ],
        "power": check.power,
        "false_positive": check.false_positive,
        "weak": check.weak,
        "power_target": trial_sim.POWER_TARGET,
        "suggestion": None
        if suggestion is None
        else {
            "pairs": suggestion.pairs,
            "period_days": suggestion.period_days,
            "power": suggestion.power,
        },
    }


def segment_json(seg: Segment, cal: core.Calendar, design: Design) -> dict[str, Any]:
    first = cal.days[seg.first] if seg.first < len(cal.days) else None
    last = cal.days[seg.last] if seg.last < len(cal.days) else None
    return {
        "kind": seg.kind,
        "period": seg.period,
        "pair": seg.pair,
        "arm": seg.arm,
        "routine": design.routine_of(seg.arm) if seg.arm else None,
        "trial_days": [seg.first + 1, seg.last + 1],
        "first_day": first.isoformat() if first else None,
        "last_day": last.isoformat() if last else None,
    }


def event_json(e: StoredEvent, over: bool = True) -> dict[str, Any]:
    """An event; while the trial runs, an extension's drawn order is left out (it is revealed
    period by period like the rest of the sequence)."""
    detail = e.detail if over else {k: v for k, v in e.detail.items() if k != "order"}
    return {
        "kind": e.kind,
        "day": e.day.isoformat(),
        "recorded_at": e.recorded_at.isoformat(),
        "reason": e.reason,
        "detail": detail,
    }
