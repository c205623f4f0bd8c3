"""The data of a personal (N-of-1) crossover trial: daily ratings or per-pair differences.

Conventions (``nof1-methods.md``): arm ``A`` is the routine under test, ``B`` the comparator;
a pair difference is mean(A period) − mean(B period). ``None`` as an outcome is a missing day.
Everything here is pure: it validates and reshapes, it never reads files.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from unknot.errors import Problem, ValidationError

ARMS = ("A", "B")
K = TypeVar("K", bound=Hashable)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Day:
    """One scheduled day: its index, its arm, its rating (None = missing) and its pair."""

    day: int
    arm: str
    outcome: float | None
    pair: int
    adherent: bool | None = None


@dataclass(frozen=True)
class DailyTrial:
    """Scheduled days sorted by day index; build it with :func:`daily_trial`."""

    days: tuple[Day, ...]

    @property
    def has_adherence(self) -> bool:
        return any(d.adherent is not None for d in self.days)

    @property
    def n_observed(self) -> int:
        return sum(d.outcome is not None for d in self.days)


@dataclass(frozen=True)
class PairDifferences:
    """Only the per-pair differences d_k = mean(A) − mean(B) are known."""

    pairs: tuple[int, ...]
    diffs: tuple[float, ...]


@dataclass(frozen=True)
class Series:
    """The observed days as arrays, ready for the models."""

    day: IntArray
    x: FloatArray  # +1 on A days, −1 on B days
    y: FloatArray


def daily_trial(days: Iterable[Day]) -> DailyTrial:
    """Validate and sort the days; raise ValidationError listing every problem."""
    ordered = sorted(days, key=lambda d: d.day)
    problems = [*_value_problems(ordered), *_duplicate_problems(ordered)]
    if problems:
        raise ValidationError(
            f"The trial data has {len(problems)} problem(s).",
            hint="Each day needs a unique day number, arm A or B and a finite rating or blank.",
            problems=problems,
        )
    if not ordered:
        raise ValidationError("The trial data has no days.", hint="Add at least one daily row.")
    return DailyTrial(tuple(ordered))


def _value_problems(days: Sequence[Day]) -> list[Problem]:
    problems = []
    for d in days:
        where = f"day {d.day}"
        if d.arm not in ARMS:
            problems.append(Problem(f"arm {d.arm!r} is not A or B", where, "arm"))
        if d.outcome is not None and not math.isfinite(d.outcome):
            problems.append(
                Problem(f"rating {d.outcome!r} is not a finite number", where, "outcome")
            )
    return problems


def _duplicate_problems(days: Sequence[Day]) -> list[Problem]:
    seen: set[int] = set()
    problems = []
    for d in days:
        if d.day in seen:
            problems.append(Problem("this day appears more than once", f"day {d.day}", "day"))
        seen.add(d.day)
    return problems


def pair_differences(pairs: Sequence[int], diffs: Sequence[float]) -> PairDifferences:
    """Validate per-pair differences (unique pair labels, finite values), sorted by pair."""
    problems = [
        Problem(f"difference {v!r} is not a finite number", f"pair {p}", "diff")
        for p, v in zip(pairs, diffs, strict=True)
        if not math.isfinite(v)
    ]
    if len(set(pairs)) != len(pairs):
        problems.append(Problem("a pair number appears more than once", "", "pair"))
    if problems:
        raise ValidationError("The pair differences have problems.", problems=problems)
    order = sorted(range(len(pairs)), key=lambda i: pairs[i])
    return PairDifferences(tuple(pairs[i] for i in order), tuple(float(diffs[i]) for i in order))


def observed_series(trial: DailyTrial, keep: Sequence[bool] | None = None) -> Series:
    """The observed days (optionally only those with ``keep`` true) as arrays."""
    chosen = [
        d for i, d in enumerate(trial.days) if d.outcome is not None and (keep is None or keep[i])
    ]
    return Series(
        day=np.array([d.day for d in chosen], dtype=np.int64),
        x=np.array([1.0 if d.arm == "A" else -1.0 for d in chosen], dtype=np.float64),
        y=np.array([d.outcome for d in chosen], dtype=np.float64),
    )


def differences_of(trial: DailyTrial) -> tuple[PairDifferences, list[int]]:
    """d_k per pair with both arms observed; also the pairs that lack one arm's ratings."""
    sums: dict[int, dict[str, list[float]]] = {}
    for d in trial.days:
        arms = sums.setdefault(d.pair, {"A": [], "B": []})
        if d.outcome is not None:
            arms[d.arm].append(d.outcome)
    complete = [p for p in sorted(sums) if sums[p]["A"] and sums[p]["B"]]
    incomplete = [p for p in sorted(sums) if p not in complete]
    diffs = [_mean(sums[p]["A"]) - _mean(sums[p]["B"]) for p in complete]
    return PairDifferences(tuple(complete), tuple(diffs)), incomplete


def _mean(values: list[float]) -> float:
    return math.fsum(values) / len(values)


def carryover_days(trial: DailyTrial) -> list[bool]:
    """True for the first day after each switch of arm (first 2 when the period has ≥ 14 days).

    Follows the carry-over indicators of the Schmid lab models used in PREEMPT
    (Kravitz et al., JAMA Intern Med 2018). A period is the days of one arm within one pair,
    so its length is right even when two periods of the same arm meet (…AB BA…); the very
    first run has no switch before it.
    """
    sizes: dict[tuple[int, str], int] = {}
    for d in trial.days:
        sizes[(d.pair, d.arm)] = sizes.get((d.pair, d.arm), 0) + 1
    flags = [False] * len(trial.days)
    for start, length in period_runs(trial)[1:]:
        first = trial.days[start]
        span = 2 if sizes[(first.pair, first.arm)] >= 14 else 1
        for i in range(start, start + min(span, length)):
            flags[i] = True
    return flags


def period_runs(trial: DailyTrial) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for i, d in enumerate(trial.days):
        if i and d.arm == trial.days[i - 1].arm:
            start, length = runs[-1]
            runs[-1] = (start, length + 1)
        else:
            runs.append((i, 1))
    return runs


def period_to_pair(periods: Sequence[K]) -> dict[K, int]:
    """Consecutive periods (in the order given) form pairs 1, 2, …: (1st, 2nd), (3rd, 4th)."""
    ordered = list(dict.fromkeys(periods))
    return {period: i // 2 + 1 for i, period in enumerate(ordered)}


def runs_as_periods(arms: Sequence[str]) -> list[int]:
    """Period numbers inferred from runs of the same arm, for data without pair or period."""
    periods: list[int] = []
    for i, arm in enumerate(arms):
        new = i == 0 or arm != arms[i - 1]
        periods.append((periods[-1] if periods else 0) + (1 if new else 0))
    return periods
