"""The data of a personal (N-of-1) crossover trial: daily ratings or per-pair differences.

Conventions (``nof1-methods.md``): arm ``A`` is the routine under test, ``B`` the comparator;
a pair difference is mean(A period) − mean(B period). ``None`` as an outcome is a missing day.
Everything here is pure: it validates and reshapes, it never reads files.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from unknot.errors import Problem, ValidationError

ARMS = ("A", "B")
MAX_INDEX = 100_000  # largest |day| and |pair| number accepted
MAX_OUTCOME = 1e6  # largest |rating| and |pair difference| accepted
K = TypeVar("K", bound=Hashable)
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Day:
    """One scheduled day: its index, its arm, its rating (None = missing) and its pair.

    ``carryover`` is for a caller that knows its schedule better than the day numbers do (a
    personal trial whose paused calendar days lie between its trial days): True or False there
    decides the day's carry-over flag; None (outside data) leaves it to :func:`carryover_days`.
    """

    day: int
    arm: str
    outcome: float | None
    pair: int
    adherent: bool | None = None
    carryover: bool | None = None


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
    if not problems:
        problems = _structure_problems(ordered)
    if problems:
        raise ValidationError(
            f"The trial data has {len(problems)} problem(s).",
            hint="Each day needs a unique day number, arm A or B and a finite rating or blank; "
            "each pair one period of A and one period of B.",
            problems=problems,
        )
    if not ordered:
        raise ValidationError("The trial data has no days.", hint="Add at least one daily row.")
    return DailyTrial(tuple(ordered))


def _value_problems(days: Sequence[Day]) -> list[Problem]:
    problems = []
    for d in days:
        where = f"day {d.day}"
        if abs(d.day) > MAX_INDEX:
            problems.append(Problem(_out_of_range("day", MAX_INDEX), where, "day"))
        if abs(d.pair) > MAX_INDEX:
            problems.append(Problem(_out_of_range("pair", MAX_INDEX), where, "pair"))
        if d.arm not in ARMS:
            problems.append(Problem(f"arm {d.arm!r} is not A or B", where, "arm"))
        if d.outcome is not None and not math.isfinite(d.outcome):
            problems.append(
                Problem(f"rating {d.outcome!r} is not a finite number", where, "outcome")
            )
        elif d.outcome is not None and abs(d.outcome) > MAX_OUTCOME:
            problems.append(Problem(_out_of_range("rating", MAX_OUTCOME), where, "outcome"))
    return problems


def _out_of_range(what: str, bound: float) -> str:
    return f"the {what} is out of range: it must lie between -{bound:.0f} and {bound:.0f}"


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
    problems = []
    seen: set[int] = set()
    for p, v in zip(pairs, diffs, strict=True):
        if abs(p) > MAX_INDEX:
            problems.append(Problem(_out_of_range("pair", MAX_INDEX), f"pair {p}", "pair"))
        if not math.isfinite(v):
            message = f"difference {v!r} is not a finite number"
            problems.append(Problem(message, f"pair {p}", "diff"))
        elif abs(v) > MAX_OUTCOME:
            problems.append(Problem(_out_of_range("difference", MAX_OUTCOME), f"pair {p}", "diff"))
        if p in seen:
            problems.append(Problem("this pair number appears more than once", f"pair {p}", "pair"))
        seen.add(p)
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
    (Kravitz et al., JAMA Intern Med 2018). Flags go by calendar day, not by row: the switch
    day is the day after the previous period's last listed day, and the days flagged are the
    switch day and, when the new period is planned to last 14 days or more (from the switch
    day to its last listed day), the day after it — whichever of them are in the data. A day
    absent from the data is taken to belong to the period before it (list missing days with a
    blank rating to keep the schedule exact). A period is the days of one arm within one pair,
    so two periods of the same arm that meet (…AB BA…) have no switch between them, and the
    very first period has no switch before it. A day whose ``carryover`` is set keeps that flag.
    """
    flags = [False] * len(trial.days)
    runs = period_runs(trial)
    for (p_start, p_length), (start, length) in itertools.pairwise(runs):
        before, first = trial.days[p_start + p_length - 1], trial.days[start]
        if first.arm == before.arm:
            continue
        switch = before.day + 1
        planned = trial.days[start + length - 1].day - switch + 1
        span = 2 if planned >= 14 else 1
        for i in range(start, start + length):
            flags[i] = trial.days[i].day < switch + span
    return [
        f if d.carryover is None else d.carryover for d, f in zip(trial.days, flags, strict=True)
    ]


def period_runs(trial: DailyTrial) -> list[tuple[int, int]]:
    """(start index, length) of each period: a run of days with the same arm and pair."""
    return runs_of([(d.pair, d.arm) for d in trial.days])


def runs_of(keys: Sequence[K]) -> list[tuple[int, int]]:
    """(start index, length) of each run of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        if i and key == keys[i - 1]:
            start, length = runs[-1]
            runs[-1] = (start, length + 1)
        else:
            runs.append((i, 1))
    return runs


def mixed_pairs(pairs: Sequence[int], arms: Sequence[str]) -> dict[int, list[tuple[str, int, int]]]:
    """Pairs that are not one period of A and one of B, from days given in day order.

    Returns pair → its periods as (arm, start index, length), only for pairs with more than
    one period under the same arm (e.g. A B A, or A days interrupted by another pair). A pair
    with days under one arm only is not listed: see :func:`one_arm_pairs`.
    """
    periods: dict[int, list[tuple[str, int, int]]] = {}
    for start, length in runs_of(list(zip(pairs, arms, strict=True))):
        periods.setdefault(pairs[start], []).append((arms[start], start, length))
    return {
        pair: runs
        for pair, runs in periods.items()
        if max(sum(r[0] == arm for r in runs) for arm in ARMS) > 1
    }


def one_arm_pairs(trial: DailyTrial) -> list[int]:
    """Pairs with days (rated or not) under only one arm, e.g. when a trial stopped early."""
    arms: dict[int, set[str]] = {}
    for d in trial.days:
        arms.setdefault(d.pair, set()).add(d.arm)
    return sorted(p for p, found in arms.items() if len(found) < 2)


def _structure_problems(days: Sequence[Day]) -> list[Problem]:
    mixed = mixed_pairs([d.pair for d in days], [d.arm for d in days])
    return [
        Problem(
            "the pair is not one period of A and one period of B: its days run "
            + ", ".join(f"{arm} (days {days[s].day}–{days[s + n - 1].day})" for arm, s, n in runs),
            f"pair {pair}",
            "pair",
        )
        for pair, runs in mixed.items()
    ]


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
