"""Paired t, the Tang & Landes serial t and the exact randomisation test, checked by hand."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy import stats

from unknot.core.nof1.classical import Estimate
from unknot.core.nof1.pair_tests import (
    Randomisation,
    SerialT,
    paired_t,
    randomisation_test,
    serial_t,
)


def test_paired_t_matches_scipy_ttest_rel() -> None:
    a = np.array([4.1, 5.3, 3.9, 4.4])
    b = np.array([5.0, 5.1, 5.2, 6.0])
    ref = stats.ttest_rel(a, b)
    est = paired_t(tuple(a - b))
    assert isinstance(est, Estimate)
    assert est.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert est.p_two_sided == pytest.approx(ref.pvalue, rel=1e-12)
    assert est.p_a_better == pytest.approx(stats.ttest_rel(a, b, alternative="less").pvalue)
    assert est.df == 3


def test_paired_t_higher_is_better_names_the_other_tail() -> None:
    est = paired_t((1.0, 2.0, 0.5), lower_is_better=False)
    assert isinstance(est, Estimate)
    assert est.p_a_better == pytest.approx(
        stats.ttest_1samp([1.0, 2.0, 0.5], 0, alternative="greater").pvalue
    )


def test_paired_t_with_two_pairs_has_one_degree_of_freedom() -> None:
    est = paired_t((1.0, 3.0))
    assert isinstance(est, Estimate)
    assert est.df == 1
    assert est.ci_high - est.estimate == pytest.approx(12.7062 * est.se, rel=1e-4)


@pytest.mark.parametrize("diffs", [(1.0,), (2.0, 2.0, 2.0)])
def test_paired_t_not_estimable(diffs: tuple[float, ...]) -> None:
    assert isinstance(paired_t(diffs), str)


def test_serial_t_hand_worked_four_pairs() -> None:
    """d = (1, 3, 2, 5): mean 2.75, residuals (−1.75, 0.25, −0.75, 2.25).

    r = (−0.4375 − 0.1875 − 1.6875) / 8.75 = −37/140; Fuller: ρ = r + (1 − r²)/3 = 897/19600.
    c is the variance of the mean of an AR(1) series per unit variance, Σ_ij ρ^|i−j| / n², and
    b = E[s²]/σ² = (n − n·c)/(n − 1): both recomputed here from the correlation matrix.
    """
    d = (1.0, 3.0, 2.0, 5.0)
    result = serial_t(d)
    assert isinstance(result, SerialT)
    assert result.r == pytest.approx(float(Fraction(-37, 140)), rel=1e-12)
    rho = float(Fraction(897, 19600))
    assert result.rho == pytest.approx(rho, rel=1e-12)
    lag = np.abs(np.subtract.outer(np.arange(4), np.arange(4)))
    c = (rho**lag).sum() / 16
    b = (4 - 4 * c) / 3
    se = np.std(d, ddof=1) * np.sqrt(c / b)
    n_eff = 1 / (1 - 3 * b / 4)
    assert result.estimate.se == pytest.approx(se, rel=1e-10)
    assert result.estimate.df == pytest.approx(n_eff - 1, rel=1e-10)
    assert result.estimate.p_a_better == pytest.approx(stats.t.cdf(2.75 / se, n_eff - 1))


def test_serial_t_not_estimable_below_four_pairs_or_without_spread() -> None:
    assert "4 complete pairs" in str(serial_t((1.0, 2.0, 3.0)))
    assert isinstance(serial_t((1.0, 1.0, 1.0, 1.0)), str)


def test_serial_t_guards_rho_near_one() -> None:
    """A straight ramp of 400 differences has r = 0.9925; Fuller's ρ would pass 0.99."""
    result = serial_t(tuple(float(k) for k in range(400)))
    assert isinstance(result, SerialT)
    assert result.r > 0.99 and result.rho == 0.99
    assert np.isfinite(result.estimate.se) and result.estimate.df > 0


def test_serial_t_with_four_pairs_can_have_df_below_one() -> None:
    result = serial_t((1.0, 2.0, 3.0, 4.0))
    assert isinstance(result, SerialT)
    assert result.rho == pytest.approx(0.5625) and 0 < result.estimate.df < 1


def test_randomisation_two_pairs_by_hand() -> None:
    """d = (2, −1): sign patterns give means 0.5, 1.5, −1.5, −0.5; observed 0.5."""
    result = randomisation_test((2.0, -1.0))
    assert isinstance(result, Randomisation)
    assert result.p_two_sided == 1.0
    assert result.p_a_better == 0.75
    assert result.smallest_p_two_sided == 0.5 and result.n_arrangements == 4


def test_randomisation_three_pairs_by_hand() -> None:
    """d = (−1, −2, −3): means over the 8 patterns are ±2, ±4/3, ±2/3, 0, 0; observed −2."""
    result = randomisation_test((-1.0, -2.0, -3.0))
    assert isinstance(result, Randomisation)
    assert result.p_two_sided == 0.25
    assert result.p_a_better == 0.125
    assert result.smallest_p_two_sided == 0.25 and result.smallest_p_one_sided == 0.125


def test_randomisation_higher_is_better_counts_the_upper_tail() -> None:
    result = randomisation_test((1.0, 2.0, 3.0), lower_is_better=False)
    assert isinstance(result, Randomisation)
    assert result.p_a_better == 0.125


def test_randomisation_four_pairs_can_never_reach_005() -> None:
    result = randomisation_test((-5.0, -6.0, -7.0, -8.0))
    assert isinstance(result, Randomisation)
    assert result.p_two_sided == result.smallest_p_two_sided == 0.125
