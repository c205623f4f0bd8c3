"""Regression with AR(1) errors at the daily level, by exact maximum likelihood.

The frequentist twin of the Bayesian model: y = Xb + e, e stationary AR(1) over the observed
days (gaps handled exactly, :mod:`unknot.core.nof1.ar1`). For fixed ρ the ML estimate of b is
generalised least squares and σ² profiles out, leaving the exact concentrated log-likelihood
(Beach & MacKinnon, Econometrica 1978;46:51–58)

    ℓ(ρ) = −(n/2)·log(S(ρ)/n) − ½·log det V(ρ)

which we maximise over ρ ∈ (−1, 1): a grid search, then Brent's method next to the best point.
Standard error of δ at ρ̂ from the covariance s²(X'V⁻¹X)⁻¹, s² = S/(n − p); the confidence
interval and p use Student t with n − p − 1 degrees of freedom (one fewer for the estimated ρ).
That standard error treats ρ̂ as known, so it is somewhat too small (by about 10–20 % against
the observed-information standard error in an independent check); on very few days it is far
too small, so at least MIN_DAYS rated days are required (and, in :mod:`analysis`, at least
2 rated periods under each arm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.optimize import minimize_scalar

from unknot.core.nof1.ar1 import RHO_GRID, whitener
from unknot.core.nof1.bayes import design
from unknot.core.nof1.data import FloatArray, Series

_RHO_LIMIT = 0.999
MIN_DAYS = 8  # fewer rated days give a wildly overconfident standard error (it treats ρ̂ as known)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its uncertainty and p-values (two-sided and one-sided, named)."""

    estimate: float
    se: float
    df: float
    statistic: float
    ci_low: float
    ci_high: float
    p_two_sided: float
    p_a_better: float  # one-sided, in the direction "A better"


@dataclass(frozen=True)
class GlsFit:
    estimate: Estimate
    rho: float
    sigma: float  # innovation SD, ML
    n_days: int


def t_estimate(value: float, se: float, df: float, lower_is_better: bool) -> Estimate:
    """Build an Estimate from a t statistic; "A better" means δ < 0 unless higher is better."""
    t = value / se
    crit = float(stats.t.ppf(0.975, df))
    below = float(stats.t.cdf(t, df))
    above = float(stats.t.sf(t, df))
    return Estimate(
        estimate=value,
        se=se,
        df=df,
        statistic=t,
        ci_low=value - crit * se,
        ci_high=value + crit * se,
        p_two_sided=min(1.0, 2.0 * min(below, above)),
        p_a_better=below if lower_is_better else above,
    )


def _profile(series: Series, x: FloatArray, rho: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Concentrated log-likelihood and the GLS coefficients for each ρ."""
    w = whitener(series.day, rho)
    xw, yw = w.matrix(x), w.vector(series.y - series.y.mean())
    xtx = np.einsum("gni,gnj->gij", xw, xw)
    coef = np.linalg.solve(xtx, np.einsum("gni,gn->gi", xw, yw)[:, :, None])[:, :, 0]
    resid = yw - np.einsum("gni,gi->gn", xw, coef)
    ssr = np.einsum("gn,gn->g", resid, resid)
    n = series.y.size
    with np.errstate(divide="ignore"):
        loglik = -0.5 * n * np.log(ssr / n) - 0.5 * w.log_det_v
    return loglik, ssr


def _best_rho(series: Series, x: FloatArray) -> float:
    loglik, _ = _profile(series, x, RHO_GRID)
    start = float(RHO_GRID[int(np.argmax(loglik))])
    lo, hi = max(start - 0.01, -_RHO_LIMIT), min(start + 0.01, _RHO_LIMIT)
    found = minimize_scalar(
        lambda r: -float(_profile(series, x, np.array([r]))[0][0]),
        bounds=(lo, hi),
        method="bounded",
        options={"xatol": 1e-7},
    )
    return float(found.x)


_EXACT = "not estimable: the model fits the ratings exactly, leaving no error to measure"


def _fits_exactly(series: Series, x: FloatArray) -> bool:
    """True when the regressors reproduce every rating (for example, each arm's ratings all the
    same): a whitening transform is invertible, so no ρ can leave an error to measure."""
    y = series.y - series.y.mean()
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    ssr = float(np.sum((y - x @ coef) ** 2))
    return ssr <= 1e-12 * max(1.0, float(np.sum(y**2)))


def gls_ar1(series: Series, *, trend: bool = False, lower_is_better: bool = True) -> GlsFit | str:
    """Exact-ML AR(1) regression; a plain reason string when it cannot be estimated."""
    x = design(series, trend)
    n, p = x.shape
    if np.unique(series.x).size < 2:
        return "not estimable: ratings are needed under both A and B"
    if np.ptp(series.y) == 0.0:
        return "not estimable: every rating is the same, so there is no variation to model"
    if n < MIN_DAYS or n - p - 1 < 1:
        return (
            f"not estimable: {n} rated days are too few for this regression (it needs at least "
            f"{MIN_DAYS}; on fewer its standard error is far too small)"
        )
    if _fits_exactly(series, x):  # then the likelihood is unbounded for every ρ
        return _EXACT
    rho = _best_rho(series, x)
    w = whitener(series.day, np.array([rho]))
    xw, yw = w.matrix(x)[0], w.vector(series.y - series.y.mean())[0]
    coef, *_ = np.linalg.lstsq(xw, yw, rcond=None)
    ssr = float(np.sum((yw - xw @ coef) ** 2))
    if ssr <= 1e-12 * max(1.0, float(np.sum(yw**2))):
        return _EXACT
    cov = np.linalg.inv(xw.T @ xw) * ssr / (n - p)
    if not (np.all(np.isfinite(coef)) and np.isfinite(cov[1, 1])):
        return "not estimable: the ratings are too extreme for the regression to be computed"
    est = t_estimate(float(coef[1]), float(np.sqrt(cov[1, 1])), float(n - p - 1), lower_is_better)
    return GlsFit(estimate=est, rho=rho, sigma=float(np.sqrt(ssr / n)), n_days=n)
