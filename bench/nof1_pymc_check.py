"""Check the exact grid posterior of δ against PyMC's NUTS on the same model (issue 7).

Run (PyMC is an optional dependency group, not needed by the test suite):

    uv run --group pymc python bench/nof1_pymc_check.py [--draws 5000 --chains 4]

Same likelihood and priors as :mod:`unknot.core.nof1.bayes`: y_t = m + (δ/2)x_t (+ β·trend_t)
+ e_t, stationary AR(1) errors over the observed days (gaps by the exact gap formula), m flat,
δ | σ ~ N(0, σ²), β | σ ~ N(0, σ²), σ² ~ Inverse-Gamma(1, 1). ρ: the exact analysis puts equal
mass on the 199 grid points −0.99, −0.98, …, 0.99; PyMC cannot sample a discrete ρ with NUTS,
so it gets the continuous uniform on (−0.995, 0.995) that the grid discretises by the midpoint
rule. Criteria: ≥ 20,000 draws; |posterior mean difference| ≤ 0.05; each 95 % interval end
within max(0.1, 3 Monte Carlo standard errors). Speed: PyMC's own ``sampling_time`` (tuning and
drawing; import and compilation excluded) against the exact posterior, timed in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from unknot.core.nof1.bayes import PRIMARY, Posterior, design, posterior
from unknot.core.nof1.data import DailyTrial, Day, Series, daily_trial, observed_series
from unknot.services.trial.csv_file import ColumnMap, read_trial_file

sys.path.insert(0, str(Path(__file__).parent))
from nof1_speed import trial_84_days

FIXTURES = Path(__file__).parents[2] / "shared" / "data" / "nof1"


@dataclass(frozen=True)
class Case:
    name: str
    series: Series
    trend: bool = False


def simulated(n_pairs: int, period: int, rho: float, delta: float, seed: int) -> DailyTrial:
    rng = np.random.default_rng(seed)
    arms = [a for _ in range(n_pairs) for a in ("AB" if rng.random() < 0.5 else "BA")
            for _ in range(period)]  # fmt: skip
    e = np.zeros(len(arms))
    for t in range(len(arms)):
        e[t] = (rho * e[t - 1] if t else 0.0) + rng.normal()
    return daily_trial(
        Day(t + 1, arm, round(5 + (delta / 2 if arm == "A" else -delta / 2) + e[t], 1),
            t // (2 * period) + 1)
        for t, arm in enumerate(arms)
    )  # fmt: skip


def cases() -> list[Case]:
    nof1ins = read_trial_file(
        FIXTURES / "nof1ins_readme_example_daily.csv",
        ColumnMap(arm="treat", outcome="y", pair="block", a_label="1", b_label="2"),
    )
    laughter = read_trial_file(
        FIXTURES / "nof1_laughter.csv",
        ColumnMap(day="obs", arm="treat", outcome="y", a_label="Laughter", b_label=None),
    )
    assert isinstance(nof1ins, DailyTrial) and isinstance(laughter, DailyTrial)
    return [
        Case("nof1ins README example (fixture)", observed_series(nof1ins)),
        Case("nof1 laughter (fixture)", observed_series(laughter)),
        Case("nof1ins example, with trend", observed_series(nof1ins), trend=True),
        Case("simulated 84 days, 5 missing", observed_series(trial_84_days())),
        Case("simulated 3 pairs x 7 d, rho 0.8", observed_series(simulated(3, 7, 0.8, -2, 3))),
        Case("simulated 2 pairs x 14 d, rho -0.4", observed_series(simulated(2, 14, -0.4, 1, 5))),
    ]


def pymc_draws(
    case: Case, draws: int, chains: int, seed: int
) -> tuple[np.ndarray, dict[str, float]]:
    import arviz as az
    import pymc as pm
    import pytensor.tensor as pt

    y = case.series.y - case.series.y.mean()
    x = design(case.series, case.trend)
    gaps = np.diff(case.series.day).astype("int64")
    with pm.Model():
        m = pm.Flat("m")
        # p(σ²) ∝ 1/σ² is a flat prior on log σ² (bayes.PRIMARY: a0 = b0 = 0)
        log_sigma2 = pm.Flat("log_sigma2")
        sigma = pt.exp(log_sigma2 / 2)
        g = PRIMARY.g
        delta = pm.Normal("delta", 0.0, g * sigma)
        mu = m + delta * x[:, 1]
        if case.trend:
            mu = mu + pm.Normal("beta", 0.0, g * sigma) * x[:, 2]
        rho = pm.Uniform("rho", -0.995, 0.995)
        a = rho**gaps
        cond_mu = pt.concatenate([mu[:1], mu[1:] + a * (y[:-1] - mu[:-1])])
        cond_sd = sigma * pt.concatenate(
            [pt.stack([1.0 / pt.sqrt(1 - rho**2)]), pt.sqrt((1 - a**2) / (1 - rho**2))]
        )
        pm.Normal("y", mu=cond_mu, sigma=cond_sd, observed=y)
        idata = pm.sample(
            draws=draws, tune=2000, chains=chains, cores=min(chains, 2), target_accept=0.95,
            random_seed=seed, progressbar=False, compute_convergence_checks=False,
        )  # fmt: skip
    stats = {
        "mcse_lo": float(
            az.mcse(idata, var_names=["delta"], method="quantile", prob=0.025)["delta"]
        ),
        "mcse_hi": float(
            az.mcse(idata, var_names=["delta"], method="quantile", prob=0.975)["delta"]
        ),
        "mcse_mean": float(az.mcse(idata, var_names=["delta"])["delta"]),
        "ess": float(az.ess(idata, var_names=["delta"])["delta"]),
        "rhat": float(az.rhat(idata, var_names=["delta"])["delta"]),
        "divergent": float(idata.sample_stats["diverging"].sum()),
        "seconds": float(idata.sample_stats.attrs["sampling_time"]),
    }
    return np.asarray(idata.posterior["delta"]).ravel(), stats


def exact_time_ms(case: Case, runs: int = 30) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        post = posterior(case.series, trend=case.trend)
        _summary(post)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _summary(post: Posterior) -> tuple[float, float, float, float]:
    return post.mean(), post.quantile(0.025), post.quantile(0.975), post.cdf(0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=5000, help="per chain")
    parser.add_argument("--chains", type=int, default=4)
    parser.add_argument("--only", default="", help="run only datasets whose name contains this")
    parser.add_argument("--seed", type=int, default=0, help="added to each dataset's seed")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    import pymc

    print(f"PyMC {pymc.__version__}; {args.chains} chains x {args.draws} draws = "
          f"{args.chains * args.draws} draws per dataset\n")  # fmt: skip
    print("| dataset | days | exact mean | PyMC mean (MCSE) | exact 2.5% | PyMC 2.5% (MCSE) "
          "| exact 97.5% | PyMC 97.5% (MCSE) | P(δ<0) exact / PyMC | R-hat, ESS, div. | agree "
          "| PyMC sampling | exact | speed-up |")  # fmt: skip
    print("|" + "---|" * 14)
    all_ok = True
    for seed, case in enumerate(cases(), start=1 + args.seed):
        if args.only not in case.name:
            continue
        mean, lo, hi, p_neg = _summary(posterior(case.series, trend=case.trend))
        draws, st = pymc_draws(case, args.draws, args.chains, seed)
        q_lo, q_hi = np.quantile(draws, [0.025, 0.975])
        ok = (
            abs(draws.mean() - mean) <= 0.05
            and abs(q_lo - lo) <= max(0.1, 3 * st["mcse_lo"])
            and abs(q_hi - hi) <= max(0.1, 3 * st["mcse_hi"])
        )
        all_ok &= ok
        ms = exact_time_ms(case)
        print(
            f"| {case.name} | {case.series.y.size} | {mean:.3f} | {draws.mean():.3f} "
            f"({st['mcse_mean']:.3f}) | {lo:.3f} | {q_lo:.3f} ({st['mcse_lo']:.3f}) | {hi:.3f} "
            f"| {q_hi:.3f} ({st['mcse_hi']:.3f}) | {p_neg:.3f} / {np.mean(draws < 0):.3f} "
            f"| {st['rhat']:.3f}, {st['ess']:.0f}, {st['divergent']:.0f} | {'yes' if ok else 'NO'} "
            f"| {st['seconds']:.2f} s | {ms:.2f} ms | {1000 * st['seconds'] / ms:.0f}x |",
            flush=True,
        )
    print("\nall datasets agree" if all_ok else "\nSOME DATASETS DISAGREE")


if __name__ == "__main__":
    main()
