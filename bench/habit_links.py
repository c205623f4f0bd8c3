"""False "links" between habits and next-day pain, by simulation (issue 16, finding 5).

Run: ``nice -n 19 uv run python bench/habit_links.py [--sims 4000]``

Whole-number next-day pain round(clip(5 + e_t, 0, 10)) with stationary AR(1) e_t (innovation
SD 1), no true effect of any habit; four habits, each a Markov chain with P(yes) = 1/2 that keeps
yesterday's value with probability ``stay`` (0.5: no runs; 0.9: runs of 10 days on average).
A habit is compared when it has 14 days with and 14 without (as the report). For each cell:
the per-habit false-positive rate of the 95 % interval (before: the plain lag-1 ρ clipped at
0 and n − 2; after: ``insights_stats.ar1_difference``), and the family-wise rate — the share
of datasets where at least one compared habit looks linked — with the Bonferroni level of
``insights_effects.habit_links``. Monte Carlo SE √(p(1 − p)/S). Fixed seeds.
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np

from unknot.core import insights_stats as st


def _old(days: list[int], y: list[float], f: list[bool], level: float) -> bool:
    """The first version: lag-1 ρ clipped at 0, σ² over n − 2."""
    n1 = sum(f)
    n0 = len(f) - n1
    m1 = sum(v for v, g in zip(y, f, strict=True) if g) / n1
    m0 = sum(v for v, g in zip(y, f, strict=True) if not g) / n0
    res = [v - (m1 if g else m0) for v, g in zip(y, f, strict=True)]
    rho = min(max(st.lag1_correlation(days, res)[0], 0.0), st.RHO_MAX)
    w = [1.0 / n1 if g else -1.0 / n0 for g in f]
    quad = st.ar1_quadratic(days, w, rho)
    n_eff = len(f) * (1.0 / n1 + 1.0 / n0) / quad
    half = st.t_quantile(max(n_eff - 2.0, 1.0), level) * math.sqrt(
        sum(r * r for r in res) / (len(f) - 2) * quad
    )
    return abs(m1 - m0) > half


def _new(days: list[int], y: list[float], f: list[bool], level: float) -> bool:
    r = st.ar1_difference(days, y, f, level=level)
    return r is not None and (r.low > 0 or r.high < 0)


def cell(n: int, rho: float, stay: float, sims: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    days = list(range(n))
    per = {"old": [0, 0], "new": [0, 0]}
    fam = {"old": 0, "new": 0}
    families = 0
    for _ in range(sims):
        e = np.empty(n)
        e[0] = rng.normal(0, 1 / math.sqrt(1 - rho**2))
        for t in range(1, n):
            e[t] = rho * e[t - 1] + rng.normal()
        y = [float(v) for v in np.clip(np.round(5 + e), 0, 10)]
        habits = []
        for _h in range(4):
            flip = rng.random(n) >= stay
            f = [bool(rng.random() < 0.5)]
            for t in range(1, n):
                f.append(f[-1] != bool(flip[t]))
            if min(sum(f), n - sum(f)) >= 14:
                habits.append(f)
        if not habits:
            continue
        families += 1
        level = 1.0 - 0.05 / len(habits)
        for name, test in (("old", _old), ("new", _new)):
            per[name][1] += len(habits)
            hits95 = [test(days, y, f, 0.95) for f in habits]
            per[name][0] += sum(hits95)
            fam[name] += any(test(days, y, f, level) for f in habits)
    out = {"families": families}
    for name in ("old", "new"):
        out[f"{name}_per"] = per[name][0] / per[name][1]
        out[f"{name}_per_se"] = math.sqrt(
            out[f"{name}_per"] * (1 - out[f"{name}_per"]) / per[name][1]
        )
        out[f"{name}_fam"] = fam[name] / families
        out[f"{name}_fam_se"] = math.sqrt(out[f"{name}_fam"] * (1 - out[f"{name}_fam"]) / families)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sims", type=int, default=4000)
    args = parser.parse_args()
    began = time.perf_counter()
    print(
        "| days | ρ | stay | per-habit 95%: before | after "
        "| family-wise, Bonferroni: before method | after |"
    )
    print("|---|---|---|---|---|---|---|")
    for n in (60, 120):
        for rho in (0.0, 0.5, 0.8):
            for stay in (0.5, 0.9):
                seed = 1600 + n + int(100 * rho) + int(10 * stay)
                c = cell(n, rho, stay, args.sims, seed)
                print(
                    f"| {n} | {rho:g} | {stay:g} | {c['old_per']:.3f} ± {c['old_per_se']:.3f} "
                    f"| {c['new_per']:.3f} ± {c['new_per_se']:.3f} "
                    f"| {c['old_fam']:.3f} ± {c['old_fam_se']:.3f} "
                    f"| {c['new_fam']:.3f} ± {c['new_fam_se']:.3f} |",
                    flush=True,
                )
    print(f"{args.sims} datasets per cell; {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
