"""Speed and calibration of the design-time simulation of a personal trial (issue 8).

Run: ``uv run python bench/trial_sim.py [--runs 7] [--sims 2000]``

Target: the default design (3 AB/BA pairs of 7-day periods) at most 2 s for 2,000 simulated
trials per effect size. Each run simulates the three effect sizes of the design check
(δ = −MCID, −1.5 × MCID, 0) with the default noise (σ = 1, ρ = 0.5), then the script prints the
time per effect size, and the false-positive rate on 20,000 null trials with its Monte Carlo SE.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import time

from unknot.core import trial_sim
from unknot.core.trial import Design


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sims", type=int, default=2000)
    args = parser.parse_args()
    print(f"CPUs: {os.cpu_count()}; load average: {os.getloadavg()[0]:.2f}")
    trial_sim.simulate(Design(), [0.0], 1.0, 0.5, 200)  # warm up (imports, caches)
    for design in (Design(), Design(pairs=4, period_days=14)):
        times = []
        for run in range(args.runs):
            began = time.perf_counter()
            shares = trial_sim.simulate(
                design, [-design.mcid, -1.5 * design.mcid, 0.0], 1.0, 0.5, args.sims, seed=run
            )
            times.append((time.perf_counter() - began) / 3)
        label = f"{design.pairs} pairs x {design.period_days} days"
        print(
            f"{label}: {args.sims} trials per effect size: median {statistics.median(times):.3f} s,"
            f" max {max(times):.3f} s per effect size; P(A better) at -MCID, -1.5 MCID, 0 = "
            + ", ".join(f"{s:.3f}" for s in shares)
        )
    n = 20_000
    [rate] = trial_sim.simulate(Design(), [0.0], 1.0, 0.5, n, seed=99)
    se = math.sqrt(rate * (1 - rate) / n)
    print(f"False-positive rate, default design, {n} null trials: {rate:.4f} (MC SE {se:.4f})")
    began = time.perf_counter()
    check = trial_sim.check(Design(pairs=2, mcid=1.0), trial_sim.Noise(2.0, 0.6, "own", 40))
    print(
        f"Weak design (2 pairs, MCID 1, sigma 2, rho 0.6): power {check.power:.3f}, suggestion "
        f"{check.suggestion}, whole check with the search {time.perf_counter() - began:.2f} s"
    )


if __name__ == "__main__":
    main()
