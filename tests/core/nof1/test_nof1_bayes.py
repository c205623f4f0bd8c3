"""The conjugate posterior given ρ agrees with brute-force numerical integration.

The brute force uses the dense AR(1) correlation matrix of the observed days (not the
whitening), the priors written out as densities, and a plain 3-D grid over (m, δ, log σ²).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from unknot.core.nof1.ar1 import correlation_matrix
from unknot.core.nof1.bayes import PRIMARY, Prior, posterior
from unknot.core.nof1.data import Series
from unknot.errors import ValidationError

DAYS = np.array([1, 2, 3, 4, 6, 7, 8, 9, 10, 13, 14], dtype=np.int64)
X = np.array([1, 1, 1, 1, -1, -1, -1, 1, 1, -1, -1], dtype=np.float64)
Y = np.array([4.0, 5.0, 3.5, 4.5, 6.0, 6.5, 5.0, 4.0, 3.0, 5.5, 6.0])
SERIES = Series(DAYS, X, Y)
PRIORS = [PRIMARY, Prior(g=1.0, a0=1.0, b0=1.0)]  # the chosen one and the first version's


def _log_sigma2_prior(s2: np.ndarray, prior: Prior) -> np.ndarray:
    if prior.a0 == prior.b0 == 0.0:
        return np.asarray(-np.log(s2))  # p(σ²) ∝ 1/σ²
    return np.asarray(stats.invgamma.logpdf(s2, prior.a0, scale=prior.b0))


def _brute_force(rho: float, prior: Prior = PRIMARY) -> tuple[np.ndarray, np.ndarray, float]:
    """Marginal posterior density of δ on a grid, and the total (unnormalised) mass."""
    vinv = np.linalg.inv(correlation_matrix(DAYS, rho))
    log_det_v = np.linalg.slogdet(correlation_matrix(DAYS, rho))[1]
    m = np.linspace(-1.0, 11.0, 161)
    d = np.linspace(-7.0, 5.0, 301)
    log_s2 = np.linspace(-5.0, 4.0, 121)
    resid = Y[None, None, :] - m[:, None, None] - d[None, :, None] * X[None, None, :] / 2
    q = np.einsum("abi,ij,abj->ab", resid, vinv, resid)
    s2 = np.exp(log_s2)[None, None, :]
    n = Y.size
    log_joint = (
        -0.5 * n * np.log(s2)
        - 0.5 * log_det_v
        - q[:, :, None] / (2 * s2)
        + stats.norm.logpdf(d[None, :, None], 0.0, prior.g * np.sqrt(s2))
        + _log_sigma2_prior(s2, prior)
        + np.log(s2)  # Jacobian of the log σ² grid
        - 0.5 * n * np.log(2 * np.pi)
    )
    dens = np.exp(log_joint)
    step = (m[1] - m[0]) * (log_s2[1] - log_s2[0])
    marg = dens.sum(axis=(0, 2)) * step
    mass = float(np.trapezoid(marg, d))
    return d, marg / mass, mass


@pytest.mark.parametrize("prior", PRIORS)
@pytest.mark.parametrize("rho", [-0.4, 0.0, 0.6])
def test_posterior_given_rho_matches_numerical_integration(rho: float, prior: Prior) -> None:
    grid, density, _ = _brute_force(rho, prior)
    post = posterior(SERIES, rho=np.array([rho]), prior=prior)
    cdf = np.concatenate(([0.0], np.cumsum((density[1:] + density[:-1]) / 2 * np.diff(grid))))
    assert post.mean() == pytest.approx(np.trapezoid(grid * density, grid), abs=2e-3)
    assert post.cdf(0.0) == pytest.approx(np.interp(0.0, grid, cdf), abs=2e-3)
    for q in (0.025, 0.5, 0.975):
        assert post.quantile(q) == pytest.approx(np.interp(q, cdf, grid), abs=5e-3)


def test_rho_weights_match_ratio_of_integrated_likelihoods() -> None:
    rhos = np.array([-0.4, 0.6])
    masses = [_brute_force(float(r))[2] for r in rhos]  # under the primary prior
    post = posterior(SERIES, rho=rhos)
    assert post.weight[1] / post.weight[0] == pytest.approx(masses[1] / masses[0], rel=3e-3)


def test_mixture_quantiles_invert_the_cdf() -> None:
    post = posterior(SERIES)
    for q in (0.025, 0.5, 0.975):
        assert post.cdf(post.quantile(q)) == pytest.approx(q, abs=1e-9)
    assert post.weight.sum() == pytest.approx(1.0)


def test_constant_ratings_are_a_clear_error_under_the_scale_free_prior() -> None:
    """With p(σ²) ∝ 1/σ² ratings that never vary leave σ unknown: no posterior, a clear error."""
    with pytest.raises(ValidationError, match="no day-to-day variation"):
        posterior(Series(DAYS, X, np.full(DAYS.size, 4.0)))
    old = posterior(Series(DAYS, X, np.full(DAYS.size, 4.0)), prior=PRIORS[1])
    assert old.quantile(0.5) == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("k", [10.0, 0.1, -3.0, 1e4])
def test_multiplying_every_rating_by_k_multiplies_the_posterior_of_delta_by_k(k: float) -> None:
    """The primary prior is scale-free: ratings × k gives δ's posterior × k (to 1e-9)."""
    base = posterior(SERIES)
    scaled = posterior(Series(DAYS, X, Y * k))
    for q in (0.025, 0.5, 0.975):
        # a negative k also reverses the order of the quantiles
        expected = k * base.quantile(q if k > 0 else 1.0 - q)
        assert scaled.quantile(q) == pytest.approx(expected, rel=1e-9, abs=1e-9 * abs(k))
    assert scaled.mean() == pytest.approx(k * base.mean(), rel=1e-9, abs=1e-12)
    np.testing.assert_allclose(scaled.weight, base.weight, rtol=1e-9, atol=1e-15)


def test_overflowing_likelihood_is_a_clear_error_not_nan() -> None:
    """1e300 squared overflows: every ρ weight would be NaN. A ValidationError says so."""
    day = np.arange(1, 9, dtype=np.int64)
    x = np.array([1.0, 1, -1, -1, 1, 1, -1, -1])
    y = np.array([1e300, 3, 4, 5, 6, 7, 8, 9.0])
    with pytest.raises(ValidationError, match="cannot be computed for these ratings"):
        posterior(Series(day, x, y))
