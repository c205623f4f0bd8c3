"""The core data model: bounds, duplicate pairs, pair structure and carry-over by calendar day."""

from __future__ import annotations

import pytest

from unknot.core.nof1.analysis import analyze
from unknot.core.nof1.data import Day, carryover_days, daily_trial, pair_differences
from unknot.errors import ValidationError


def _days(arms: str, first: int = 1, pair: int = 1, value: float = 4.0) -> list[Day]:
    return [Day(first + i, arm, value + i % 3, pair) for i, arm in enumerate(arms)]


def _problems(error: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str, str]]:
    return [(p.message, p.location, p.field) for p in error.value.problems]


@pytest.mark.parametrize(
    ("day", "message", "location", "field"),
    [
        (
            Day(99999999999999999999, "A", 3.0, 1),
            "the day is out of range: it must lie between -100000 and 100000",
            "day 99999999999999999999",
            "day",
        ),
        (
            Day(2, "A", 3.0, 100001),
            "the pair is out of range: it must lie between -100000 and 100000",
            "day 2",
            "pair",
        ),
        (
            Day(2, "A", 1e300, 1),
            "the rating is out of range: it must lie between -1000000 and 1000000",
            "day 2",
            "outcome",
        ),
    ],
)
def test_huge_days_pairs_and_ratings_are_problems_not_overflows(
    day: Day, message: str, location: str, field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        daily_trial([Day(1, "B", 3.0, 1), day])
    assert (message, location, field) in _problems(info)


def test_duplicate_pair_numbers_are_named() -> None:
    with pytest.raises(ValidationError) as info:
        pair_differences([1, 2, 2], [0.5, -1.0, 0.3])
    assert _problems(info) == [("this pair number appears more than once", "pair 2", "pair")]


def test_a_pair_with_two_runs_of_one_arm_is_an_error() -> None:
    with pytest.raises(ValidationError) as info:
        daily_trial(_days("AABBAA"))
    assert _problems(info) == [
        (
            "the pair is not one period of A and one period of B: its days run "
            "A (days 1–2), B (days 3–4), A (days 5–6)",
            "pair 1",
            "pair",
        )
    ]


def test_a_pair_with_one_arm_only_is_a_reported_warning() -> None:
    trial = daily_trial(
        _days("AAAABBBB") + _days("BBBBAAAA", 9, 2) + _days("AAAA", 17, 3, value=2.0)
    )
    result = analyze(trial)
    assert result.data["pairs_one_arm"] == [3]
    assert result.to_dict()["data"]["pairs_one_arm"] == [3]
    warning = [line for line in result.limitations if line.startswith("Warning: pair(s) 3")]
    assert warning == [
        "Warning: pair(s) 3 have days under only one arm in the data, not one period of A and "
        "one of B (a trial stopped early?). They count in the daily analyses but are left out "
        "of the pair-level tests."
    ]


def test_carryover_flags_go_by_day_when_the_switch_day_is_absent() -> None:
    """Day 8 (the first B day) has no row: day 9 is the second day after the switch."""
    days = _days("AAAAAAA") + _days("BBBBBB", first=9)
    assert [d.day for d, f in zip(days, carryover_days(daily_trial(days)), strict=True) if f] == []


def test_carryover_with_14_day_periods_flags_by_day_when_the_switch_day_is_absent() -> None:
    """Day 15 has no row: of the two carry-over days 15 and 16 only 16 is there (not 16, 17)."""
    days = _days("A" * 14) + _days("B" * 14, first=16)
    flagged = [d.day for d, f in zip(days, carryover_days(daily_trial(days)), strict=True) if f]
    assert flagged == [16]


def test_carryover_with_14_day_periods_flags_the_first_two_days() -> None:
    days = _days("A" * 14) + _days("B" * 14, first=15)
    flagged = [d.day for d, f in zip(days, carryover_days(daily_trial(days)), strict=True) if f]
    assert flagged == [15, 16]


def test_periods_are_runs_of_arm_within_a_pair() -> None:
    """In AB BA the middle BB run is two periods (one of each pair), not one."""
    trial = daily_trial(_days("AAABBB") + _days("BBBAAA", 7, 2))
    periods = analyze(trial).data["periods"]
    assert [(p["pair"], p["arm"], p["days"]) for p in periods] == [
        (1, "A", 3),
        (1, "B", 3),
        (2, "B", 3),
        (2, "A", 3),
    ]
