"""How often the two-week rule says what, by simulation (issue 16, finding 3).

Run: ``nice -n 19 uv run python bench/two_week_rule.py [--sims 4000]``

What is measured: the rule alone, ``insights_pain.clinician_check`` as the report calls it
(docs/benchmarks.md has the figures of the earlier rule, a fixed 1-point fall, and this one),
on 21 days of whole-number daily pain round(clip(level_t + e_t, 0, 10)) with one rating a day.
e_t is stationary AR(1) with correlation ρ and marginal SD σ (before rounding). The level is
4 on days −20 … −14 (the earlier week), falls in a straight line to 4 − Δ by day −6 and stays
there for the last 7 days, so the true difference of the two weekly means is exactly −Δ.

For each cell: the share of datasets where the rule says "improved" (no prompt) and the share
where it prompts ("not improved" or "worse"). Targets (the issue): under no change "improved"
at most 5 % (estimate + 2 Monte Carlo SE); the chance of a prompt after a true 1- and 2-point
fall is stated. Monte Carlo SE √(p(1 − p)/S). Fixed seeds.
"""

from __future__ import annotations

import argparse
import math
import time
from datetime import date, timedelta

import numpy as np

from unknot.core import insights_pain
from unknot.core.insights import DayPain, clinician_check

TODAY = date(2026, 3, 31)
DAYS = 21  # days −20 … 0


def levels(fall: float) -> np.ndarray:
    """The true daily level: 4 for the earlier week, 4 − fall for the last week."""
    out = np.empty(DAYS)
    for i in range(DAYS):
        ago = DAYS - 1 - i
        share = min(max((14 - ago) / 8, 0.0), 1.0)  # 0 up to day −14, 1 from day −6
        out[i] = 4.0 - fall * share
    return out


def kinds(rho: float, sigma: float, fall: float, sims: int, seed: int) -> dict[str, int]:
    rng = np.random.default_rng(seed)
    innovation = sigma * math.sqrt(1 - rho**2)
    level = levels(fall)
    counts: dict[str, int] = {}
    for _ in range(sims):
        e = np.empty(DAYS)
        e[0] = rng.normal(0, sigma)
        for t in range(1, DAYS):
            e[t] = rho * e[t - 1] + rng.normal(0, innovation)
        pain = np.clip(np.round(level + e), 0, 10)
        days = {}
        for i, value in enumerate(pain):
            day = TODAY - timedelta(DAYS - 1 - i)
            days[day] = DayPain(day, float(value), int(value), None, "checkin", 0)
        kind = clinician_check(days, TODAY).kind
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def share(count: int, sims: int) -> str:
    p = count / sims
    return f"{p:.3f} ± {math.sqrt(p * (1 - p) / sims):.3f}"


def choose(sims: int) -> None:
    """The worst no-change "improved" rate (+ 2 SE) over ρ and σ, for each spread factor."""
    for factor in (2.0, 2.5, 3.0, 3.5, 4.0):
        insights_pain.CLINICIAN_SPREAD_FACTOR = factor
        worst = 0.0
        for rho in (0.0, 0.5, 0.8):
            for sigma in (0.5, 1.0, 1.5, 2.0):
                found = kinds(rho, sigma, 0.0, sims, 3600 + int(100 * rho) + int(10 * sigma))
                p = found.get("improved", 0) / sims
                worst = max(worst, p + 2 * math.sqrt(p * (1 - p) / sims))
        print(f"factor {factor:g}: worst 'improved' under no change + 2 SE = {worst:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=4000)
    parser.add_argument("--choose", action="store_true", help="compare spread factors")
    args = parser.parse_args()
    began = time.perf_counter()
    if args.choose:
        choose(args.sims)
        print(f"{args.sims} datasets per cell; {time.perf_counter() - began:.0f} s")
        return
    print(
        "| ρ | σ | no change: says improved | no change: prompt "
        "| true 1-point fall: prompt | true 2-point fall: prompt |"
    )
    print("|---|---|---|---|---|---|")
    for rho in (0.0, 0.5, 0.8):
        for sigma in (0.5, 1.0, 2.0):
            seed = 2600 + int(100 * rho) + int(10 * sigma)
            found = [
                kinds(rho, sigma, fall, args.sims, seed + k) for k, fall in enumerate((0, 1, 2))
            ]
            prompt = [c.get("not_improved", 0) + c.get("worse", 0) for c in found]
            print(
                f"| {rho:g} | {sigma:g} | {share(found[0].get('improved', 0), args.sims)} "
                f"| {share(prompt[0], args.sims)} | {share(prompt[1], args.sims)} "
                f"| {share(prompt[2], args.sims)} |",
                flush=True,
            )
    print(f"{args.sims} datasets per cell; {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
