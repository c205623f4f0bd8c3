"""Plain-language results: what was found, how sure, and what the trial cannot show.

The wording follows the conventions of ``nof1-methods.md``: δ = mean(A) − mean(B), "better"
means lower unless the outcome is declared higher-is-better, probabilities are "for you, in
this trial, compared with B". The 7-segment bar is PREEMPT's (Kravitz et al., JAMA Intern Med
2018), with cuts at MCID × (¼, ½, 1).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

from unknot.core.nof1.bayes import PRIMARY
from unknot.core.nof1.data import (
    DailyTrial,
    PairDifferences,
    Series,
    one_arm_pairs,
    period_runs,
)
from unknot.core.nof1.result import AnalysisResult, BayesSummary, Method, PriorSensitivity
from unknot.core.trial_text import chance as _pct

SCALE = (0.0, 10.0)  # the scale the σ² prior and the default MCID assume
BIN_LABELS = (
    ("a_large", "A better by a large amount"),
    ("a_modest", "A better by a modest amount"),
    ("a_small", "A better by a small amount"),
    ("equivalent", "practically the same"),
    ("b_small", "B better by a small amount"),
    ("b_modest", "B better by a modest amount"),
    ("b_large", "B better by a large amount"),
)


def data_section(
    trial: DailyTrial,
    series: Series,
    diffs: PairDifferences,
    incomplete: list[int],
    carry: list[bool],
) -> dict[str, Any]:
    """Counts, per-period results and pair differences for the report and the JSON."""
    rated = series.y.size > 0
    return {
        "days_scheduled": len(trial.days),
        "days_rated": int(series.y.size),
        "days_missing": len(trial.days) - int(series.y.size),
        "days_rated_a": int((series.x > 0).sum()),
        "days_rated_b": int((series.x < 0).sum()),
        "outcome_min": float(series.y.min()) if rated else None,
        "outcome_max": float(series.y.max()) if rated else None,
        "carryover_days_flagged": sum(carry),
        "adherence_known": trial.has_adherence,
        "pairs_complete": len(diffs.pairs),
        "pairs_incomplete": incomplete,
        "pairs_one_arm": one_arm_pairs(trial),
        "pair_differences": [
            {"pair": p, "diff": d} for p, d in zip(diffs.pairs, diffs.diffs, strict=True)
        ],
        "periods": _periods(trial),
    }


def pairs_data_section(diffs: PairDifferences) -> dict[str, Any]:
    return {
        "pairs_complete": len(diffs.pairs),
        "pairs_incomplete": [],
        "pair_differences": [
            {"pair": p, "diff": d} for p, d in zip(diffs.pairs, diffs.diffs, strict=True)
        ],
    }


def _periods(trial: DailyTrial) -> list[dict[str, Any]]:
    periods = []
    for number, (start, length) in enumerate(period_runs(trial), start=1):
        days = trial.days[start : start + length]
        rated = [d.outcome for d in days if d.outcome is not None]
        adherence = [d.adherent for d in days if d.adherent is not None]
        periods.append(
            {
                "period": number,
                "pair": days[0].pair,
                "arm": days[0].arm,
                "first_day": days[0].day,
                "last_day": days[-1].day,
                "days": length,
                "days_rated": len(rated),
                "mean": math.fsum(rated) / len(rated) if rated else None,
                "days_adherent": sum(adherence) if adherence else None,
            }
        )
    return periods


def with_words(result: AnalysisResult) -> AnalysisResult:
    """Attach the plain-language summary and limitations to a computed result."""
    return dataclasses.replace(
        result, summary=tuple(summary_lines(result)), limitations=tuple(limitations(result))
    )


def summary_lines(result: AnalysisResult) -> list[str]:
    bayes = result.primary
    higher = bool(result.settings["higher_is_better"])
    mcid = float(result.settings["mcid"])
    if bayes is None and result.input_kind == "daily":
        return [f"The Bayesian analysis is {result.primary_reason}.", _decision_line(result)]
    if bayes is None:
        return [*_pair_only_lines(result), _decision_line(result)]
    lines = [_found_line(bayes, higher), _sure_line(bayes, mcid), _decision_line(result)]
    if result.decision == "can't tell yet":
        lines.append(_cant_tell_line(result.data, result.settings["decision_threshold"]))
    lines.extend(_sensitivity_lines(result))
    return lines


def _found_line(bayes: BayesSummary, higher: bool) -> str:
    size = abs(bayes.median)
    lower_under_a = bayes.median < 0
    direction = "lower" if lower_under_a else "higher"
    if size < 0.005:
        found = "Your ratings were about the same under A and under B"
    else:
        found = f"Your ratings were typically {size:.2f} points {direction} under A than under B"
    better = "A" if (lower_under_a != higher) else "B"
    tail = f" (so {better} looked better)" if size >= 0.005 else ""
    return (
        f"{found}{tail}; the 95% credible interval for the difference A − B runs from "
        f"{bayes.ci_low:.2f} to {bayes.ci_high:.2f} points."
    )


def _sure_line(bayes: BayesSummary, mcid: float) -> str:
    at = next((m for m in bayes.at_mcid if m.mcid == mcid), bayes.at_mcid[-1])
    return (
        f"For you, in this trial, compared with B: the chance that A is better is "
        f"{_pct(bayes.p_a_better)}; better by at least {mcid:g} points (the MCID): "
        f"{_pct(at.p_a_better_by_mcid)}; practically the same (a difference under "
        f"{mcid / 4:g} points): {_pct(at.p_equivalent)}."
    )


def _decision_line(result: AnalysisResult) -> str:
    threshold = _pct(float(result.settings["decision_threshold"]))
    if result.primary is None and result.input_kind == "daily":
        return "Decision: can't tell yet — the Bayesian analysis could not be computed."
    if result.primary is None:
        return (
            "Decision: can't tell yet — the rule set before the trial uses the Bayesian analysis "
            "of the daily ratings, which this file does not contain."
        )
    if result.decision == "can't tell yet":
        return f"Decision (rule: conclude when one arm is better with chance ≥ {threshold}): " + (
            "can't tell yet."
        )
    return f"Decision (rule: conclude when one arm is better with chance ≥ {threshold}): " + (
        f"{result.decision}."
    )


def _cant_tell_line(data: dict[str, Any], threshold: float) -> str:
    low, high = data.get("outcome_min"), data.get("outcome_max")
    if low is not None and low == high:
        return (
            f"Neither arm reached the {_pct(threshold)} bar: every rating was {low:g}, so the "
            "ratings did not vary and cannot show a difference between the routines (a finer "
            "rating, or another outcome, might)."
        )
    return (
        f"Neither arm reached the {_pct(threshold)} bar: the data are too few or too noisy to "
        "say which routine helps you more. More pairs would narrow the interval."
    )


def prior_words(prior: PriorSensitivity) -> list[str]:
    """The prior-sensitivity line and how hard the main prior pulls, in plain words."""
    mcid = prior.mcid
    vague = prior.bayes
    if vague is None:
        first = (
            f"With a vague prior instead (almost no prior view on the difference): {prior.reason}."
        )
    else:
        at = vague.at_mcid[0] if vague.at_mcid else None
        by = f"; A better by at least {mcid:g} points: {_pct(at.p_a_better_by_mcid)}" if at else ""
        first = (
            f"With a vague prior instead (almost no prior view on the difference): median "
            f"{vague.median:.2f}, 95% interval {vague.ci_low:.2f} to {vague.ci_high:.2f}; "
            f"chance A is better {_pct(vague.p_a_better)}{by}."
        )
    pull = 1.0 - prior.kept_share
    less = "less than 1% less" if pull < 0.005 else f"about {100 * pull:.0f}% less"
    second = (
        f"The main analysis's prior pulls results towards no difference: here, ratings that "
        f"differ by {mcid:g} points between A and B would be reported as a difference of about "
        f"{mcid * prior.kept_share:.2f} points ({less})."
    )
    return [first, second]


def _sensitivity_lines(result: AnalysisResult) -> list[str]:
    lines = []
    for sens in result.sensitivity:
        if sens.bayes is None:
            lines.append(f"Sensitivity, {sens.description}: {sens.reason}.")
            continue
        same = sens.bayes.decision == result.decision
        lines.append(
            f"Sensitivity, {sens.description}: median {sens.bayes.median:.2f}, chance A better "
            f"{_pct(sens.bayes.p_a_better)}, decision {sens.bayes.decision}"
            + ("" if same else " — this differs from the main result, so treat it with care")
            + "."
        )
    return lines


def _pair_only_lines(result: AnalysisResult) -> list[str]:
    t = _method(result, "paired_t")
    if t is None or t.estimate is None:
        return ["Only pair differences were given, and there are too few for the paired t-test."]
    e = t.estimate
    return [
        f"The mean pair difference A − B was {e.estimate:.2f} points "
        f"(95% confidence interval {e.ci_low:.2f} to {e.ci_high:.2f}; "
        f"paired t-test two-sided p = {e.p_two_sided:.3g})."
    ]


def limitations(result: AnalysisResult) -> list[str]:
    """What the trial does not show, always stated."""
    pairs = int(result.data["pairs_complete"])
    out = [
        "Not blinded: you knew which routine you were doing, so expectations can colour the "
        "ratings.",
        "The MCID is borrowed: 2 points (about the 2.17 that shoulder patients as a group find "
        "meaningful over time, Michener 2011) and 1 point (chronic musculoskeletal pain, Salaffi "
        "2004) are group thresholds for change over time, not for a difference between two "
        "routines in one person.",
        "The result is about you, during this trial; it does not say what works for others.",
    ]
    out.extend(_few_pairs(pairs, result))
    out.extend(_structure_lines(result.data))
    one_arm = set(result.data.get("pairs_one_arm") or [])
    unrated = [p for p in result.data["pairs_incomplete"] if p not in one_arm]
    if unrated:
        listed = ", ".join(str(p) for p in unrated)
        out.append(
            f"Pair(s) {listed} lack ratings under one arm and are left out of the pair-level "
            "tests; the daily analyses use every rated day."
        )
    out.extend(_scale_lines(result))
    if result.primary is not None:
        out.append(
            "The priors were chosen by simulation (so that a real difference of 2 points is not "
            "reported as noticeably smaller, while the decision rule still errs on the side of "
            "caution). The prior for the difference A − B is normal, centred on 0, with SD "
            f"{PRIMARY.g:g} σ, σ being the innovation SD of the autocorrelated model (the spread "
            "of the part of each day's rating that the day before does not predict). When days "
            "are strongly correlated (ρ near 1) the trial carries less information and this "
            "prior pulls the estimate towards 0 a little more; the line on the vague prior shows "
            "how much. " + _rho_clause(result.primary.rho_mean)
        )
    return out


def _rho_clause(rho: float) -> str:
    inflation = 1.0 / math.sqrt(max(1.0 - rho**2, 1e-12))
    return (
        f"Here the posterior mean of ρ is {rho:.2f}, so the ratings spread by about "
        f"{inflation:.2f} σ."
    )


def _structure_lines(data: dict[str, Any]) -> list[str]:
    one_arm = data.get("pairs_one_arm") or []
    if not one_arm:
        return []
    listed = ", ".join(str(p) for p in one_arm)
    return [
        f"Warning: pair(s) {listed} have days under only one arm in the data, not one period "
        "of A and one of B (a trial stopped early?). They count in the daily analyses but "
        "are left out of the pair-level tests."
    ]


def _scale_lines(result: AnalysisResult) -> list[str]:
    low, high = result.data.get("outcome_min"), result.data.get("outcome_max")
    if low is None or high is None or (SCALE[0] <= low and high <= SCALE[1]):
        return []
    return [
        f"Your ratings run from {low:g} to {high:g}, outside the 0–10 scale that the default "
        "MCID of 2 points assumes (the results are also shown at 1 point). On another scale, "
        "set --mcid in that scale's units; the Bayesian analysis itself does not depend on the "
        "scale."
    ]


def _few_pairs(pairs: int, result: AnalysisResult) -> list[str]:
    out = []
    if pairs <= 4:
        out.append(f"Only {pairs} complete pair(s): few pairs make every conclusion fragile.")
        if result.settings["design"] == "pair-randomised" and pairs >= 1:
            out.append(
                f"With {pairs} pair(s) the randomisation test's smallest possible two-sided p is "
                f"{2.0 ** (1 - pairs):g}; with 4 pairs or fewer it can never reach 0.05 on its own."
            )
    if pairs == 2:
        out.append(
            "With 2 pairs the paired t-test has 1 degree of freedom: its 95% interval is about "
            "12.7 standard errors wide on each side, so it can say very little."
        )
    return out


def _method(result: AnalysisResult, name: str) -> Method | None:
    return next((m for m in result.methods if m.name == name), None)
