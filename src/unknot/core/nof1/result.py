"""The result of an N-of-1 analysis, and its JSON form (documented in ``docs/trial-json.md``)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

from unknot.core.nof1.classical import Estimate

JSON_VERSION = 1
DECISIONS = ("A better", "B better", "can't tell yet")


@dataclass(frozen=True)
class Bin:
    key: str  # a_large, a_modest, a_small, equivalent, b_small, b_modest, b_large
    label: str
    probability: float


@dataclass(frozen=True)
class AtMcid:
    mcid: float
    p_a_better_by_mcid: float
    p_b_better_by_mcid: float
    p_equivalent: float  # P(|δ| < MCID/4)
    bins: tuple[Bin, ...]


@dataclass(frozen=True)
class BayesSummary:
    n_days: int
    median: float
    mean: float
    ci_low: float
    ci_high: float
    p_a_better: float
    p_b_better: float
    rho_mean: float
    decision: str
    at_mcid: tuple[AtMcid, ...] = ()
    prior_keeps: float | None = None  # the share of a difference in the data the prior keeps


@dataclass(frozen=True)
class Method:
    """One method's outcome: available with numbers, or not, with the reason."""

    name: str
    level: str  # "daily" or "pair"
    reason: str | None = None
    estimate: Estimate | None = None
    extra: dict[str, float | int] = field(default_factory=dict)


@dataclass(frozen=True)
class Sensitivity:
    name: str
    description: str
    reason: str | None = None
    bayes: BayesSummary | None = None


@dataclass(frozen=True)
class PriorSensitivity:
    """The primary result again under a vague prior, and how much the primary prior pulls."""

    prior: dict[str, Any]
    mcid: float
    bayes: BayesSummary | None
    reason: str | None
    kept_share: float  # the primary prior reports a difference of one MCID as this share of it
    words: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisResult:
    input_kind: str  # "daily" or "pair-differences"
    settings: dict[str, Any]
    data: dict[str, Any]
    primary: BayesSummary | None
    primary_reason: str | None
    methods: tuple[Method, ...]
    sensitivity: tuple[Sensitivity, ...]
    decision: str
    summary: tuple[str, ...]
    limitations: tuple[str, ...]
    prior_sensitivity: PriorSensitivity | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "input_kind": self.input_kind,
            "settings": self.settings,
            "data": self.data,
            "effect": "delta = mean(A) - mean(B); negative means lower under A",
            "decision": self.decision,
            "primary": _bayes_dict(self.primary, self.primary_reason),
            "methods": [_method_dict(m) for m in self.methods],
            "sensitivity": [_sensitivity_dict(s) for s in self.sensitivity],
            "prior_sensitivity": _prior_dict(self.prior_sensitivity),
            "summary": list(self.summary),
            "limitations": list(self.limitations),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """One JSON object; strict (no NaN or infinity anywhere)."""
        return json.dumps(_clean(self.to_dict()), indent=indent, allow_nan=False)


def _bayes_dict(bayes: BayesSummary | None, reason: str | None) -> dict[str, Any]:
    if bayes is None:
        return {"available": False, "reason": reason}
    return {
        "available": True,
        "reason": None,
        "n_days": bayes.n_days,
        "median": bayes.median,
        "mean": bayes.mean,
        "ci95": [bayes.ci_low, bayes.ci_high],
        "p_a_better": bayes.p_a_better,
        "p_b_better": bayes.p_b_better,
        "rho_posterior_mean": bayes.rho_mean,
        "decision": bayes.decision,
        "at_mcid": [
            {
                "mcid": m.mcid,
                "p_a_better_by_mcid": m.p_a_better_by_mcid,
                "p_b_better_by_mcid": m.p_b_better_by_mcid,
                "p_equivalent": m.p_equivalent,
                "bins": [{"key": b.key, "label": b.label, "p": b.probability} for b in m.bins],
            }
            for m in bayes.at_mcid
        ],
    }


def _method_dict(method: Method) -> dict[str, Any]:
    out: dict[str, Any] = {
        "name": method.name,
        "level": method.level,
        "available": method.estimate is not None or bool(method.extra),
        "reason": method.reason,
    }
    est = method.estimate
    if est is not None:
        out |= {
            "estimate": est.estimate,
            "se": est.se,
            "statistic": est.statistic,
            "df": est.df,
            "ci95": [est.ci_low, est.ci_high],
            "p_two_sided": est.p_two_sided,
            "p_one_sided_a_better": est.p_a_better,
        }
    return out | dict(method.extra)


def _prior_dict(prior: PriorSensitivity | None) -> dict[str, Any]:
    if prior is None:
        return {"available": False, "reason": "not computed: the primary analysis did not run"}
    body = _bayes_dict(prior.bayes, prior.reason)
    at = body.pop("at_mcid", None) or []
    if at:
        body["p_a_better_by_mcid"] = at[0]["p_a_better_by_mcid"]
    return {
        **body,
        "prior": prior.prior,
        "mcid": prior.mcid,
        "primary_keeps_share": prior.kept_share,
        "mcid_reported_as": prior.mcid * prior.kept_share,
        "words": list(prior.words),
    }


def _sensitivity_dict(sens: Sensitivity) -> dict[str, Any]:
    body = _bayes_dict(sens.bayes, sens.reason)
    body.pop("at_mcid", None)
    return {"name": sens.name, "description": sens.description, **body}


def _clean(value: Any) -> Any:
    """Replace any non-finite float by None so the JSON stays valid."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value
