"""One entry point, :func:`analyze`: every method of ``nof1-methods.md`` on one trial."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from unknot.core.nof1 import report
from unknot.core.nof1.bayes import PRIMARY, VAGUE, Posterior, Prior, kept_share, posterior
from unknot.core.nof1.classical import gls_ar1
from unknot.core.nof1.data import (
    ARMS,
    DailyTrial,
    PairDifferences,
    Series,
    carryover_days,
    differences_of,
    observed_series,
    period_runs,
)
from unknot.core.nof1.pair_tests import paired_t, randomisation_test, serial_t
from unknot.core.nof1.result import (
    AnalysisResult,
    AtMcid,
    BayesSummary,
    Bin,
    Method,
    PriorSensitivity,
    Sensitivity,
)
from unknot.core.trial import DECISION_THRESHOLD
from unknot.errors import ValidationError

DESIGNS = ("pair-randomised", "not-randomised")
REPORTED_MCIDS = (1.0, 2.0)
GLS_MIN_PERIODS = 2  # rated periods under each arm before the AR(1) regression is reported


def analyze(
    trial: DailyTrial | PairDifferences,
    *,
    mcid: float = 2.0,
    higher_is_better: bool = False,
    design: str = "pair-randomised",
    trend: bool = False,
    threshold: float = DECISION_THRESHOLD,
) -> AnalysisResult:
    """Analyse a personal crossover trial: Bayesian primary, classical companions, sensitivity."""
    _check_settings(mcid, design, threshold)
    lower = not higher_is_better
    mcids = tuple(sorted({*REPORTED_MCIDS, float(mcid)}))
    settings: dict[str, Any] = {
        "mcid": float(mcid),
        "mcids_reported": list(mcids),
        "higher_is_better": higher_is_better,
        "design": design,
        "trend": trend,
        "decision_threshold": threshold,
        "prior": PRIMARY.as_dict(),
        "rho_grid": {"from": -0.99, "to": 0.99, "points": 199},
    }
    if isinstance(trial, PairDifferences):
        return _analyze_pairs(trial, settings, lower, design)
    return _analyze_daily(trial, settings, lower, design, mcids)


def _check_settings(mcid: float, design: str, threshold: float) -> None:
    if not (math.isfinite(mcid) and mcid > 0):
        raise ValidationError(f"The MCID {mcid!r} must be a positive number.", hint="Try --mcid 2.")
    if design not in DESIGNS:
        raise ValidationError(
            f"The design {design!r} is not known.", hint="Use one of: " + ", ".join(DESIGNS) + "."
        )
    if not 0.5 < threshold < 1.0:
        raise ValidationError(f"The decision threshold {threshold!r} must lie between 0.5 and 1.")


def _analyze_daily(
    trial: DailyTrial,
    settings: dict[str, Any],
    lower: bool,
    design: str,
    mcids: tuple[float, ...],
) -> AnalysisResult:
    trend, threshold = bool(settings["trend"]), float(settings["decision_threshold"])
    series = observed_series(trial)
    primary, why = bayes_summary(series, trend, lower, threshold, mcids, keeps=True)
    diffs, incomplete = differences_of(trial)
    methods = (_gls_method(trial, series, trend, lower), *_pair_methods(diffs, lower, design))
    sens = _sensitivities(trial, trend, lower, threshold)
    data = report.data_section(trial, series, diffs, incomplete, carryover_days(trial))
    decision = primary.decision if primary else "can't tell yet"
    result = AnalysisResult(
        input_kind="daily",
        settings=settings,
        data=data,
        primary=primary,
        primary_reason=why,
        methods=methods,
        sensitivity=sens,
        decision=decision,
        summary=(),
        limitations=(),
        prior_sensitivity=_prior_sensitivity(primary, series, trend, lower, settings),
    )
    return report.with_words(result)


def _prior_sensitivity(
    primary: BayesSummary | None,
    series: Series,
    trend: bool,
    lower: bool,
    settings: dict[str, Any],
) -> PriorSensitivity | None:
    """The vague-prior re-analysis beside the primary result (issue 16)."""
    if primary is None or primary.prior_keeps is None:
        return None
    mcid, threshold = float(settings["mcid"]), float(settings["decision_threshold"])
    try:
        vague, why = bayes_summary(series, trend, lower, threshold, (mcid,), prior=VAGUE)
    except ValidationError as err:
        vague, why = None, f"not estimable: {err.message}"
    partial = PriorSensitivity(VAGUE.as_dict(), mcid, vague, why, primary.prior_keeps, ())
    return dataclasses.replace(partial, words=tuple(report.prior_words(partial)))


def _analyze_pairs(
    trial: PairDifferences, settings: dict[str, Any], lower: bool, design: str
) -> AnalysisResult:
    result = AnalysisResult(
        input_kind="pair-differences",
        settings=settings,
        data=report.pairs_data_section(trial),
        primary=None,
        primary_reason="not available: the Bayesian model needs daily ratings, "
        "and this file holds only pair differences",
        methods=_pair_methods(trial, lower, design),
        sensitivity=(),
        decision="can't tell yet",
        summary=(),
        limitations=(),
    )
    return report.with_words(result)


def _gls_method(trial: DailyTrial, series: Series, trend: bool, lower: bool) -> Method:
    """The AR(1) regression, only with at least 2 rated periods under each arm.

    With fewer, ρ and δ cannot be told apart from the period means, and the standard error
    (which treats ρ̂ as known) becomes wildly overconfident.
    """
    rated = rated_periods(trial)
    if min(rated.values()) < GLS_MIN_PERIODS:
        return Method(
            "gls_ar1",
            "daily",
            reason=f"not estimable: the AR(1) regression needs at least {GLS_MIN_PERIODS} "
            f"periods with ratings under each arm (this trial has {rated['A']} under A and "
            f"{rated['B']} under B)",
        )
    gls = gls_ar1(series, trend=trend, lower_is_better=lower)
    if isinstance(gls, str):
        return Method("gls_ar1", "daily", reason=gls)
    return Method("gls_ar1", "daily", estimate=gls.estimate, extra={"rho": gls.rho})


def rated_periods(trial: DailyTrial) -> dict[str, int]:
    """How many periods of each arm have at least one rating."""
    count = dict.fromkeys(ARMS, 0)
    for start, length in period_runs(trial):
        days = trial.days[start : start + length]
        if any(d.outcome is not None for d in days):
            count[days[0].arm] += 1
    return count


def _pair_methods(diffs: PairDifferences, lower: bool, design: str) -> tuple[Method, ...]:
    return (
        _paired_t_method(diffs.diffs, lower),
        _serial_t_method(diffs.diffs, lower),
        _randomisation_method(diffs.diffs, lower, design),
    )


def _paired_t_method(d: tuple[float, ...], lower: bool) -> Method:
    t = paired_t(d, lower)
    if isinstance(t, str):
        return Method("paired_t", "pair", reason=t)
    return Method("paired_t", "pair", estimate=t)


def _serial_t_method(d: tuple[float, ...], lower: bool) -> Method:
    st = serial_t(d, lower)
    if isinstance(st, str):
        return Method("serial_t", "pair", reason=st)
    extra = {"r": st.r, "rho": st.rho, "effective_n": st.effective_n}
    return Method("serial_t", "pair", estimate=st.estimate, extra=extra)


def _randomisation_method(d: tuple[float, ...], lower: bool, design: str) -> Method:
    if design != "pair-randomised":
        why = "not done: the design was not declared randomised by pair"
        return Method("randomisation", "pair", reason=why)
    rt = randomisation_test(d, lower)
    if isinstance(rt, str):
        return Method("randomisation", "pair", reason=rt)
    extra: dict[str, float | int] = {
        "statistic": rt.statistic,
        "p_two_sided": rt.p_two_sided,
        "p_one_sided_a_better": rt.p_a_better,
        "arrangements": rt.n_arrangements,
        "smallest_p_two_sided": rt.smallest_p_two_sided,
        "smallest_p_one_sided": rt.smallest_p_one_sided,
    }
    return Method("randomisation", "pair", extra=extra)


def bayes_summary(
    series: Series,
    trend: bool,
    lower: bool,
    threshold: float,
    mcids: Sequence[float] = REPORTED_MCIDS,
    *,
    prior: Prior = PRIMARY,
    keeps: bool = False,
) -> tuple[BayesSummary | None, str | None]:
    """Summaries of the exact posterior of δ, or None with the reason it cannot be computed."""
    if series.y.size < 2:
        return None, "not estimable: fewer than 2 rated days"
    if np.unique(series.x).size < 2:
        return None, "not estimable: ratings are needed under both A and B"
    if float(np.ptp(series.y)) == 0.0:
        return None, (
            f"not estimable: every rating was {float(series.y[0]):g}, so the ratings did not "
            "vary and cannot show a difference between the routines (a finer rating, or another "
            "outcome, might)"
        )
    post = posterior(series, trend=trend, prior=prior)
    p_lower = post.cdf(0.0)
    p_a = p_lower if lower else 1.0 - p_lower
    p_b = 1.0 - p_a
    decision = (
        "A better" if p_a >= threshold else "B better" if p_b >= threshold else ("can't tell yet")
    )
    return BayesSummary(
        n_days=int(series.y.size),
        median=post.quantile(0.5),
        mean=post.mean(),
        ci_low=post.quantile(0.025),
        ci_high=post.quantile(0.975),
        p_a_better=p_a,
        p_b_better=p_b,
        rho_mean=post.rho_mean(),
        decision=decision,
        at_mcid=tuple(at_mcid(post, m, lower) for m in mcids),
        prior_keeps=kept_share(post, series, trend, prior) if keeps else None,
    ), None


def at_mcid(post: Posterior, mcid: float, lower: bool) -> AtMcid:
    """The 7-bin probabilities, cuts at MCID × (¼, ½, 1) on each side (PREEMPT's bar)."""
    cuts = mcid * np.array([-1.0, -0.5, -0.25, 0.25, 0.5, 1.0])
    cdf = np.array([post.cdf(float(c)) for c in cuts])
    low_to_high = np.diff(np.concatenate(([0.0], cdf, [1.0])))
    probs = low_to_high if lower else low_to_high[::-1]
    bins = tuple(
        Bin(key, label, float(max(p, 0.0)))
        for (key, label), p in zip(report.BIN_LABELS, probs, strict=True)
    )
    return AtMcid(
        mcid=mcid,
        p_a_better_by_mcid=bins[0].probability,
        p_b_better_by_mcid=bins[6].probability,
        p_equivalent=bins[3].probability,
        bins=bins,
    )


def _sensitivities(
    trial: DailyTrial, trend: bool, lower: bool, threshold: float
) -> tuple[Sensitivity, ...]:
    carry = carryover_days(trial)
    out = [
        _sensitivity(
            "carryover",
            "first day after each switch dropped (first 2 when periods have 14 days or more)",
            observed_series(trial, [not c for c in carry]),
            trend,
            lower,
            threshold,
        ),
        _sensitivity(
            "no_trend" if trend else "trend",
            "without the linear trend term" if trend else "with a linear trend term",
            observed_series(trial),
            not trend,
            lower,
            threshold,
        ),
    ]
    if trial.has_adherence:
        keep = [d.adherent is not False for d in trial.days]
        out.append(
            _sensitivity(
                "per_protocol",
                "only days on protocol (the assigned routine was done as planned)",
                observed_series(trial, keep),
                trend,
                lower,
                threshold,
            )
        )
    return tuple(out)


def _sensitivity(
    name: str, description: str, series: Series, trend: bool, lower: bool, threshold: float
) -> Sensitivity:
    summary, why = bayes_summary(series, trend, lower, threshold, mcids=())
    return Sensitivity(name=name, description=description, reason=why, bayes=summary)
