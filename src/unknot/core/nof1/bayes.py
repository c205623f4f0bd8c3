"""The primary analysis: exact conjugate Bayesian regression with AR(1) errors on a ρ grid.

Model (``nof1-methods.md`` §1): y_t = m + (δ/2)·x_t (+ β·trend_t) + e_t, x_t = +1 on A days and
−1 on B days, e_t stationary AR(1) with innovation variance σ². Priors: m flat,
δ | σ ~ N(0, (gσ)²), β | σ ~ N(0, (gσ)²), σ² ~ Inverse-Gamma(a0, b0), ρ uniform on the grid.

Given ρ this is the normal–inverse-gamma linear model (e.g. Gelman et al., *Bayesian Data
Analysis*, 3rd ed., §14.8; O'Hagan & Forster, *Kendall's Advanced Theory of Statistics* 2B,
ch. 11) after exact AR(1) whitening (:mod:`unknot.core.nof1.ar1`): with Λ = X*'X* + Λ0,
b̂ = Λ⁻¹X*'y*, S = y*'y* − b̂'Λb̂, a_n = a0 + (n − 1)/2 (one flat coefficient), b_n = b0 + S/2,

    p(y | ρ) ∝ |V|^(−1/2) |Λ|^(−1/2) Γ(a_n) b_n^(−a_n)
    δ | ρ, y ~ Student-t(2 a_n, b̂_δ, sqrt(b_n/a_n · (Λ⁻¹)_δδ))

and the posterior of δ is the mixture of these t distributions weighted by p(ρ | y). This is
the grid approach to the AR(1) parameter of Zellner & Tiao (JASA 1964;59:763–778).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq
from scipy.special import gammaln, stdtr

from unknot.core.nof1.ar1 import RHO_GRID, whitener
from unknot.core.nof1.data import FloatArray, IntArray, Series
from unknot.errors import ValidationError

_WEIGHT_FLOOR = 1e-14


@dataclass(frozen=True)
class Prior:
    """The priors that are not flat: δ | σ ~ N(0, (gσ)²) (β likewise), σ² ~ IG(a0, b0).

    a0 = b0 = 0 is the scale-free (Jeffreys) p(σ²) ∝ 1/σ²: then multiplying every rating by k
    multiplies the posterior of δ by k exactly, whatever the scale of the ratings.
    """

    g: float
    a0: float = 0.0
    b0: float = 0.0

    def as_dict(self) -> dict[str, float | list[float] | str]:
        sigma2 = "1/sigma^2 (scale-free)" if self.a0 == self.b0 == 0.0 else [self.a0, self.b0]
        key = "sigma2_prior" if isinstance(sigma2, str) else "sigma2_inverse_gamma"
        return {"delta_sd_over_sigma": self.g, key: sigma2}


# Chosen by simulation (bench/prior_choice.py, docs/nof1-analysis.md "Choosing the priors").
PRIMARY = Prior(g=4.0)
VAGUE = Prior(g=100.0)  # the prior-sensitivity line: practically flat on δ
PRIOR_G = PRIMARY.g


@dataclass(frozen=True)
class Posterior:
    """The posterior of δ: a mixture of Student-t over the ρ grid."""

    weight: FloatArray  # p(ρ | y) on the grid, sums to 1
    loc: FloatArray
    scale: FloatArray
    df: FloatArray
    rho: FloatArray

    def cdf(self, value: float) -> float:
        """P(δ < value)."""
        z = (value - self.loc) / self.scale
        return float(np.dot(self.weight, stdtr(self.df, z)))

    def mean(self) -> float:
        return float(np.dot(self.weight, self.loc))

    def quantile(self, q: float) -> float:
        """The q-quantile of the mixture, found by Brent's root finding on the CDF."""
        spread = 60.0 * float(self.scale.max())
        lo, hi = float(self.loc.min()) - spread, float(self.loc.max()) + spread
        return float(brentq(lambda v: self.cdf(v) - q, lo, hi, xtol=1e-10, rtol=1e-12))

    def rho_mean(self) -> float:
        return float(np.dot(self.weight, self.rho))


def design(series: Series, trend: bool) -> FloatArray:
    """Columns: intercept, x/2 (so its coefficient is δ), and optionally a scaled trend.

    The trend is the day index centred and divided by the span of observed days, so β is
    the change in pain from the first to the last day: a scale on which N(0, σ²) is sensible.
    """
    cols = [np.ones_like(series.y), series.x / 2.0]
    if trend:
        day = series.day.astype(np.float64)
        span = max(float(day.max() - day.min()), 1.0)
        cols.append((day - day.mean()) / span)
    return np.column_stack(cols)


def posterior(
    series: Series,
    *,
    trend: bool = False,
    rho: FloatArray = RHO_GRID,
    prior: Prior = PRIMARY,
) -> Posterior:
    """The exact posterior of δ for the observed series (δ is column 1 of the design)."""
    x = design(series, trend)
    prior_prec = np.full(x.shape[1], 1.0 / prior.g**2)
    prior_prec[0] = 0.0  # m is flat
    centred = series.y - series.y.mean()  # the flat intercept absorbs it; keeps sums small
    return _posterior(series.day, x, centred, rho, prior_prec, prior.a0, prior.b0)


def _posterior(
    day: IntArray,
    x: FloatArray,
    y: FloatArray,
    rho: FloatArray,
    prior_prec: FloatArray,
    a0: float,
    b0: float,
) -> Posterior:
    with np.errstate(all="ignore"):  # overflow is caught just below, with a clear error
        w = whitener(day, rho)
        xw, yw = w.matrix(x), w.vector(y)
        lam = np.einsum("gni,gnj->gij", xw, xw) + np.diag(prior_prec)
        xty = np.einsum("gni,gn->gi", xw, yw)
        chol = np.linalg.cholesky(lam)
        coef = np.linalg.solve(lam, xty[:, :, None])[:, :, 0]
        ssr = np.maximum(np.einsum("gn,gn->g", yw, yw) - np.einsum("gi,gi->g", coef, xty), 0.0)
        n_flat = int(np.sum(prior_prec == 0.0))
        a_n = a0 + (y.size - n_flat) / 2.0
        b_n = b0 + ssr / 2.0
        log_det_lam = 2.0 * np.log(np.diagonal(chol, axis1=1, axis2=2)).sum(axis=1)
        log_ml = -0.5 * w.log_det_v - 0.5 * log_det_lam + gammaln(a_n) - a_n * np.log(b_n)
    if b0 == 0.0 and not np.all(b_n > 0.0):
        raise ValidationError(
            "The Bayesian analysis cannot be computed for these ratings: they fit the two arms "
            "exactly, with no day-to-day variation left to judge a difference against.",
            hint="More days with ratings are needed, or ratings that are not all identical.",
        )
    if not (np.all(np.isfinite(log_ml)) and np.all(np.isfinite(coef[:, 1]))):
        raise ValidationError(
            "The Bayesian analysis cannot be computed for these ratings: its likelihood is not "
            "a finite number at every value of the autocorrelation.",
            hint="Check the scale of the ratings: values this extreme cannot be analysed; "
            "ratings between -1000000 and 1000000 are accepted.",
        )
    weight = np.exp(log_ml - log_ml.max())
    weight /= weight.sum()
    unit = np.zeros(x.shape[1])
    unit[1] = 1.0
    var_factor = np.linalg.solve(lam, np.broadcast_to(unit, (rho.size, x.shape[1]))[:, :, None])
    scale = np.sqrt(b_n / a_n * var_factor[:, 1, 0])
    keep = weight > _WEIGHT_FLOOR
    return Posterior(
        weight=weight[keep] / weight[keep].sum(),
        loc=coef[keep, 1],
        scale=scale[keep],
        df=np.full(int(keep.sum()), 2.0 * a_n),
        rho=rho[keep],
    )


def information_factor(
    series: Series, rho: FloatArray = RHO_GRID, prior: Prior = PRIMARY, trend: bool = False
) -> FloatArray:
    """(Λ⁻¹)_δδ for each ρ: the posterior variance of δ per unit σ², before σ is learnt."""
    x = design(series, trend=trend)
    xw = whitener(series.day, rho).matrix(x)
    prec = np.full(x.shape[1], 1.0 / prior.g**2)
    prec[0] = 0.0
    lam = np.einsum("gni,gnj->gij", xw, xw) + np.diag(prec)
    return np.asarray(np.linalg.inv(lam)[:, 1, 1])


def kept_share(post: Posterior, series: Series, trend: bool, prior: Prior = PRIMARY) -> float:
    """The share of a difference the data show that the prior keeps, averaged over p(ρ | y).

    Given ρ the posterior mean of δ is the data's own (GLS) estimate times I/(I + 1/g²), I the
    information about δ per unit σ²; with (Λ⁻¹)_δδ = 1/(I + 1/g²) that factor is
    1 − (Λ⁻¹)_δδ/g². A difference of one MCID in the data is reported as about this share of it.
    """
    factor = information_factor(series, post.rho, prior, trend)
    return float(np.dot(post.weight, 1.0 - factor / prior.g**2))
