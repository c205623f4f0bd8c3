"""The small statistics behind ``unknot report``: a t interval for a mean, and a difference in
means whose interval allows for day-to-day autocorrelation.

Pure functions over plain numbers, standard library only: the t quantile comes from the
regularised incomplete beta function (continued fraction, Press et al., Numerical Recipes,
3rd ed., section 6.4) and bisection, so the report does not pay scipy's import time.

Difference in means under AR(1) errors
--------------------------------------
Next-day pain on habit days and on other days is compared as ``mean(with) - mean(without)``.
That is the least-squares slope of pain on a 0/1 habit indicator, a linear combination
``sum(c_i * y_i)`` with ``c_i = 1/n_with`` on habit days and ``-1/n_without`` on the others.
Pain on neighbouring days is correlated, so the usual two-sample variance is too small. We
model the residuals as a stationary AR(1) process observed on (possibly gappy) calendar days,
``corr(e_i, e_j) = rho ** |t_i - t_j|``, and use the exact variance of that linear combination,

    Var = sigma^2 * sum_ij c_i c_j rho^|t_i - t_j|,

computed in one pass with the recursion ``S_j = rho^(t_j - t_{j-1}) * (S_{j-1} + c_{j-1})``,
``sum_ij = sum_j c_j^2 + 2 * sum_j c_j S_j``. ``rho`` is the lag-1 correlation of the residuals
over pairs of consecutive days, bias-corrected, kept within [0, 0.95] and raised by one standard
error (``cautious_rho``); sigma^2 is the residual sum of squares over tr(M R), its expectation
per unit sigma^2 under AR(1) errors (not n - 2, which is too small when days are correlated).
The ratio of the independent-days variance to this one, times n,
is the effective sample size (Zwiers & von Storch, "Taking serial correlation into account in
tests of the mean", J. Climate 1995;8:336-351; for a single mean it reduces to the familiar
``n (1 - rho) / (1 + rho)``, Wilks, Statistical Methods in the Atmospheric Sciences, 3rd ed.,
section 5.2.4). The 95 % interval uses a t quantile with ``n_eff - 2`` degrees of freedom.
The lag-1 estimate is biased low in short series, which is one reason nothing is shown with
fewer than 14 days in each group.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

LEVEL = 0.95
RHO_MAX = 0.95
MIN_CONSECUTIVE_PAIRS = 10


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny = 1e-300
    c, d = 1.0, 1.0 - (a + b) * x / (a + 1.0)
    d = 1.0 / (d if abs(d) > tiny else tiny)
    result = d
    for m in range(1, 500):
        for numerator in (
            m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m)),
            -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            result *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return result


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b) for 0 <= x <= 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
        + a * math.log(x) + b * math.log1p(-x)
    )  # fmt: skip
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_fraction(a, b, x) / a
    return 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with ``df`` (> 0, not necessarily whole) degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t > 0 else tail


def t_quantile(df: float, level: float = LEVEL) -> float:
    """The two-sided ``level`` quantile of Student's t with ``df`` degrees of freedom."""
    target = 0.5 + level / 2.0
    low, high = 0.0, 2.0
    while t_cdf(high, df) < target:
        low, high = high, high * 2.0
    for _step in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < target:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


@dataclass(frozen=True)
class MeanInterval:
    n: int
    mean: float
    sd: float
    low: float
    high: float


def mean_interval(values: Sequence[float], level: float = LEVEL) -> MeanInterval:
    """Mean with its t interval (needs at least two values)."""
    n = len(values)
    if n < 2:
        raise ValueError("a t interval needs at least two values")
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = t_quantile(n - 1, level) * sd / math.sqrt(n)
    return MeanInterval(n=n, mean=mean, sd=sd, low=mean - half, high=mean + half)


def clustered_mean_interval(
    values: Sequence[float], clusters: Sequence[object], level: float = LEVEL
) -> MeanInterval:
    """Mean with a t interval that counts each cluster (e.g. a day) once, not each value.

    The cluster-robust variance of a mean, with the small-sample factor G / (G - 1), and
    t with G - 1 degrees of freedom for G clusters. With one value per cluster it is the
    ordinary t interval of ``mean_interval`` exactly. Needs at least two clusters.
    """
    n, groups = len(values), len(set(clusters))
    if groups < 2:
        raise ValueError("a clustered t interval needs at least two clusters")
    mean = math.fsum(values) / n
    sums: dict[object, list[float]] = {}
    for value, cluster in zip(values, clusters, strict=True):
        sums.setdefault(cluster, []).append(value - mean)
    spread = math.fsum(math.fsum(r) ** 2 for r in sums.values())
    se = math.sqrt(groups / (groups - 1) * spread) / n
    half = t_quantile(groups - 1, level) * se
    return MeanInterval(n=n, mean=mean, sd=se * math.sqrt(n), low=mean - half, high=mean + half)


@dataclass(frozen=True)
class Difference:
    """``mean(with) - mean(without)`` with an interval that allows for AR(1) errors."""

    n_with: int
    n_without: int
    mean_with: float
    mean_without: float
    difference: float
    low: float
    high: float
    rho: float
    n_eff: float


def lag1_correlation(days: Sequence[int], residuals: Sequence[float]) -> tuple[float, int]:
    """Correlation of residuals on consecutive days (days sorted), and how many pairs it used."""
    xs: list[float] = []
    ys: list[float] = []
    for i in range(1, len(days)):
        if days[i] - days[i - 1] == 1:
            xs.append(residuals[i - 1])
            ys.append(residuals[i])
    if not xs:
        return 0.0, 0
    sxy = math.fsum(x * y for x, y in zip(xs, ys, strict=True))
    sxx = math.fsum(x * x for x in xs)
    syy = math.fsum(y * y for y in ys)
    if sxx == 0 or syy == 0:
        return 0.0, len(xs)
    return sxy / math.sqrt(sxx * syy), len(xs)


def ar1_quadratic(days: Sequence[int], weights: Sequence[float], rho: float) -> float:
    """``sum_ij w_i w_j rho^|t_i - t_j|`` for sorted, distinct ``days``, in O(n)."""
    return ar1_bilinear(days, weights, weights, rho)


def ar1_bilinear(days: Sequence[int], a: Sequence[float], b: Sequence[float], rho: float) -> float:
    """``sum_ij a_i b_j rho^|t_i - t_j|`` for sorted, distinct ``days``, in O(n)."""
    total = carry_a = carry_b = 0.0
    for j in range(len(a)):
        if j:
            step = rho ** (days[j] - days[j - 1])
            carry_a = step * (carry_a + a[j - 1])
            carry_b = step * (carry_b + b[j - 1])
        total += a[j] * b[j] + a[j] * carry_b + b[j] * carry_a
    return total


def cautious_rho(rho_hat: float, pairs: int) -> float:
    """The lag-1 estimate made cautious: bias-corrected, kept in [0, 0.95], plus one SE.

    The lag-1 correlation of residuals is biased low in short series (by about (1 + 3ρ)/n,
    Marriott & Pope, Biometrika 1954;41:390-402), and a ρ that comes out too low makes the
    interval too narrow, more so when habits come in runs. Adding one standard error,
    √((1 − ρ²)/n), errs on the wide side; ``bench/habit_links.py`` measures the result.
    """
    corrected = rho_hat + (1.0 + 3.0 * rho_hat) / pairs
    rho = min(max(corrected, 0.0), RHO_MAX)
    return min(rho + math.sqrt((1.0 - rho * rho) / pairs), RHO_MAX)


def _residual_dof(t: Sequence[int], f: Sequence[bool], n1: int, rho: float) -> float:
    """tr(M R): E(sum of squared residuals) / σ² after fitting the two group means.

    M = I − X(X'X)⁻¹X' with X = [1, flag], R the AR(1) correlation, so
    tr(M R) = n − tr((X'X)⁻¹ X'RX). With ρ = 0 it is n − 2.
    """
    n = len(t)
    ones = [1.0] * n
    flag = [1.0 if g else 0.0 for g in f]
    r11 = ar1_bilinear(t, ones, ones, rho)
    r1f = ar1_bilinear(t, ones, flag, rho)
    rff = ar1_bilinear(t, flag, flag, rho)
    det = n * n1 - n1 * n1  # X'X = [[n, n1], [n1, n1]]
    trace = (n1 * r11 - 2.0 * n1 * r1f + n * rff) / det
    return max(n - trace, 1.0)


def ar1_difference(
    days: Sequence[int], values: Sequence[float], flags: Sequence[bool], level: float = LEVEL
) -> Difference | None:
    """Difference in means between flagged and other days, or None when it cannot be judged.

    ``days`` are distinct day numbers; the three sequences are aligned. Needs both groups, at
    least four days, and enough consecutive days to estimate the day-to-day correlation.
    """
    order = sorted(range(len(days)), key=lambda i: days[i])
    t = [days[i] for i in order]
    y = [float(values[i]) for i in order]
    f = [bool(flags[i]) for i in order]
    n1 = sum(f)
    n0 = len(f) - n1
    if n1 < 2 or n0 < 2:
        return None
    m1 = math.fsum(v for v, g in zip(y, f, strict=True) if g) / n1
    m0 = math.fsum(v for v, g in zip(y, f, strict=True) if not g) / n0
    residuals = [v - (m1 if g else m0) for v, g in zip(y, f, strict=True)]
    rho_hat, pairs = lag1_correlation(t, residuals)
    if pairs < MIN_CONSECUTIVE_PAIRS:
        return None
    rho = cautious_rho(rho_hat, pairs)
    n = n1 + n0
    sigma2 = math.fsum(r * r for r in residuals) / _residual_dof(t, f, n1, rho)
    weights = [1.0 / n1 if g else -1.0 / n0 for g in f]
    independent = 1.0 / n1 + 1.0 / n0
    quad = ar1_quadratic(t, weights, rho)
    n_eff = n * independent / quad if quad > 0 else float(n)
    half = t_quantile(max(n_eff - 2.0, 1.0), level) * math.sqrt(sigma2 * quad)
    diff = m1 - m0
    return Difference(
        n_with=n1,
        n_without=n0,
        mean_with=m1,
        mean_without=m0,
        difference=diff,
        low=diff - half,
        high=diff + half,
        rho=rho,
        n_eff=n_eff,
    )
