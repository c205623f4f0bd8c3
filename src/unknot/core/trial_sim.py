"""The design-time check: how often the decision rule concludes "A better", by simulation.

``nof1-methods.md`` ("Reporting the effect"): before the trial, simulate it many times under
the planned design with the true δ = −MCID and −1.5 × MCID (power) and δ = 0 (false-positive
rate), and apply the same rule the analysis will apply: "A better" when P(δ < 0) ≥ threshold
under the exact Bayesian model of :mod:`unknot.core.nof1.bayes` (same priors, same ρ grid).

The data model for a simulated trial: y_t = 5 + (δ/2)·x_t + e_t with stationary AR(1) errors
(innovation SD σ, autocorrelation ρ), every scheduled day rated, values not rounded. Each pair's
order is drawn AB or BA with probability 1/2, as in the real trial.

Speed: every simulated trial of one design observes the same days, so the AR(1) precision
matrices Q_g = V_g⁻¹ (tridiagonal) are computed once per ρ on the grid, and for each of the
2^pairs possible sequences the design-dependent parts (X'Q_gX, X'Q_g) once too. A dataset then
needs only the quadratic forms y'Q_gy and X'Q_gy, batched over datasets as matrix products:
O(G·n·S) for G grid points and S datasets, no per-dataset loop.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln, stdtr

from unknot.core.nof1.ar1 import RHO_GRID, whitener
from unknot.core.nof1.bayes import PRIMARY, Prior
from unknot.core.nof1.data import FloatArray, IntArray
from unknot.core.trial import Design

DEFAULT_SIGMA = 1.0  # innovation SD, points on the 0-10 scale
DEFAULT_RHO = 0.5
MIN_OWN_DAYS = 21
DEFAULT_SIMULATIONS = 2000
SIM_SEED = 20261125
POWER_TARGET = 0.8
_WEIGHT_FLOOR = 1e-14  # as in bayes._posterior: grid points below it are dropped
_BASE = 5.0


def arms_of(orders: Sequence[str], period_days: int) -> FloatArray:
    """x_t (+1 A, −1 B) over the days of the pairs, for one sequence of orders."""
    return np.array(
        [
            1.0 if arm == "A" else -1.0
            for order in orders
            for arm in order
            for _ in range(period_days)
        ]
    )


def model_matrix(x: FloatArray, day: IntArray, trend: bool) -> FloatArray:
    """The columns of :func:`unknot.core.nof1.bayes.design`: intercept, x/2, optional trend."""
    cols = [np.ones_like(x), x / 2.0]
    if trend:
        d = day.astype(np.float64)
        cols.append((d - d.mean()) / max(float(d.max() - d.min()), 1.0))
    return np.column_stack(cols)


def precision_parts(day: IntArray, rho: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Diagonal (G, n), off-diagonal (G, n−1) of Q_g = V_g⁻¹, and log det V_g (G,).

    With the one-step whitening z_t = (y_t − a_t y_{t−1})/s_t of :mod:`unknot.core.nof1.ar1`,
    Σ z_t² = Σ_t y_t²(1/s_t² + a_{t+1}²/s_{t+1}²) − 2 Σ_t y_{t−1} y_t a_t/s_t².
    """
    w = whitener(day, rho)
    inv = 1.0 / w.s**2
    diag = inv.copy()
    diag[:, :-1] += w.a[:, 1:] ** 2 * inv[:, 1:]
    off = -w.a[:, 1:] * inv[:, 1:]
    return diag, off, w.log_det_v


@dataclass(frozen=True)
class _Fixed:
    """What one sequence contributes, per ρ: Λ⁻¹, log det Λ, and X'Q (G, p, n)."""

    lam_inv: FloatArray
    log_det_lam: FloatArray
    xtq: FloatArray


def _fixed(x: FloatArray, diag: FloatArray, off: FloatArray, prior_prec: FloatArray) -> _Fixed:
    q = np.zeros((diag.shape[0], diag.shape[1], diag.shape[1]))
    idx = np.arange(diag.shape[1])
    q[:, idx, idx] = diag
    q[:, idx[:-1], idx[1:]] = off
    q[:, idx[1:], idx[:-1]] = off
    xtq = np.einsum("np,gnm->gpm", x, q)
    lam = np.einsum("gpm,mq->gpq", xtq, x) + np.diag(prior_prec)
    _sign, log_det = np.linalg.slogdet(lam)
    return _Fixed(np.linalg.inv(lam), log_det, xtq)


@dataclass(frozen=True)
class BatchPosterior:
    """The exact posterior of δ for S datasets at once: weights, locations (G, S), scales."""

    weight: FloatArray  # (G, S), each column sums to 1; grid points below the floor are 0
    loc: FloatArray  # (G, S)
    scale: FloatArray  # (G, S)
    df: float

    def cdf(self, value: float | FloatArray) -> FloatArray:
        """P(δ < value) per dataset (value a scalar or one per dataset)."""
        keep = self.weight > 0.0  # the t CDF is the costly part: only where the weight counts
        z = (np.broadcast_to(value, self.loc.shape[1:])[None, :] - self.loc) / self.scale
        cdf = np.zeros_like(self.weight)
        cdf[keep] = stdtr(self.df, z[keep])
        return np.asarray((self.weight * cdf).sum(axis=0))

    def mean(self) -> FloatArray:
        return np.asarray((self.weight * self.loc).sum(axis=0))


def batch_posterior(
    y: FloatArray,
    x: FloatArray,
    parts: tuple[FloatArray, FloatArray, FloatArray],
    rho: FloatArray = RHO_GRID,
    fixed: _Fixed | None = None,
    prior: Prior = PRIMARY,
) -> BatchPosterior:
    """The posterior of δ for each column of y (n, S): exactly that of ``bayes.posterior``.

    ``x`` is the model matrix (n, p) with δ's column second; the intercept is flat.
    """
    diag, off, log_det_v = parts
    f = fixed if fixed is not None else _fixed(x, diag, off, prior_precision(x.shape[1], prior))
    yc = y - y.mean(axis=0, keepdims=True)
    # einsum, not @: small products are faster without BLAS threads (and steadier on a busy
    # machine, where threaded BLAS can be 40 times slower for matrices this size).
    yqy = np.einsum("gn,ns->gs", diag, yc**2) + 2.0 * np.einsum("gn,ns->gs", off, yc[:-1] * yc[1:])
    xty = np.einsum("gpn,ns->gps", f.xtq, yc)  # (G, p, S)
    coef = np.einsum("gpq,gqs->gps", f.lam_inv, xty)
    ssr = np.maximum(yqy - np.einsum("gps,gps->gs", coef, xty), 0.0)
    a_n = prior.a0 + (y.shape[0] - 1) / 2.0
    b_n = np.maximum(prior.b0 + ssr / 2.0, 1e-300)
    log_ml = (-0.5 * log_det_v - 0.5 * f.log_det_lam)[:, None] + gammaln(a_n) - a_n * np.log(b_n)
    weight = np.exp(log_ml - log_ml.max(axis=0, keepdims=True))
    weight /= weight.sum(axis=0, keepdims=True)
    weight = np.where(weight > _WEIGHT_FLOOR, weight, 0.0)
    weight /= weight.sum(axis=0, keepdims=True)
    scale = np.sqrt(b_n / a_n * f.lam_inv[:, 1, 1][:, None])
    return BatchPosterior(weight, coef[:, 1, :], scale, 2.0 * a_n)


def p_delta_below_zero(
    y: FloatArray,
    x: FloatArray,
    parts: tuple[FloatArray, FloatArray, FloatArray],
    rho: FloatArray = RHO_GRID,
    fixed: _Fixed | None = None,
    prior: Prior = PRIMARY,
) -> FloatArray:
    """P(δ < 0 | y) for each column of y (n, S): the exact posterior of ``bayes.posterior``."""
    return batch_posterior(y, x, parts, rho, fixed, prior).cdf(0.0)


def prior_precision(p: int, prior: Prior = PRIMARY) -> FloatArray:
    """The prior precision of the coefficients per unit σ²: the intercept flat, the rest 1/g²."""
    prec = np.full(p, 1.0 / prior.g**2)
    prec[0] = 0.0
    return prec


def ar1_noise(rng: np.random.Generator, n: int, s: int, sigma: float, rho: float) -> FloatArray:
    """S stationary AR(1) series of length n (n, S), innovation SD σ."""
    e = np.empty((n, s))
    e[0] = rng.normal(0.0, sigma / math.sqrt(1.0 - rho**2), s)
    shocks = rng.normal(0.0, sigma, (n - 1, s))
    for t in range(1, n):
        e[t] = rho * e[t - 1] + shocks[t - 1]
    return e


@dataclass(frozen=True)
class Scenario:
    delta: float
    label: str
    p_a_better: float  # share of simulated trials where the rule concludes "A better"
    mc_se: float  # its Monte Carlo standard error


def simulate(
    design: Design,
    deltas: Sequence[float],
    sigma: float,
    rho: float,
    n_sims: int = DEFAULT_SIMULATIONS,
    seed: int = SIM_SEED,
) -> list[float]:
    """For each true δ, the share of ``n_sims`` simulated trials that conclude "A better"."""
    rng = np.random.default_rng(seed)
    n = 2 * design.pairs * design.period_days
    day = np.arange(1, n + 1, dtype=np.int64)
    parts = precision_parts(day, RHO_GRID)
    sequences = list(itertools.product(("AB", "BA"), repeat=design.pairs))
    prior_prec = prior_precision(3 if design.trend else 2)
    xs = [model_matrix(arms_of(seq, design.period_days), day, design.trend) for seq in sequences]
    fixed = [_fixed(x, parts[0], parts[1], prior_prec) for x in xs]
    shares = []
    for delta in deltas:
        which = rng.integers(0, len(sequences), n_sims)
        noise = ar1_noise(rng, n, n_sims, sigma, rho)
        hits = 0
        for k, (x, f) in enumerate(zip(xs, fixed, strict=True)):
            cols = np.flatnonzero(which == k)
            if cols.size == 0:
                continue
            y = _BASE + delta * x[:, 1:2] + noise[:, cols]  # x[:, 1] is x_t/2
            p = p_delta_below_zero(y, x, parts, fixed=f)
            hits += int(np.sum(p >= design.threshold))
        shares.append(hits / n_sims)
    return shares


@dataclass(frozen=True)
class Noise:
    """The day-to-day noise assumed by the check, and where it came from."""

    sigma: float  # innovation SD
    rho: float
    source: str  # "own" (the person's ratings) or "default"
    days: int = 0  # how many of the person's days it was estimated from

    @property
    def spread(self) -> float:
        """The SD of the ratings themselves: σ/√(1 − ρ²)."""
        return self.sigma / math.sqrt(1.0 - self.rho**2)


DEFAULT_NOISE = Noise(DEFAULT_SIGMA, DEFAULT_RHO, "default")


def noise_from(values: Sequence[float | None]) -> Noise:
    """σ and ρ from the person's daily ratings (one per calendar day, None = no rating).

    Needs at least 21 rated days (``nof1-methods.md``); otherwise the defaults. ρ is the lag-1
    autocorrelation over pairs of consecutive rated days, kept within [0, 0.9]; σ is the SD of
    the ratings times √(1 − ρ²), at least 0.5 (ratings that never vary would otherwise promise
    an impossible precision).
    """
    rated = [v for v in values if v is not None]
    if len(rated) < MIN_OWN_DAYS:
        return DEFAULT_NOISE
    arr = np.array(rated, dtype=np.float64)
    mean, sd = float(arr.mean()), float(arr.std(ddof=1))
    pairs = [
        (a - mean, b - mean)
        for a, b in itertools.pairwise(values)
        if a is not None and b is not None
    ]
    denom = float(np.sum((arr - mean) ** 2))
    r = sum(a * b for a, b in pairs) / denom * len(rated) / max(len(pairs), 1) if denom else 0.0
    rho = min(max(r, 0.0), 0.9)
    return Noise(max(sd * math.sqrt(1.0 - rho**2), 0.5), rho, "own", len(rated))


@dataclass(frozen=True)
class Suggestion:
    pairs: int
    period_days: int
    power: float


@dataclass(frozen=True)
class DesignCheck:
    design: Design
    noise: Noise
    n_sims: int
    scenarios: tuple[Scenario, ...]  # δ = −MCID, −1.5 × MCID, 0
    suggestion: Suggestion | None
    weak: bool

    @property
    def power(self) -> float:
        return self.scenarios[0].p_a_better

    @property
    def false_positive(self) -> float:
        return self.scenarios[2].p_a_better


def check(
    design: Design,
    noise: Noise = DEFAULT_NOISE,
    n_sims: int = DEFAULT_SIMULATIONS,
    seed: int = SIM_SEED,
) -> DesignCheck:
    """Power at −MCID and −1.5 × MCID, false positives at 0, and a stronger design if weak."""
    deltas = (-design.mcid, -1.5 * design.mcid, 0.0)
    labels = ("-MCID", "-1.5 x MCID", "0")
    shares = simulate(design, deltas, noise.sigma, noise.rho, n_sims, seed)
    scenarios = tuple(
        Scenario(d, lab, p, math.sqrt(max(p * (1 - p), 0.25 / n_sims) / n_sims))
        for d, lab, p in zip(deltas, labels, shares, strict=True)
    )
    weak = scenarios[0].p_a_better < POWER_TARGET
    suggestion = _stronger(design, noise, n_sims, seed) if weak else None
    return DesignCheck(design, noise, n_sims, scenarios, suggestion, weak)


def _stronger(design: Design, noise: Noise, n_sims: int, seed: int) -> Suggestion | None:
    """The shortest design with more pairs or longer periods that reaches the target power."""
    from dataclasses import replace

    candidates = sorted(
        (
            (pairs * period, pairs, period)
            for pairs in range(design.pairs, 5)
            for period in (7, 14)
            if period >= design.period_days
            and (pairs, period) != (design.pairs, design.period_days)
        ),
    )
    best: Suggestion | None = None
    for _days, pairs, period in candidates:
        trial = replace(design, pairs=pairs, period_days=period)
        [power] = simulate(
            trial, [-design.mcid], noise.sigma, noise.rho, max(n_sims // 2, 200), seed
        )
        best = Suggestion(pairs, period, power)
        if power >= POWER_TARGET:
            return best
    return best
