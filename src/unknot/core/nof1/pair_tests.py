"""Tests on the pair differences d_k = mean(A period) − mean(B period).

Each function returns a result, or a plain reason string when the test cannot be done.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from unknot.core.nof1.classical import Estimate, t_estimate

MAX_ENUMERATED_PAIRS = 20
_RHO_GUARD = 0.99


def paired_t(diffs: tuple[float, ...], lower_is_better: bool = True) -> Estimate | str:
    """Student's one-sample t-test on the pair differences (df = pairs − 1)."""
    n = len(diffs)
    if n < 2:
        return "not estimable: the paired t-test needs at least 2 complete pairs"
    d = np.asarray(diffs)
    sd = float(np.std(d, ddof=1))
    if sd == 0.0:
        return "not estimable: every pair difference is the same, so its spread is zero"
    return t_estimate(float(d.mean()), sd / math.sqrt(n), float(n - 1), lower_is_better)


@dataclass(frozen=True)
class SerialT:
    estimate: Estimate
    r: float  # lag-1 autocorrelation of the pair differences
    rho: float  # after Fuller's bias correction (and the guard away from ±1)
    effective_n: float


def serial_t(diffs: tuple[float, ...], lower_is_better: bool = True) -> SerialT | str:
    """The serial t-test of Tang & Landes (PLOS ONE 2020;15(2):e0228077).

    It inflates the standard error of the mean difference for lag-1 autocorrelation between
    successive pair differences, with Fuller's (1996) bias-corrected estimate of ρ, and uses
    an effective sample size n' for the degrees of freedom (df = n' − 1, not an integer).
    With fewer than 4 pairs the lag-1 correlation is fixed or confined by n alone.
    """
    n = len(diffs)
    if n < 4:
        return "not estimable: the serial t-test needs at least 4 complete pairs"
    d = np.asarray(diffs)
    res = d - d.mean()
    rbar = res.mean()
    denom = float(np.sum((res - rbar) ** 2))
    if denom == 0.0:
        return "not estimable: every pair difference is the same, so its spread is zero"
    r = float(np.sum((res[:-1] - rbar) * (res[1:] - rbar)) / denom)
    rho = min(max(r + (1.0 - r**2) / (n - 1), -_RHO_GUARD), _RHO_GUARD)
    core = n + 2.0 * rho ** (n + 1) - n * rho**2 - 2.0 * rho
    c = core / (n**2 * (rho - 1.0) ** 2)
    b = (n - core / (n * (rho - 1.0) ** 2)) / (n - 1)
    if b <= 0.0 or c <= 0.0:
        return "not estimable: the autocorrelation correction breaks down for these differences"
    n_eff = 1.0 / (1.0 - (n - 1) * b / n)
    df = n_eff - 1.0
    if not math.isfinite(df) or df <= 0.0:
        return "not estimable: the effective number of pairs is too small"
    se = float(np.std(d, ddof=1)) * math.sqrt(c / b)
    est = t_estimate(float(d.mean()), se, df, lower_is_better)
    return SerialT(estimate=est, r=r, rho=rho, effective_n=n_eff)


@dataclass(frozen=True)
class Randomisation:
    statistic: float  # the observed mean pair difference
    p_two_sided: float
    p_a_better: float  # one-sided, direction "A better"
    n_arrangements: int
    smallest_p_two_sided: float  # 2^(1−k)
    smallest_p_one_sided: float  # 2^(−k)


def randomisation_test(
    diffs: tuple[float, ...], lower_is_better: bool = True
) -> Randomisation | str:
    """Exact randomisation test for designs randomised by pair (Edgington & Onghena,
    *Randomization Tests*, 4th ed., 2007, ch. 11).

    Under the sharp null of no effect on any day, swapping the order within pair k only flips
    the sign of d_k; all 2^k sign patterns are enumerated and the mean difference compared.
    """
    k = len(diffs)
    if k < 1:
        return "not estimable: no complete pair"
    if k > MAX_ENUMERATED_PAIRS:
        return f"not computed: more than {MAX_ENUMERATED_PAIRS} pairs to enumerate"
    d = np.asarray(diffs)
    signs = np.array(list(itertools.product((1.0, -1.0), repeat=k)))
    means = signs @ d / k
    observed = float(d.mean())
    tol = 1e-9 * max(1.0, float(np.abs(d).max()))
    two = float(np.mean(np.abs(means) >= abs(observed) - tol))
    below = float(np.mean(means <= observed + tol))
    above = float(np.mean(means >= observed - tol))
    return Randomisation(
        statistic=observed,
        p_two_sided=two,
        p_a_better=below if lower_is_better else above,
        n_arrangements=2**k,
        smallest_p_two_sided=2.0 ** (1 - k),
        smallest_p_one_sided=2.0 ** (-k),
    )
