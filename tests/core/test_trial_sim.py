"""The design-time simulation: the same numbers as the exact analysis, and honest error rates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from unknot.core import trial_sim as ts
from unknot.core.nof1.ar1 import RHO_GRID
from unknot.core.nof1.bayes import posterior
from unknot.core.nof1.data import Series
from unknot.core.trial import Design


@pytest.mark.parametrize("trend", [False, True])
def test_trial_sim_agrees_with_the_exact_posterior_dataset_by_dataset(trend: bool) -> None:
    rng = np.random.default_rng(3)
    day = np.arange(1, 43, dtype=np.int64)
    arms = ts.arms_of(("AB", "BA", "BA"), 7)
    x = ts.model_matrix(arms, day, trend)
    y = 5.0 - 0.8 * x[:, 1:2] + ts.ar1_noise(rng, 42, 12, 1.3, 0.6)
    got = ts.p_delta_below_zero(y, x, ts.precision_parts(day, RHO_GRID))
    for s in range(y.shape[1]):
        expected = posterior(Series(day, arms, y[:, s]), trend=trend).cdf(0.0)
        assert got[s] == pytest.approx(expected, abs=1e-9)


def test_trial_sim_false_positive_rate_is_close_to_nominal_on_null_data() -> None:
    """δ = 0, 8,000 simulated trials: the share concluding "A better" is at most 5 % plus
    3 Monte Carlo SEs, and not far below it (the threshold 0.975 was calibrated to hold 5 %
    over autocorrelations from −0.4 to 0.9; at ρ = 0.5 the rate is about 3 %)."""
    n = 8000
    [rate] = ts.simulate(Design(), [0.0], 1.0, 0.5, n, seed=11)
    mc_se = math.sqrt(0.05 * 0.95 / n)
    assert 0.015 <= rate <= 0.05 + 3 * mc_se


def test_trial_sim_power_grows_with_the_effect_and_the_design() -> None:
    weak, strong = ts.simulate(Design(pairs=2), [-1.0, -2.0], 1.5, 0.6, 1000)
    assert weak < strong
    [longer] = ts.simulate(Design(pairs=4, period_days=14), [-1.0], 1.5, 0.6, 1000)
    assert longer > weak


def test_trial_sim_default_design_is_vectorised(monkeypatch: pytest.MonkeyPatch) -> None:
    """The posterior is computed for all simulated trials of one allocation sequence at once:
    one call per sequence (8 for three pairs), not one per simulated trial."""
    calls: list[int] = []
    real = ts.p_delta_below_zero

    def counted(y: np.ndarray, *args: object, **kwargs: object) -> np.ndarray:
        calls.append(y.shape[1])
        return real(y, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ts, "p_delta_below_zero", counted)
    ts.simulate(Design(), [-2.0], 1.0, 0.5, 2000)
    assert len(calls) <= 2 ** Design().pairs and sum(calls) == 2000


def test_trial_sim_weak_design_gets_a_suggestion() -> None:
    noisy = ts.Noise(2.5, 0.7, "own", 30)
    check = ts.check(Design(pairs=2, mcid=1.0), noisy, n_sims=400)
    assert check.weak and check.suggestion is not None
    assert (check.suggestion.pairs, check.suggestion.period_days) != (2, 7)


def test_trial_sim_noise_needs_21_days() -> None:
    assert ts.noise_from([5.0] * 20) == ts.DEFAULT_NOISE
    rng = np.random.default_rng(5)
    series = 5 + ts.ar1_noise(rng, 200, 1, 1.0, 0.6)[:, 0]
    own = ts.noise_from([float(v) for v in series])
    assert own.source == "own" and own.days == 200
    assert 0.4 < own.rho < 0.8 and 0.8 < own.sigma < 1.2
    flat = ts.noise_from([4.0] * 30)
    assert flat.sigma == 0.5 and flat.rho == 0.0
