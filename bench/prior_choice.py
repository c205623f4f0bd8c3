"""Choosing the priors of the trial analysis by simulation (issue 16, finding 1 and 2).

Run: ``nice -n 19 uv run python bench/prior_choice.py [--sims 4000] [--out FILE.json]``

For each design (2 pairs x 7 days, the default 3 pairs x 7 days, 4 pairs x 14 days), each true
autocorrelation ρ in {−0.4, 0, 0.3, 0.5, 0.7, 0.9} and each candidate prior (the δ prior's
variance ratio g in {1, 2, 4, 100}, with the σ² prior Inverse-Gamma(1, 1) or the scale-free
1/σ²), the script simulates trials with the true δ = 0 and δ = −MCID (MCID 2, innovation SD
σ = 1, stationary AR(1) errors, unrounded ratings, each pair AB or BA with probability 1/2)
and computes the exact posterior of every dataset (the posterior alone: the same arithmetic as
``bayes.posterior``, batched). Every prior sees the same datasets of a cell (common random
numbers). Reported per cell:

* ``fpr``: the share of null trials where the rule "A better when P(δ < 0) ≥ 0.95" fires;
* ``power``: the same share at δ = −MCID;
* ``bias``: mean posterior median − true δ at δ = −MCID (and the mean of P(A better by ≥ MCID));
* ``thr95``: the threshold that P(δ < 0) would need for a 5 % false-positive rate (the null
  trials' 95th percentile of P(δ < 0)).

Monte Carlo standard errors: √(p(1 − p)/S) for the rates, SD/√S for the bias.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import time
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln

from unknot.core import trial_sim as ts
from unknot.core.nof1.ar1 import RHO_GRID
from unknot.core.nof1.bayes import Prior

DESIGNS = ((2, 7), (3, 7), (4, 14))
RHOS = (-0.4, 0.0, 0.3, 0.5, 0.7, 0.9)
PRIORS = {
    f"g={g:g}, {name}": Prior(g=g, a0=a, b0=b)
    for g in (1.0, 2.0, 4.0, 100.0)
    for name, a, b in (("IG(1,1)", 1.0, 1.0), ("1/sigma2", 0.0, 0.0))
}
MCID = 2.0
SIGMA = 1.0
SEED = 20261202
THRESHOLDS = (0.95, 0.96, 0.97, 0.975, 0.98)


def median(post: ts.BatchPosterior, steps: int = 8) -> np.ndarray:
    """The posterior median per dataset, by Newton's method on the mixture CDF from the mean."""
    v = post.mean()
    nu = post.df
    const = gammaln((nu + 1) / 2) - gammaln(nu / 2) - 0.5 * math.log(nu * math.pi)
    for _ in range(steps):
        z = (v[None, :] - post.loc) / post.scale
        dens = np.exp(const - (nu + 1) / 2 * np.log1p(z**2 / nu)) / post.scale
        pdf = (post.weight * dens).sum(axis=0)
        v = v - (post.cdf(v) - 0.5) / np.maximum(pdf, 1e-12)
    return v


@dataclass
class Cell:
    fpr: float
    fpr_se: float
    thr95: float
    power: float
    power_se: float
    bias: float
    bias_se: float
    p_by_mcid: float
    at_threshold: dict[str, list[float]]  # threshold -> [false-positive rate, power]


def run_cell(pairs: int, period: int, rho: float, n_sims: int) -> dict[str, Cell]:
    n = 2 * pairs * period
    day = np.arange(1, n + 1, dtype=np.int64)
    parts = ts.precision_parts(day, RHO_GRID)
    sequences = list(itertools.product(("AB", "BA"), repeat=pairs))
    xs = [ts.model_matrix(ts.arms_of(seq, period), day, False) for seq in sequences]
    seed = SEED + 1000 * pairs + 10 * period + round(100 * rho)
    rng = np.random.default_rng(seed)
    which = rng.integers(0, len(sequences), n_sims)
    noise = ts.ar1_noise(rng, n, n_sims, SIGMA, rho)
    out = {}
    for label, prior in PRIORS.items():
        fixed = [ts._fixed(x, parts[0], parts[1], ts.prior_precision(2, prior)) for x in xs]
        p_null = np.empty(n_sims)
        p_alt = np.empty(n_sims)
        p_mcid = np.empty(n_sims)
        med = np.empty(n_sims)
        for k, (x, f) in enumerate(zip(xs, fixed, strict=True)):
            cols = np.flatnonzero(which == k)
            if cols.size == 0:
                continue
            y0 = 5.0 + noise[:, cols]
            p_null[cols] = ts.batch_posterior(y0, x, parts, fixed=f, prior=prior).cdf(0.0)
            y1 = y0 - MCID * x[:, 1:2]  # x[:, 1] is x_t/2: δ = −MCID
            post = ts.batch_posterior(y1, x, parts, fixed=f, prior=prior)
            p_alt[cols] = post.cdf(0.0)
            p_mcid[cols] = post.cdf(-MCID)
            med[cols] = median(post)
        fpr = float(np.mean(p_null >= 0.95))
        power = float(np.mean(p_alt >= 0.95))
        bias = med + MCID
        out[label] = Cell(
            fpr=fpr,
            fpr_se=math.sqrt(fpr * (1 - fpr) / n_sims),
            thr95=float(np.quantile(p_null, 0.95)),
            power=power,
            power_se=math.sqrt(power * (1 - power) / n_sims),
            bias=float(bias.mean()),
            bias_se=float(bias.std(ddof=1) / math.sqrt(n_sims)),
            p_by_mcid=float(p_mcid.mean()),
            at_threshold={
                f"{t:g}": [float(np.mean(p_null >= t)), float(np.mean(p_alt >= t))]
                for t in THRESHOLDS
            },
        )
    return out


def table(path: str, threshold: str = "0.975") -> None:
    """Markdown tables from a saved run: per design and prior, the worst cell over ρ."""
    with open(path) as fh:
        saved = json.load(fh)
    rows, n = saved["rows"], saved["sims"]
    print(
        f"| design | prior | FPR at 0.95, worst ρ (+2 SE) | FPR at {threshold}, worst (+2 SE) "
        f"| power at −MCID, worst ρ, 0.95 / {threshold} | mean bias at −MCID, range over ρ "
        "| mean P(by ≥ MCID) at −MCID |"
    )
    print("|---|---|---|---|---|---|---|")
    for (pairs, period), label in itertools.product(DESIGNS, PRIORS):
        cells = [r for r in rows if r["design"] == f"{pairs}x{period}" and r["prior"] == label]
        if not cells:
            continue
        worst = max(cells, key=lambda r: r["fpr"])
        calibrated = max(r["at_threshold"][threshold][0] for r in cells)
        se_cal = math.sqrt(calibrated * (1 - calibrated) / n)
        power = min(r["power"] for r in cells)
        power_cal = min(r["at_threshold"][threshold][1] for r in cells)
        biases = [r["bias"] for r in cells]
        by = [r["p_by_mcid"] for r in cells]
        print(
            f"| {pairs}×{period} d | {label} | {worst['fpr']:.3f} (ρ {worst['rho']:g}; "
            f"{worst['fpr'] + 2 * worst['fpr_se']:.3f}) | {calibrated:.3f} "
            f"({calibrated + 2 * se_cal:.3f}) | {power:.3f} / {power_cal:.3f} "
            f"| {min(biases):+.3f} to {max(biases):+.3f} | {min(by):.2f} to {max(by):.2f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=4000)
    parser.add_argument("--out", default="")
    parser.add_argument("--table", default="", help="print the tables of a saved --out file")
    parser.add_argument("--designs", default="", help="e.g. 3x7 to run one design only")
    args = parser.parse_args()
    if args.table:
        table(args.table)
        return
    chosen = [d for d in DESIGNS if not args.designs or f"{d[0]}x{d[1]}" in args.designs]
    results = []
    began = time.perf_counter()
    for pairs, period in chosen:
        for rho in RHOS:
            cells = run_cell(pairs, period, rho, args.sims)
            for label, c in cells.items():
                row = {"design": f"{pairs}x{period}", "rho": rho, "prior": label, **vars(c)}
                results.append(row)
                print(
                    f"{pairs}x{period} rho={rho:+.1f} {label:18s} fpr {c.fpr:.4f}±{c.fpr_se:.4f}"
                    f" thr95 {c.thr95:.3f} power {c.power:.3f} bias {c.bias:+.3f}±{c.bias_se:.3f}"
                    f" P(by MCID) {c.p_by_mcid:.3f}",
                    flush=True,
                )
    print(f"{args.sims} datasets per cell; {time.perf_counter() - began:.0f} s")
    if args.out:
        with open(args.out, "w") as fh:
            json.dump({"sims": args.sims, "seed": SEED, "rows": results}, fh, indent=1)


if __name__ == "__main__":
    main()
