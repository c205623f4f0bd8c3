"""Speed of the full N-of-1 analysis of an 84-day trial, in process, no plots (issue 7).

Run: ``uv run python bench/nof1_speed.py [--runs 200]``

The trial: 6 AB/BA pairs of 7-day periods (84 days), 5 missing days, an adherence column, so
every method runs (Bayesian primary at MCID 1 and 2, AR(1) regression, paired t, serial t,
randomisation test, carry-over, trend and per-protocol sensitivity analyses). Target ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from unknot.core.nof1.analysis import analyze
from unknot.core.nof1.data import DailyTrial, Day, daily_trial


def trial_84_days(seed: int = 7) -> DailyTrial:
    """6 pairs of 7-day periods, δ = −1.5, AR(1) errors with ρ = 0.5, σ = 1."""
    rng = np.random.default_rng(seed)
    orders = ["AB" if rng.random() < 0.5 else "BA" for _ in range(6)]
    arms = [arm for order in orders for arm in order for _ in range(7)]
    noise = np.zeros(84)
    for t in range(84):
        noise[t] = (0.5 * noise[t - 1] if t else 0.0) + rng.normal()
    missing = set(rng.choice(84, size=5, replace=False).tolist())
    days = [
        Day(
            day=t + 1,
            arm=arm,
            outcome=None if t in missing else round(5.0 + (-0.75 if arm == "A" else 0.75)
                                                    + noise[t], 1),
            pair=t // 14 + 1,
            adherent=bool(rng.random() > 0.1),
        )
        for t, arm in enumerate(arms)
    ]  # fmt: skip
    return daily_trial(days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    trial = trial_84_days()
    analyze(trial)  # warm-up: first calls load scipy's special functions
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = analyze(trial)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    methods = [m.name for m in result.methods if m.reason is None]
    print(f"84-day trial, full analysis, {args.runs} runs in process")
    print(f"methods run: {', '.join(methods)}; sensitivity: "
          f"{', '.join(s.name for s in result.sensitivity)}")  # fmt: skip
    print(f"median {statistics.median(times):.1f} ms, "
          f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms "
          f"(target <= 100 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
